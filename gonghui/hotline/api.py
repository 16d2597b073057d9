"""12351 hotline endpoints: intake, the case and its timeline, one operation per step of the
case (each calling its service), the scoped case list, and the callers' public look-up.

Every state-changing step takes the `version` the client last saw; if someone acted in between
the answer is 409 with the service's message and nothing changes. Notes and 督办 do not change
the version and take none.
"""

import re
from typing import Annotated

from django.conf import settings
from django.utils import timezone
from ninja import Path, Query, Router, Status

from gonghui.accounts.api import require
from gonghui.accounts.decorators import public
from gonghui.accounts.permissions import Perm
from gonghui.core.cleaning import Line, code_of
from gonghui.core.errors import ApplicationError
from gonghui.core.paging import page_of
from gonghui.hotline import services
from gonghui.hotline.caller_phone import case_caller_phone_reveal
from gonghui.hotline.callers import (
    lookup_case,
    online_attempt,
    request_ip,
)
from gonghui.hotline.codes import CaseStatus, Channel, Complexity, Rating
from gonghui.hotline.models import Case, CaseEvent
from gonghui.hotline.schemas import (
    CallbackIn,
    CallerPhoneOut,
    CaseCreatedOut,
    CaseIn,
    CaseOut,
    CasePage,
    CloseIn,
    DispatchIn,
    LookupIn,
    LookupOut,
    NoteIn,
    OnlineCaseCreatedOut,
    OnlineCaseIn,
    ReopenIn,
    ReturnIn,
    SuperviseIn,
    TransferIn,
    VersionIn,
)
from gonghui.hotline.selectors import (
    access_case_by_number,
    case_list,
    case_public_timeline,
    case_timeline,
)
from gonghui.orgs.models import Org, OrgStatus, OrgType
from gonghui.orgs.selectors import access_org_by_id

ORG_UNKNOWN = "找不到编号为 {id} 的工会组织，请核对后重新选择。"
COUNTY_CODE_INVALID = "单位所在地行政区划代码应为6位或12位数字。"
COUNTY_UNKNOWN = "找不到行政区划代码 {code} 对应的县区总工会，请核对后重新输入。"
ONLINE_RECEIVED = (
    "您的诉求已受理，工单编号 {number}。请记下工单编号，"
    "凭工单编号和您填写的联系电话即可查询办理进度。"
)

_DIVISION_CODE = re.compile(r"^[0-9]{6}([0-9]{6})?$")

router = Router(tags=["12351热线"])

# A case number in the path, e.g. 12351-20261013-0001.
CaseNumber = Annotated[Line, Path(max_length=40)]


# --- helpers --------------------------------------------------------------------------------


def _org_named(org_id: int, field: str) -> Org:
    """Any union by id: union names are public across the province, and the services refuse a
    target outside the call centre's tree or below the wrong holder."""
    org = Org.objects.filter(pk=org_id).first()
    if org is None:
        raise ApplicationError(ORG_UNKNOWN.format(id=org_id), code="org_unknown", field=field)
    return org


def _county_by_code(code: str) -> Org | None:
    """The active county union of a division code: its first six digits name the county, so a
    12-digit code of a township or village inside it finds the same union."""
    code = code.strip()
    if not code:
        return None
    if not _DIVISION_CODE.match(code):
        raise ApplicationError(COUNTY_CODE_INVALID, code="county_code_invalid", field="county_code")
    county = (
        Org.objects.filter(
            org_type=OrgType.COUNTY,
            status=OrgStatus.ACTIVE,
            division_code__startswith=code[:6],
        )
        .order_by("path")
        .first()
    )
    if county is None:
        raise ApplicationError(
            COUNTY_UNKNOWN.format(code=code), code="county_unknown", field="county_code"
        )
    return county


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


# --- cases ----------------------------------------------------------------------------------


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


