"""Intake by an agent, the scoped case list and one case with its timeline, and how a case is
shown (caller data masked)."""

from django.conf import settings
from django.utils import timezone
from ninja import Query, Status

from gonghui.accounts.api import require
from gonghui.accounts.permissions import Perm
from gonghui.core.cleaning import code_of
from gonghui.core.paging import page_of
from gonghui.hotline import services
from gonghui.hotline.api.common import CaseNumber, _county_by_code, router
from gonghui.hotline.codes import CaseStatus
from gonghui.hotline.models import Case, CaseEvent
from gonghui.hotline.schemas import CaseCreatedOut, CaseIn, CaseOut, CasePage
from gonghui.hotline.selectors import access_case_by_number, case_list, case_timeline
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import access_org_by_id


def _person(user) -> str:
    if user is None:
        return ""
    return user.full_name or user.get_username()


def _name(org: Org | None) -> str:
    return org.name if org is not None else ""


def _summary(case: Case, now) -> dict:
    return {
        "number": case.number,
        "status": case.status,
        "status_label": case.get_status_display(),
        "channel": case.channel,
        "kind": case.kind,
        "category": case.category,
        "complexity": case.complexity,
        "received_at": case.received_at,
        "deadline": case.deadline,
        "overdue": case.is_overdue(now),
        "holder_id": case.holder_id,
        "holder_name": case.holder.name,
        "supervised": case.supervised,
        "reopen_count": case.reopen_count,
        "version": case.version,
    }


def _event_out(event: CaseEvent) -> dict:
    return {
        "at": event.at,
        "action": event.action,
        "action_label": event.get_action_display(),
        "actor": _person(event.actor),
        "actor_org": _name(event.actor_org),
        "from_org": _name(event.from_org),
        "to_org": _name(event.to_org),
        "note": event.note,
        "data": event.data,
    }


def _case_out(case: Case) -> dict:
    """The case read afresh (a service hands back its locked row, without the county)."""
    case = Case.objects.select_related("holder", "handler", "county").get(pk=case.pk)
    return {
        **_summary(case, timezone.now()),
        "caller_name": case.caller_name_masked,
        "caller_phone": case.caller_phone_masked,
        "id_number": case.caller_id_number_masked,
        "member_linked": case.member_id is not None,
        "employer": case.employer,
        "county_id": case.county_id,
        "county_name": _name(case.county),
        "description": case.description,
        "workers_affected": case.workers_affected,
        "amount_involved": case.amount_involved,
        "handler": _person(case.handler),
        "dispatched_at": case.dispatched_at,
        "accepted_at": case.accepted_at,
        "closed_at": case.closed_at,
        "dispatch_in_time": case.dispatch_in_time,
        "accept_in_time": case.accept_in_time,
        "result": case.result,
        "result_reason": case.result_reason,
        "outcome": case.outcome,
        "money_recovered": case.money_recovered,
        "workers_benefited": case.workers_benefited,
        "lawyer": case.lawyer_name,
        "rating": case.rating,
        "rating_comment": case.rating_comment,
        "callback_at": case.callback_at,
        "supervise_count": case.supervise_count,
        "timeline": [_event_out(e) for e in case_timeline(case)],
    }


@router.post("/cases", response={201: CaseCreatedOut}, summary="热线工单登记")
@require(Perm.HOTLINE_AGENT)
def cases_create(request, payload: CaseIn):
    """接听登记 by a 12351 agent. The case waits at the call centre for dispatch; `deadline`
    follows from `complexity`, `category` and the working-day calendar."""
    data = payload.model_dump(exclude={"county_code"})
    case = services.case_intake(
        actor=request.user, county=_county_by_code(payload.county_code), **data
    )
    return Status(
        201,
        {
            "number": case.number,
            "status": case.status,
            "deadline": case.deadline,
            "version": case.version,
        },
    )


@router.get("/cases", response=CasePage, summary="热线工单列表")
@require(Perm.HOTLINE_VIEW)
def cases_list(
    request,
    status: code_of(CaseStatus, blank=True, check=True) = "",
    overdue: bool | None = None,
    org: int | None = None,
    page: int = Query(1, ge=1),
):
    """Cases held in the caller's subtree (an agent: the whole call centre), newest receipt
    first. `status`: one status; `overdue`: true for open cases past their deadline, false for
    the rest; `org`: only cases held in that union's subtree."""
    org_obj = access_org_by_id(request.user, org) if org is not None else None
    now = timezone.now()
    cases = case_list(user=request.user, status=status, overdue=overdue, org=org_obj, now=now)
    one_page = page_of(cases, page=page, size=settings.HOTLINE_PAGE_SIZE)
    return {"items": [_summary(c, now) for c in one_page], "count": one_page.paginator.count}


@router.get("/cases/{number}", response=CaseOut, summary="热线工单详情")
@require(Perm.HOTLINE_VIEW)
def cases_detail(request, number: CaseNumber):
    """The case with caller data masked, and its timeline."""
    return _case_out(access_case_by_number(request.user, number))
