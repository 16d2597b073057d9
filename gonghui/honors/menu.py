from gonghui.honors.care import menu as _care_menu  # noqa: F401
