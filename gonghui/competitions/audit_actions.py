from gonghui.competitions.quiz import audit_actions as _quiz  # noqa: F401
