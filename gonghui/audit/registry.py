"""The audit vocabulary: every action code an app writes, its Chinese label, and how the values
of its changed fields read.

Each app declares its actions in its own `audit_actions.py` (found by `AuditConfig.ready()`, as
the admin finds `admin.py`); this module knows no app. `audit_record` refuses, in tests, an
action nobody declared (setting `AUDIT_ACTIONS_STRICT`), so a new use case cannot write a code
auditors would have to decipher.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Choices

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


def change_rows(code: str, changes: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """The changed fields of one row, as (label, value) for the page and its export."""
    rows = []
    for key, value in (changes or {}).items():
        spec = _field(code, key)
        rows.append((spec.label or key, render_value(value, spec)))
    return rows
