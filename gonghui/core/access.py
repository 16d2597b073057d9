"""One way to reach an object named in a URL, behind the 404 rule.

An object outside the caller's subtree answers exactly as a missing one: the same NotFound with
the same message, so that sequential ids cannot be probed for what exists elsewhere in the
province. The out-of-scope attempt is recorded as one refusal (`access.denied`) by the recorder
the audit app registers (core knows no app, so it cannot write the row itself). The refusal
names the object by type and id only, and the org it belongs to: whose auditors may see it.

Each app keeps its own `access_<entity>_by_id(user, id)`, built on `access_in_scope` with a
queryset already scoped to the user.
"""

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Model, QuerySet

from gonghui.core.errors import NotFound

M = TypeVar("M", bound=Model)


class DenialRecorder(Protocol):
    def __call__(self, *, actor, obj: Model, org) -> None: ...


_recorder: DenialRecorder | None = None


def record_denials_with(recorder: DenialRecorder) -> None:
    """Called once by the audit app when Django starts."""
    global _recorder
    _recorder = recorder


def record_denial(*, actor, obj: Model, org) -> None:
    """Record that `actor` reached for `obj` (of `org`'s subtree) outside his scope."""
    if _recorder is None:
        raise ImproperlyConfigured("No recorder of refused accesses: is gonghui.audit installed?")
    _recorder(actor=actor, obj=obj, org=org)


def access_in_scope(
    scoped: QuerySet[M],
    *,
    actor,
    message: str,
    org_of: Callable[[M], Any],
    within: dict[str, Any] | None = None,
    **lookup: Any,
) -> M:
    """The object of `scoped` (already limited to what `actor` may see) matching `lookup`.

    Missing, malformed or out of scope: the same `NotFound(message)`. When the object exists
    outside `scoped`, the refusal is recorded against `org_of(obj)`, the org whose subtree the
    object belongs to. `within` names the parent a child object is addressed under (a photo
    under its site, `{"site": site}`): another parent's child answers as missing too, and is
    recorded as a refusal when that parent lies outside the scope.
    """
    within = within or {}
    try:
        obj = scoped.filter(**lookup, **within).first()
    except (ValueError, TypeError, ValidationError):
        raise NotFound(message) from None
    if obj is not None:
        return obj
    if within and scoped.filter(**lookup).exists():
        raise NotFound(message)  # in scope, under another parent of the user's own
    target = scoped.model._default_manager.filter(**lookup).first()
    if target is not None:
        record_denial(actor=actor, obj=target, org=org_of(target))
    raise NotFound(message)
