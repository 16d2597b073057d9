"""Reads of 12351 cases, always scoped to the user.

A union's staff see the cases held by their org or below it. The call centre's agents see every
case of their centre: they dispatch the queue, call back closed cases and answer callers asking
about any case.
"""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.accounts.permissions import Perm
from gonghui.audit.models import AuditResult
from gonghui.audit.services import audit_record
from gonghui.core.errors import NotFound
from gonghui.hotline.codes import OPEN_STATUSES
from gonghui.hotline.models import Case, CaseEvent
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import NO_SCOPE, org_scope_path

CASE_NOT_FOUND = "找不到该工单，或您无权查看。"


def call_centre_of(org: Org | None) -> Org:
    """The provincial call centre that takes the calls for `org`: the root of its tree. Cases
    wait there before dispatch and come back there when returned."""
    if org is None:
        return Org.objects.get_first_root_node()
    return Org.objects.get(path=org.path[: Org.steplen])


def is_agent_for(user, org: Org | None) -> bool:
    """Whether `user` is a 12351 agent of the call centre over `org` (of any centre if None)."""
    if user is None or not user.has_perm(Perm.HOTLINE_AGENT):
        return False
    scope = org_scope_path(user)
    if org is None:
        return scope != NO_SCOPE
    return org.path.startswith(scope[: Org.steplen])


def _visible(user) -> Q:
    path = org_scope_path(user)
    if is_agent_for(user, None):
        path = path[: Org.steplen]
    return Q(holder__path__startswith=path)


def _overdue(now: datetime) -> Q:
    return Q(status__in=OPEN_STATUSES, deadline__lt=now)


def case_list(
    *,
    user,
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


def access_case_by_number(user, number: str) -> Case:
    """The case if the user may see it; the same NotFound whether missing or out of scope,
    and an out-of-scope attempt is audited."""
    case = (
        Case.objects.select_related("holder", "handler", "county")
        .filter(number=(number or "").strip())
        .first()
    )
    if case is None:
        raise NotFound(CASE_NOT_FOUND)
    if not case_list(user=user).filter(pk=case.pk).exists():
        audit_record(
            actor=user, action="access.denied", obj=case, org=case.holder, result=AuditResult.DENIED
        )
        raise NotFound(CASE_NOT_FOUND)
    return case


def case_timeline(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor", "actor_org", "from_org", "to_org")


def due_within_one_working_day(*, user, now: datetime | None = None) -> QuerySet[Case]:
    """Open cases not yet late that are due by the end of the next working day."""
    from gonghui.workcalendar.selectors import end_of_day, next_working_day

    now = now or timezone.now()
    horizon = end_of_day(next_working_day(timezone.localdate(now)))
    return (
        case_list(user=user)
        .filter(status__in=OPEN_STATUSES, deadline__gte=now, deadline__lte=horizon)
        .order_by("deadline", "id")
    )


def overdue(*, user, now: datetime | None = None) -> QuerySet[Case]:
    """Open cases past their deadline, the longest overdue first."""
    return case_list(user=user, overdue=True, now=now).order_by("deadline", "id")
