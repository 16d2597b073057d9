from gonghui.competitions.studios import metrics as _studios  # noqa: F401
