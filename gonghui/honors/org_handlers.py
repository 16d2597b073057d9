from gonghui.honors.care import org_handlers as _care_org_handlers  # noqa: F401