@router.post("/cases/{number}/dispatch", response=CaseOut, summary="派单")
@require(Perm.HOTLINE_AGENT)
def cases_dispatch(request, number: CaseNumber, payload: DispatchIn):
    """派单 (agents): to any union of the call centre's tree; `complexity` re-grades the case
    (its deadline is computed again)."""
    case = access_case_by_number(request.user, number)
    case = services.case_dispatch(
        actor=request.user,
        case=case,
        to_org=_org_named(payload.to_org_id, "to_org_id"),
        note=payload.note,
        expected_version=payload.version,
        complexity=payload.complexity,
    )
    return _case_out(case)


@router.post("/cases/{number}/accept", response=CaseOut, summary="接单")
@require(Perm.HOTLINE_HANDLE)
def cases_accept(request, number: CaseNumber, payload: VersionIn):
    """接单: the caller becomes the handler."""
    case = access_case_by_number(request.user, number)
    case = services.case_accept(actor=request.user, case=case, expected_version=payload.version)
    return _case_out(case)


@router.post("/cases/{number}/return", response=CaseOut, summary="退单")
@require(Perm.HOTLINE_HANDLE)
def cases_return(request, number: CaseNumber, payload: ReturnIn):
    """退单: back to the call centre, `reason` required."""
    case = access_case_by_number(request.user, number)
    case = services.case_return(
        actor=request.user, case=case, reason=payload.reason, expected_version=payload.version
    )
    return _case_out(case)


@router.post("/cases/{number}/transfer", response=CaseOut, summary="转派")
@require(Perm.HOTLINE_HANDLE)
def cases_transfer(request, number: CaseNumber, payload: TransferIn):
    """转派: down to a descendant of the holding union."""
    case = access_case_by_number(request.user, number)
    case = services.case_transfer(
        actor=request.user,
        case=case,
        to_org=_org_named(payload.to_org_id, "to_org_id"),
        note=payload.note,
        expected_version=payload.version,
    )
    return _case_out(case)


@router.post("/cases/{number}/note", response={201: CaseOut}, summary="记录办理进展")
@require(Perm.HOTLINE_VIEW)
def cases_note(request, number: CaseNumber, payload: NoteIn):
    """办理进展, or with `contact: true` a logged contact with the caller. Written by the holding
    union (or one above it) or by an agent; the version does not change."""
    case = access_case_by_number(request.user, number)
    services.case_note(actor=request.user, case=case, note=payload.note, contact=payload.contact)
    return Status(201, _case_out(case))


@router.post("/cases/{number}/close", response=CaseOut, summary="办结")
@require(Perm.HOTLINE_HANDLE)
def cases_close(request, number: CaseNumber, payload: CloseIn):
    """办结: `result` (with a `reason` unless resolved), `outcome`, money recovered (yuan),
    workers who benefited, the lawyer who took part."""
    case = access_case_by_number(request.user, number)
    case = services.case_close(
        actor=request.user,
        case=case,
        expected_version=payload.version,
        **payload.model_dump(exclude={"version"}),
    )
    return _case_out(case)


@router.post("/cases/{number}/callback", response=CaseOut, summary="回访")
@require(Perm.HOTLINE_AGENT)
def cases_callback(request, number: CaseNumber, payload: CallbackIn):
    """回访 (agents): the caller's rating; `reopen: true` with 不满意 reopens the case at the same
    union and handler with a new deadline."""
    case = access_case_by_number(request.user, number)
    case = services.case_callback(
        actor=request.user,
        case=case,
        rating=payload.rating,
        comment=payload.comment,
        reopen=payload.reopen,
        expected_version=payload.version,
    )
    return _case_out(case)


@router.post("/cases/{number}/reopen", response=CaseOut, summary="回访不满意并重新办理")
@require(Perm.HOTLINE_AGENT)
def cases_reopen(request, number: CaseNumber, payload: ReopenIn):
    """重新办理 (agents): the callback of a closed case rated 不满意 with reopening, in one
    step. A case already called back is final; reopening happens only at the callback."""
    case = access_case_by_number(request.user, number)
    case = services.case_callback(
        actor=request.user,
        case=case,
        rating=Rating.UNSATISFIED,
        comment=payload.comment,
        reopen=True,
        expected_version=payload.version,
    )
    return _case_out(case)


