from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models.fields import BLANK_CHOICE_DASH
from django.http import HttpRequest, HttpResponse

from gonghui.core.cleaning import validate_line, validate_text
from gonghui.core.errors import ApplicationError, Forbidden

_DJANGO_REQUIRED = forms.Field.default_error_messages["required"]
_DASHES = BLANK_CHOICE_DASH[0][1]


def clean_text_fields(form: forms.BaseForm) -> None:
    """Refuse control characters in every text field of `form` (core.cleaning): a text area
    keeps tab and line breaks, any other text field is one line. Django's own check refuses
    only NUL, with an English-looking message."""
    for field in form.fields.values():
        if not isinstance(field, forms.CharField):
            continue
        multiline = isinstance(field.widget, forms.Textarea)
        validator = validate_text if multiline else validate_line
        field.validators = [
            v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        if validator not in field.validators:
            field.validators.append(validator)


class CleanTextForm(forms.Form):
    """A plain form whose text fields are cleaned like every other (portal filters, rows)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)


class WorkbenchForm(CleanTextForm):
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


NOT_SUBMITTED = object()


def submit(form: forms.Form, service: Callable[..., Any], **kwargs: Any) -> tuple[Any, int]:
    """Validate a bound `form` and call `service(**kwargs, **form.cleaned_data)`.

    Returns (result, 200) on success; (NOT_SUBMITTED, 400) for an invalid form; and for a
    service refusal (NOT_SUBMITTED, its status), the message shown on the form. Forbidden
    propagates: the error middleware answers it (403, audited by the service)."""
    return submit_with(form, lambda data: service(**kwargs, **data))


def submit_with(form: forms.Form, call: Callable[[dict[str, Any]], Any]) -> tuple[Any, int]:
    """`submit` for a service whose arguments are not the form's fields one for one:
    `call(form.cleaned_data)` makes the call."""
    if not form.is_valid():
        return NOT_SUBMITTED, 400
    try:
        return call(form.cleaned_data), 200
    except Forbidden:
        raise
    except ApplicationError as exc:
        add_application_error(form, exc)
        return NOT_SUBMITTED, exc.status


def form_action(
    request: HttpRequest,
    form: forms.Form,
    call: Callable[[dict[str, Any]], Any],
    *,
    invalid: Callable[[int], HttpResponse],
    done: str | Callable[[Any], str],
    then: HttpResponse | Callable[[Any], HttpResponse],
) -> HttpResponse:
    """The POST of a form on an object's page: `call(form.cleaned_data)` makes the service call
    (see `submit_with`). When the form or the service refuses, `invalid(status)` re-renders the
    page with the errors (400, or the refusal's status). Otherwise `done` (a message, or a
    function of the result giving one) is shown and the answer is `then` (a response, or a
    function of the result giving one). Forbidden propagates."""
    result, status = submit_with(form, call)
    if result is NOT_SUBMITTED:
        return invalid(status)
    messages.success(request, done(result) if callable(done) else done)
    return then(result) if callable(then) else then


def attempt(request: HttpRequest, call: Callable[[], Any]) -> Any:
    """Run `call()` for an action without a form (a button): its result, or NOT_SUBMITTED
    after showing the service's refusal as an error message. Forbidden propagates."""
    try:
        return call()
    except Forbidden:
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return NOT_SUBMITTED
