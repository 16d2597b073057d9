"""One operation per step of the case, each calling its service; and 查看来电号码.

Every state-changing step takes the `version` the client last saw; if someone acted in between
the answer is 409 with the service's message and nothing changes. Notes and 督办 do not change
the version and take none.
"""

from ninja import Status

from gonghui.accounts.api import require
from gonghui.accounts.permissions import Perm
from gonghui.hotline import services
from gonghui.hotline.api.cases import _case_out
from gonghui.hotline.api.common import CaseNumber, router
from gonghui.hotline.caller_phone import case_caller_phone_reveal
from gonghui.hotline.codes import Rating
from gonghui.hotline.schemas import (
    CallbackIn,
    CallerPhoneOut,
    CaseOut,
    CloseIn,
    DispatchIn,
    NoteIn,
    ReopenIn,
    ReturnIn,
    SuperviseIn,
    TransferIn,
    VersionIn,
)
from gonghui.hotline.selectors import access_case_by_number
from gonghui.orgs.selectors import org_by_id


@router.post("/cases/{number}/dispatch", response=CaseOut, summary="派单")
@require(Perm.HOTLINE_AGENT)
def cases_dispatch(request, number: CaseNumber, payload: DispatchIn):
    """派单 (agents): to any union of the call centre's tree; `complexity` re-grades the case
    (its deadline is computed again)."""
    case = access_case_by_number(request.user, number)
    case = services.case_dispatch(
        actor=request.user,
        case=case,
        to_org=org_by_id(payload.to_org_id, field="to_org_id"),
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
        to_org=org_by_id(payload.to_org_id, field="to_org_id"),
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
