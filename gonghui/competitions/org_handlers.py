from gonghui.competitions.studios import org_handlers as _studios  # noqa: F401
