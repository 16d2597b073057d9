from gonghui.competitions.quiz import permissions as _quiz  # noqa: F401
