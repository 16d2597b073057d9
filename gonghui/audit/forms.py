from django import forms

from gonghui.audit.actions import ACTION_LABELS
from gonghui.core.forms import WorkbenchForm


class AuditFilterForm(WorkbenchForm):
    action = forms.ChoiceField(
        label="操作", required=False, choices=[("", "全部操作"), *ACTION_LABELS.items()]
    )
    username = forms.CharField(label="账号", required=False, max_length=150)
