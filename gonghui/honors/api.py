from gonghui.honors.care.api import router as router  # noqa: PLC0414
