from gonghui.honors.care import metrics as _care_metrics  # noqa: F401
