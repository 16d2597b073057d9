from gonghui.honors.care import import_kinds as _care_import_kinds  # noqa: F401
