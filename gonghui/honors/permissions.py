from gonghui.honors.care import permissions as _care_permissions  # noqa: F401
