from django import forms

from gonghui.core.forms import WorkbenchForm

DATE_RANGE_REVERSED = "开始日期不能晚于结束日期，请改正后再查询。"


class AuditFilterForm(WorkbenchForm):
    """The form of `filters.AuditLogFilter`: its fields come from the FilterSet."""

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", DATE_RANGE_REVERSED)
        return data


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")
