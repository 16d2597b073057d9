"""What a worker does without an account: look his case up (the number and phone given at
intake), and file his own complaint online."""

from typing import Annotated

from ninja import Query, Status

from gonghui.accounts.decorators import public
from gonghui.core.cleaning import Line
from gonghui.hotline import services
from gonghui.hotline.api.common import ONLINE_RECEIVED, _county_by_code, router
from gonghui.hotline.callers import lookup_case, online_attempt, request_ip
from gonghui.hotline.codes import Channel, Complexity
from gonghui.hotline.schemas import LookupIn, LookupOut, OnlineCaseCreatedOut, OnlineCaseIn
from gonghui.hotline.selectors import case_public_timeline


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
