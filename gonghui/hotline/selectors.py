"""Reads of 12351 cases, always scoped to the user.

A union's staff see the cases held by their org or below it. The call centre's agents see every
case of their centre: they dispatch the queue, call back closed cases and answer callers asking
about any case.
"""

import hmac
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.core import crypto
from gonghui.core.access import access_in_scope
from gonghui.core.errors import NotFound
from gonghui.hotline.codes import OPEN_STATUSES, EventAction
from gonghui.hotline.models import Case, CaseAttachment, CaseEvent
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import NO_SCOPE, access_org_by_id, org_in_scope, org_scope_path

CASE_NOT_FOUND = "找不到该工单，或您无权查看。"
ATTACHMENT_NOT_FOUND = "找不到该附件，或您无权查看。"
LOOKUP_NOT_FOUND = "找不到该工单，请核对工单编号和联系电话后重试。"


def call_centre_of(org: Org | None) -> Org:
    """The provincial call centre that takes the calls for `org`: the root of its tree. Cases
    wait there before dispatch and come back there when returned."""
    if org is None:
        return Org.objects.get_first_root_node()
    return Org.objects.get(path=org.path[: Org.steplen])


def is_agent_for(user: User | None, org: Org | None) -> bool:
    """Whether `user` is a 12351 agent of the call centre over `org` (of any centre if None)."""
    if user is None or not user.has_perm(Perm.HOTLINE_AGENT):
        return False
    scope = org_scope_path(user)
    if org is None:
        return scope != NO_SCOPE
    return org.path.startswith(scope[: Org.steplen])


def _visible(user: User) -> Q:
    path = org_scope_path(user)
    if is_agent_for(user, None):
        path = path[: Org.steplen]
    return Q(holder__path__startswith=path)


def _overdue(now: datetime) -> Q:
    return Q(status__in=OPEN_STATUSES, deadline__lt=now)


def case_list(
    *,
    user: User,
    status: str = "",
    overdue: bool | None = None,
    org: Org | None = None,
    now: datetime | None = None,
) -> QuerySet[Case]:
    """Cases the user may see; `org` narrows to the cases held in that org's subtree."""
    qs = Case.objects.filter(_visible(user)).select_related("holder", "handler")
    if status:
        qs = qs.filter(status=status)
    if overdue is not None:
        late = _overdue(now or timezone.now())
        qs = qs.filter(late) if overdue else qs.exclude(late)
    if org is not None:
        qs = qs.filter(holder__path__startswith=org.path)
    return qs


def access_case_by_number(user: User, number: str) -> Case:
    """The case if the user may see it; the same NotFound whether missing or out of scope,
    and an out-of-scope attempt is audited."""
    return access_in_scope(
        case_list(user=user).select_related("county"),
        actor=user,
        message=CASE_NOT_FOUND,
        org_of=lambda case: case.holder,
        number=(number or "").strip(),
    )


def access_attachment(user: User, attachment_id, *, case: Case) -> CaseAttachment:
    """A file of `case` (already accessed by the user)."""
    return access_in_scope(
        CaseAttachment.objects.filter(case__in=case_list(user=user).values("pk")),
        actor=user,
        message=ATTACHMENT_NOT_FOUND,
        org_of=lambda attachment: attachment.case.holder,
        within={"case": case},
        pk=attachment_id,
    )


def case_timeline(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor", "actor_org", "from_org", "to_org")


def due_within_one_working_day(*, user: User, now: datetime | None = None) -> QuerySet[Case]:
    """Open cases not yet late that are due by the end of the next working day."""
    from gonghui.workcalendar.selectors import end_of_day, next_working_day

    now = now or timezone.now()
    horizon = end_of_day(next_working_day(timezone.localdate(now)))
    return (
        case_list(user=user)
        .filter(status__in=OPEN_STATUSES, deadline__gte=now, deadline__lte=horizon)
        .order_by("deadline", "id")
    )


def overdue(*, user: User, now: datetime | None = None) -> QuerySet[Case]:
    """Open cases past their deadline, the longest overdue first."""
    return case_list(user=user, overdue=True, now=now).order_by("deadline", "id")


def org_cases_overdue(*, user: User, org: Org) -> int:
    """Open cases held in the org's subtree whose deadline has passed, for its dashboard. Not a
    roll-up: a case turns overdue with time alone, so this is counted when read. An org
    already read in the user's scope (the dashboard's) is not read again."""
    if not org_in_scope(user, org):
        org = access_org_by_id(user, org.pk)
    return Case.objects.filter(
        holder__in=Org.objects.filter(path__startswith=org.path).values("pk"),
        status__in=OPEN_STATUSES,
        deadline__lt=timezone.now(),
    ).count()


# --- the caller's own view ------------------------------------------------------------------


def cases_of_caller(*, phone: str) -> QuerySet[Case]:
    """Every case given with this phone number (normalised as intake keeps it), through any
    channel, newest first. Only for a caller who proved the number is his (SMS)."""
    return (
        Case.objects.filter(caller_phone_hash__in=crypto.lookup_hashes(phone))
        .only("number", "status", "category", "channel", "received_at", "deadline", "closed_at")
        .order_by("-received_at", "-id")
    )


def access_case_of_caller(*, number: str, phone: str) -> Case:
    """The case numbered `number` if it was given with `phone` (normalised); the same NotFound
    for a wrong number and for a phone that does not match."""
    case = Case.objects.filter(number=(number or "").strip()).first()
    hashes = crypto.lookup_hashes(phone) if phone else [""]
    if case is None or not any(hmac.compare_digest(case.caller_phone_hash, h) for h in hashes):
        raise NotFound(LOOKUP_NOT_FOUND)
    return case


# Events whose `to_org` says where the case went.
_MOVES = {
    EventAction.INTAKE,
    EventAction.DISPATCH,
    EventAction.TRANSFER,
    EventAction.RETURN,
    EventAction.REOPEN,
}
CALLER_RATING_LABEL = "职工评价"


def case_public_timeline(case: Case) -> list[dict]:
    """The steps of a case as anyone holding its number and phone may see them: what, when, by
    which union, and where it went. No names, notes, reasons, outcomes or amounts: free text may
    name people, and whoever holds the number and phone may not be the caller."""
    events = case.events.select_related("actor_org", "to_org")
    return [
        {
            "at": e.at,
            "action": e.action,
            "action_label": (
                CALLER_RATING_LABEL
                if e.action == EventAction.CALLBACK and e.data.get("by") == "caller"
                else e.get_action_display()
            ),
            "org": e.actor_org.name if e.actor_org else "",
            "to_org": e.to_org.name if e.to_org and e.action in _MOVES else "",
        }
        for e in events
    ]
