from gonghui.honors.care import audit_actions as _care_audit_actions  # noqa: F401
