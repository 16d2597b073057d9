"""The audit vocabulary: every action code an app writes, its Chinese label, and how the values
of its changed fields read.

Each app declares its actions in its own `audit_actions.py` (found by `AuditConfig.ready()`, as
the admin finds `admin.py`); this module knows no app. `audit_record` refuses, in tests, an
action nobody declared (setting `AUDIT_ACTIONS_STRICT`), so a new use case cannot write a code
auditors would have to decipher.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Choices

from gonghui.core.masking import mask_id_number, mask_phone

YES, NO, EMPTY = "是", "否", "—"
LIST_SEPARATOR = "、"
CHANGE_ARROW = " → "


@dataclass(frozen=True)
class Field:
    """How one key of `AuditLog.changes` reads: its label, the code list its values come from
    (or, for what a code list cannot say, a function of one value), and whether the value is a
    `[before, after]` pair."""

    label: str = ""
    choices: Mapping[str, str] = field(default_factory=dict)
    change: bool = False
    render: Callable[[Any], Any] | None = None


def codes(choices: type[Choices] | Iterable[tuple[Any, str]]) -> dict[str, str]:
    """A code list (`TextChoices` or `(code, label)` pairs) as code → label."""
    pairs = choices.choices if isinstance(choices, type) else choices
    return {str(code): str(label) for code, label in pairs}


def coded(label: str, choices, *, change: bool = False) -> Field:
    return Field(label=label, choices=codes(choices), change=change)


@dataclass(frozen=True)
class AuditAction:
    code: str
    label: str
    fields: Mapping[str, Field] = field(default_factory=dict)


# The live registry; `ACTION_LABELS` (gonghui.audit.actions) is this very dict.
ACTIONS: dict[str, AuditAction] = {}
LABELS: dict[str, str] = {}
# Keys that read the same under every action (「原因」), declared by any app.
COMMON_FIELDS: dict[str, Field] = {}
# code → the name of the app that declared it (the action filter groups by it).
GROUPS: dict[str, str] = {}
_declaring: list[str] = []
OTHER_GROUP = "其他"


@dataclass(frozen=True)
class ObjectPage:
    """The workbench page of one object an audit row names: `url_name` reversed with the
    object's `arg` (its pk, or a case's number)."""

    url_name: str
    arg: str = "pk"


# model name (as `AuditLog.object_type` stores it) → its page.
OBJECT_PAGES: dict[str, ObjectPage] = {}


class UnregisteredAuditAction(LookupError):
    pass


def register_actions(
    actions: Mapping[str, str] | Iterable[AuditAction], *, fields: Mapping[str, Field] = None
) -> None:
    """Declare actions: `{code: label}` or `AuditAction`s. `fields` apply to every action of
    this call (an action's own `fields` win)."""
    items = (
        [AuditAction(code, label) for code, label in actions.items()]
        if isinstance(actions, Mapping)
        else list(actions)
    )
    for action in items:
        merged = {**(fields or {}), **action.fields}
        known = ACTIONS.get(action.code)
        if known is not None and known.label != action.label:
            raise ValueError(f"audit action {action.code!r} declared twice with two labels")
        ACTIONS[action.code] = AuditAction(action.code, action.label, merged)
        LABELS[action.code] = action.label
        if _declaring:
            GROUPS.setdefault(action.code, _declaring[-1])


@contextmanager
def declaring(group: str) -> Iterator[None]:
    """Actions registered inside are listed under `group` (an app's name): used by
    `AuditConfig.ready()` around each app's `audit_actions.py`."""
    _declaring.append(group)
    try:
        yield
    finally:
        _declaring.pop()


def grouped_actions() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every declared action as (group, [(code, label), …]), groups in the order the apps
    declared them, actions by code within each."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code in ACTIONS:
        groups.setdefault(GROUPS.get(code, OTHER_GROUP), [])
    for code, label in sorted(LABELS.items()):
        groups[GROUPS.get(code, OTHER_GROUP)].append((code, label))
    return list(groups.items())


def register_object_page(model: str, url_name: str, *, arg: str = "pk") -> None:
    """Declare the page of a model's objects (`"members.Member"`, `"members:detail"`): an audit
    row's detail page links its object there, for auditors whose subtree holds the row."""
    OBJECT_PAGES[model.rsplit(".", 1)[-1].lower()] = ObjectPage(url_name, arg)


def register_fields(fields: Mapping[str, Field]) -> None:
    COMMON_FIELDS.update(fields)


def is_registered(code: str) -> bool:
    return code in ACTIONS


def action_label(code: str) -> str:
    """The Chinese name of an action; an unknown code (an old row) shows itself."""
    return LABELS.get(code, code)


def _field(code: str, key: str) -> Field:
    action = ACTIONS.get(code)
    if action is not None and key in action.fields:
        return action.fields[key]
    return COMMON_FIELDS.get(key, Field())


def render_value(value: Any, spec: Field = Field()) -> str:
    """One stored value as an auditor reads it: codes by their label, booleans as 是/否,
    lists joined with 、, a `[before, after]` pair with an arrow."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, list | tuple):
        if spec.change and len(value) == 2:
            one = Field(choices=spec.choices, render=spec.render)
            return CHANGE_ARROW.join(render_value(v, one) for v in value)
        return LIST_SEPARATOR.join(render_value(v, spec) for v in value) or EMPTY
    if isinstance(value, dict):
        return "；".join(f"{k}：{render_value(v, spec)}" for k, v in value.items())
    if spec.render is not None:
        return render_value(spec.render(value), Field())
    return spec.choices.get(str(value), str(value))


def masked(key: str, value: Any) -> Any:
    """A value under a personal key (`id_number`, `phone`, `household.id_number`, …) masked
    again: services store them masked already; the log never shows one in full even if not."""
    name = key.rsplit(".", 1)[-1]
    if name.endswith("id_number"):
        mask = mask_id_number
    elif name.endswith("phone"):
        mask = mask_phone
    else:
        return value
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, list | tuple):
        return [mask(v) if isinstance(v, str) else v for v in value]
    return value


def change_rows(
    code: str, changes: Mapping[str, Any] | None, *, labels: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    """The changed fields of one row, as (label, value) for the page and its export. A key
    the vocabulary does not name reads by `labels` (the object's model's verbose names)."""
    rows = []
    for key, value in (changes or {}).items():
        spec = _field(code, key)
        label = spec.label or (labels or {}).get(key) or key
        rows.append((label, render_value(masked(key, value), spec)))
    return rows
