from gonghui.competitions.studios import menu as _studios  # noqa: F401
