from django import forms

from gonghui.audit.registry import LABELS
from gonghui.core.forms import WorkbenchForm


def action_choices() -> list[tuple[str, str]]:
    # Read when the form is built: apps declare their actions in `ready()`.
    return [("", "全部操作"), *sorted(LABELS.items())]


class AuditFilterForm(WorkbenchForm):
    action = forms.ChoiceField(label="操作", required=False, choices=action_choices)
    username = forms.CharField(label="账号", required=False, max_length=150)