@router.post("/cases/{number}/supervise", response=CaseOut, summary="督办")
@require(Perm.HOTLINE_SUPERVISE)
def cases_supervise(request, number: CaseNumber, payload: SuperviseIn):
    """督办 by a union above the holder; the version does not change."""
    case = access_case_by_number(request.user, number)
    case = services.case_supervise(actor=request.user, case=case, note=payload.note)
    return _case_out(case)


@router.post("/cases/{number}/caller-phone", response=CallerPhoneOut, summary="查看来电号码")
@require(Perm.CALLER_PHONE)
def cases_caller_phone(request, number: CaseNumber):
    """查看来电号码: the caller's phone in full, for the union holding the case or a 12351
    agent, to call the caller back (audited; 403 for anyone else)."""
    case = access_case_by_number(request.user, number)
    return {
        "number": case.number,
        "caller_phone": case_caller_phone_reveal(actor=request.user, case=case),
    }


# --- callers' look-up -----------------------------------------------------------------------


def _lookup_answer(request, number: str, phone: str) -> dict:
    case = lookup_case(ip=request_ip(request), number=number, phone=phone)
    return {
        "number": case.number,
        "status": case.status,
        "status_label": case.get_status_display(),
        "category": case.category,
        "received_at": case.received_at,
        "deadline": case.deadline,
        "closed_at": case.closed_at,
        "result": case.result,
        "timeline": case_public_timeline(case),
    }


@router.post(
    "/lookup",
    response=LookupOut,
    auth=None,
    summary="来电人查询工单进度",
    openapi_extra={"responses": {404: {"description": ""}, 429: {"description": ""}}},
)
@public
def lookup(request, payload: LookupIn):
    """Caller look-up, no login: the case number and the phone given at intake → the status and
    the steps taken (what, when, by which union). Both go in the body, so that they never show
    in a URL, a proxy's access log or the browser history.

    Left out on purpose: every name, phone and ID number (the caller's too: whoever holds the
    number and phone may not be the caller), every note, reason, outcome and comment (free text
    that may name people), the staff who acted and the amounts. A wrong number and a phone that
    does not match get the same 404. At most 10 attempts per 10 minutes per client IP, per case
    number and per phone (429 beyond)."""
    return _lookup_answer(request, payload.number, payload.phone)


@router.get(
    "/lookup",
    response=LookupOut,
    auth=None,
    deprecated=True,
    summary="来电人查询工单进度（旧版，已弃用）",
    openapi_extra={"responses": {404: {"description": ""}, 429: {"description": ""}}},
)
@public
def lookup_by_query(
    request,
    number: Annotated[Line, Query(max_length=40)],
    phone: Annotated[Line, Query(max_length=20)],
):
    """Deprecated: the same look-up with the number and phone in the query string, where they
    end up in access logs. Use `POST /lookup`; this form shares its limits and answers."""
    return _lookup_answer(request, number, phone)


# --- a worker's own complaint online ----------------------------------------------------------


@router.post(
    "/online",
    response={201: OnlineCaseCreatedOut},
    auth=None,
    summary="网上投诉",
    openapi_extra={"responses": {429: {"description": ""}}},
)
@public
def online_intake(request, payload: OnlineCaseIn):
    """网上投诉: a worker files his own complaint, no login (workers have no accounts).

    The case is received now, through the `online` channel, and waits in the agents' dispatch
    queue like a call. It is graded 一般 (simple) and its `deadline` follows from that; the
    agent re-grades it when dispatching if it is harder. Keep `number`: with it and the phone given here the worker looks the case up
    (`POST /lookup`). At most 5 complaints per hour per client IP and per caller phone (429 beyond); a complaint
    refused for its content (400, 422) writes nothing and does not count."""
    with online_attempt(request_ip(request), payload.caller_phone):
        case = services.case_intake(
            actor=None,
            channel=Channel.ONLINE,
            complexity=Complexity.SIMPLE,
            county=_county_by_code(payload.county_code),
            **payload.model_dump(exclude={"county_code"}),
        )
    return Status(
        201,
        {
            "number": case.number,
            "status": case.status,
            "deadline": case.deadline,
            "message": ONLINE_RECEIVED.format(number=case.number),
        },
    )
