from gonghui.competitions.studios import permissions as _studios  # noqa: F401
