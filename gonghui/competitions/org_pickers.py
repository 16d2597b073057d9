from gonghui.competitions.studios import org_pickers as _studios  # noqa: F401
