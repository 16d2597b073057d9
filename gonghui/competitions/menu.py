from gonghui.competitions.quiz import menu as _quiz  # noqa: F401
