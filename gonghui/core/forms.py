from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH

from gonghui.core.errors import ApplicationError

_DJANGO_REQUIRED = forms.Field.default_error_messages["required"]
_DASHES = BLANK_CHOICE_DASH[0][1]


class WorkbenchForm(forms.Form):
    """A form whose messages say what to do ("请填写姓名。") rather than Django's generic
    "这个字段是必填项。", and whose empty choices read "请选择"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            choosing = isinstance(field, forms.ChoiceField)
            if field.error_messages["required"] is _DJANGO_REQUIRED:
                verb = "选择" if choosing else "填写"
                field.error_messages["required"] = f"请{verb}{field.label}。"
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = "请选择"
            elif choosing and field.choices and field.choices[0] == ("", _DASHES):
                field.choices = [("", "请选择"), *field.choices[1:]]


def add_application_error(form: forms.Form, exc: ApplicationError) -> None:
    """Show a service's error beside the field it names, or above the form."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
