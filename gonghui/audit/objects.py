"""The objects audit rows name, resolved at run time through Django's app registry: the audit
app sits below every app that writes to it, so it names none of their models. A row keeps its
object's model name (`AuditLog.object_type`: "member", "case"); here it reads by the model's
verbose name, its keys by the model's field names, and it links to the page an app declared
(`registry.register_object_page`)."""

from functools import cache

from django.apps import apps
from django.db.models import Model
from django.urls import NoReverseMatch, reverse

from gonghui.audit.registry import OBJECT_PAGES

PROJECT = "gonghui."


@cache
def models_by_name() -> dict[str, type[Model]]:
    return {model._meta.model_name: model for model in apps.get_models()}


def model_of(object_type: str) -> type[Model] | None:
    return models_by_name().get(object_type)


def object_type_label(object_type: str) -> str:
    model = model_of(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


@cache
def object_type_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The project's models by app, as the object-type filter offers them."""
    groups = []
    for config in apps.get_app_configs():
        if not config.name.startswith(PROJECT):
            continue
        models = [(m._meta.model_name, str(m._meta.verbose_name)) for m in config.get_models()]
        if models:
            groups.append((str(config.verbose_name), models))
    return groups


def field_labels(object_type: str) -> dict[str, str]:
    """The verbose names of the object's model's fields, by field name and column name."""
    model = model_of(object_type)
    if model is None:
        return {}
    labels = {}
    for field in model._meta.concrete_fields:
        labels[field.name] = labels[field.attname] = str(field.verbose_name)
    return labels


def object_url(object_type: str, object_id: str) -> str:
    """The page of the object, if its app declared one and the object still exists: "" if
    not. At most one query (when the page is addressed by something other than the pk)."""
    page = OBJECT_PAGES.get(object_type)
    model = model_of(object_type)
    if page is None or model is None or not object_id:
        return ""
    value = object_id
    if page.arg != "pk":
        try:
            value = (
                model._default_manager.filter(pk=object_id).values_list(page.arg, flat=True).first()
            )
        except (ValueError, TypeError):
            value = None
        if value is None:
            return ""
    try:
        return reverse(page.url_name, args=[value])
    except NoReverseMatch:
        return ""
