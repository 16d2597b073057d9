from gonghui.competitions.studios import audit_actions as _studios  # noqa: F401
