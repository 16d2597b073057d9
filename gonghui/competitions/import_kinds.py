from gonghui.competitions.quiz import import_kinds as _quiz  # noqa: F401
