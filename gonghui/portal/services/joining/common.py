"""Checks shared by join applications and member requests: the union chosen, and free text
and code-list values."""

from gonghui.core.errors import ApplicationError
from gonghui.orgs.models import Org
from gonghui.portal.selectors import FALLBACK_TYPES
from gonghui.portal.services.joining.messages import (
    CODE_INVALID,
    FALLBACK_WRONG_TYPE,
    TOO_LONG,
    UNION_CLOSED,
    UNION_NOT_HOLDING,
)


def _check_union(org: Org, *, fallback: bool) -> None:
    if not org.is_active:
        raise ApplicationError(UNION_CLOSED.format(name=org.name), field="org")
    if not org.holds_members:
        raise ApplicationError(UNION_NOT_HOLDING.format(name=org.name), field="org")
    if fallback and org.org_type not in FALLBACK_TYPES:
        raise ApplicationError(FALLBACK_WRONG_TYPE, field="org")


def _clean_text(value: str, *, label: str, field: str, n: int) -> str:
    value = (value or "").strip()
    if len(value) > n:
        raise ApplicationError(TOO_LONG.format(label=label, n=n), field=field)
    return value


def _clean_code(value: str, choices, *, label: str, field: str) -> str:
    value = (value or "").strip()
    if value and value not in dict(choices):
        raise ApplicationError(CODE_INVALID.format(label=label), field=field)
    return value
