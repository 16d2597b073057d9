from gonghui.competitions.studios import inbox_kinds as _studios  # noqa: F401
