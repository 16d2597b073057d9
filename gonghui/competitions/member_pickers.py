from gonghui.competitions.studios import member_pickers as _studios  # noqa: F401
