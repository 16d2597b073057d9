"""What every step of a case shares: the row lock, the version, state and permission checks,
the cleaning of typed values, and the timeline + audit record written with each change."""

import re
import unicodedata
from datetime import datetime

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.audit.services import audit_record, denial
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.hotline import metrics
from gonghui.hotline.deadlines import rule_terms
from gonghui.hotline.models import Case, CaseEvent
from gonghui.hotline.selectors import call_centre_of, is_agent_for
from gonghui.hotline.services.messages import (
    AGENT_ONLY,
    CALLER_PHONE_INVALID,
    CHOICE_REQUIRED,
    NO_PERMISSION,
    NOT_HOLDER,
    NUMBER_INVALID,
    STALE,
    TARGET_INACTIVE,
    TARGET_OTHER_CENTRE,
    TEXT_REQUIRED,
    TEXT_TOO_LONG,
    WRONG_STATUS,
)
from gonghui.members.idnumber import parse_phone
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope


class TooManyRequests(ApplicationError):
    status = 429
    code = "rate_limited"


_LANDLINE = re.compile(r"^0[1-9][0-9]{1,2}-?[0-9]{7,8}$")


# --- checks ---------------------------------------------------------------------------------


def _lock(case: Case) -> Case:
    # of=("self",): the holder org joined in is read, not locked.
    return Case.objects.select_for_update(of=("self",)).select_related("holder").get(pk=case.pk)


def _check_version(case: Case, expected_version: int | None) -> None:
    """None only where the state check alone settles a race (a second callback finds the case
    already called back)."""
    if expected_version is not None and case.version != expected_version:
        raise Conflict(STALE, code="stale")


def _check_status(case: Case, allowed, action: str) -> None:
    if case.status not in allowed:
        raise ApplicationError(
            WRONG_STATUS.format(status=case.get_status_display(), action=action),
            code="wrong_status",
        )


def _refuse(actor: User, case: Case, message: str) -> ApplicationError:
    return denial(
        Forbidden(message), actor=actor, action="access.denied", obj=case, org=case.holder
    )


def _require_holder(actor: User, case: Case, action: str, perm: str = Perm.HOTLINE_HANDLE) -> None:
    """The org holding the case, or one above it, acting through a user with `perm`."""
    if not actor.has_perm(perm):
        raise _refuse(actor, case, NO_PERMISSION.format(action=action))
    if not org_in_scope(actor, case.holder):
        raise _refuse(actor, case, NOT_HOLDER.format(holder=case.holder.name, action=action))


def _require_agent(actor: User, case: Case, action: str) -> None:
    if not is_agent_for(actor, case.holder):
        raise _refuse(actor, case, AGENT_ONLY.format(action=action))


def _text(value: str | None, label: str, field: str, *, max_length: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(TEXT_REQUIRED.format(label=label), field=field)
    if len(value) > max_length:
        raise ApplicationError(TEXT_TOO_LONG.format(label=label, n=max_length), field=field)
    return value


def _choice(value: str, choices, label: str, field: str) -> str:
    if value not in choices.values:
        raise ApplicationError(CHOICE_REQUIRED.format(label=label), field=field)
    return value


def _count(value, label: str, field: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0 or str(number) != str(value).strip():
        raise ApplicationError(NUMBER_INVALID.format(label=label), field=field)
    return number


def _caller_phone(raw: str) -> str:
    """A mobile number, or a fixed line with its area code (0931-8888888): callers of a
    hotline often ring from an office or a public phone."""
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", raw or ""))
    if _LANDLINE.match(text):
        return text.replace("-", "")
    try:
        return parse_phone(text)
    except ApplicationError:
        raise ApplicationError(CALLER_PHONE_INVALID, field="caller_phone") from None


def _check_target(case: Case, to_org: Org) -> None:
    if not to_org.is_active:
        raise ApplicationError(TARGET_INACTIVE.format(name=to_org.name), field="to_org")
    if not to_org.path.startswith(call_centre_of(case.holder).path):
        raise ApplicationError(TARGET_OTHER_CENTRE.format(name=to_org.name), field="to_org")


# --- records --------------------------------------------------------------------------------


def _save(case: Case, *fields: str, bump: bool = True) -> None:
    if bump:
        case.version += 1
        fields = (*fields, "version")
    counted = {"status", "holder"} & set(fields)
    before = metrics.stored_case_state(case.pk) if counted else None
    case.save(update_fields=[*fields, "updated_at"])
    if counted:
        metrics.stats_case_changed(before=before, after=case)


def _record(
    case: Case,
    action: str,
    *,
    actor: User | None,
    at: datetime,
    note: str = "",
    from_org: Org | None = None,
    to_org: Org | None = None,
    **data,
) -> CaseEvent:
    """One timeline row and its audit row. `data` must hold masked values only."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = CaseEvent.objects.create(
        case=case,
        at=at,
        actor=user,
        actor_org=getattr(user, "org", None),
        action=action,
        note=note,
        from_org=from_org,
        to_org=to_org,
        data=data,
    )
    changes = dict(data)
    if note:
        changes["note"] = note
    if from_org is not None:
        changes["from"] = from_org.name
    if to_org is not None:
        changes["to"] = to_org.name
    audit_record(actor=user, action=f"case.{action}", obj=case, org=case.holder, changes=changes)
    return event


def _terms(case: Case) -> dict:
    """The terms the case was received under (cases written before terms were kept: today's)."""
    return case.deadline_terms or rule_terms(case.complexity, case.category)
