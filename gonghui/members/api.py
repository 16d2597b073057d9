from typing import Annotated

from django.conf import settings
from ninja import Query, Router, Status

from gonghui.accounts.api import require
from gonghui.accounts.permissions import Perm
from gonghui.core.cleaning import Line, code_of
from gonghui.core.paging import page_of
from gonghui.members.codes import Category, MemberStatus
from gonghui.members.models import Member
from gonghui.members.schemas import (
    DecisionIn,
    MemberIn,
    MemberOut,
    MemberPage,
    TransferIn,
    TransferInRequestIn,
    TransferOut,
)
from gonghui.members.selectors import (
    access_member_by_id,
    access_transfer_by_id,
    member_for_transfer_in,
    member_list,
    transfer_list,
)
from gonghui.members.services import (
    member_create,
    member_unmask,
    transfer_approve,
    transfer_reject,
    transfer_request,
)
from gonghui.orgs.selectors import access_org_by_id, org_by_id

router = Router(tags=["会员"])
transfers_router = Router(tags=["转会"])


def _member_out(member: Member, unmasked: dict[str, str] | None = None) -> dict:
    personal = unmasked or {"id_number": member.id_number_masked, "phone": member.phone_masked}
    return {
        "id": member.pk,
        "name": member.name,
        **personal,
        "category": member.category,
        "joined_on": member.joined_on,
        "status": member.status,
        "card_number": member.card_number,
        "org_id": member.org_id,
        "org_name": member.org.name,
    }


@router.get("", response=MemberPage, summary="会员列表")
@require(Perm.MEMBER_VIEW)
def members_list(
    request,
    q: Annotated[Line, Query("", max_length=100)] = "",
    org: int | None = None,
    category: code_of(Category, blank=True, check=True) = "",
    status: code_of(MemberStatus, blank=True, check=True) = "",
    page: int = Query(1, ge=1),
):
    """Members of the caller's subtree, newest first. `q`: an exact ID number, phone or card
    number, or part of a name; `org`: only that union's subtree. ID numbers and phones are
    masked."""
    if org is not None:
        access_org_by_id(request.user, org)
    members = member_list(user=request.user, q=q, org_id=org, category=category, status=status)
    one_page = page_of(members, page=page, size=settings.MEMBERS_PAGE_SIZE)
    return {"items": [_member_out(m) for m in one_page], "count": one_page.paginator.count}


@router.post("", response={201: MemberOut}, summary="会员入会登记")
@require(Perm.MEMBER_ADD)
def members_create(request, payload: MemberIn):
    """入会. The answer shows ID number and phone in full only to holders of
    members.view_member_pii, and that view is audited."""
    org = org_by_id(payload.org_id, field="org_id")
    member = member_create(actor=request.user, org=org, **payload.model_dump(exclude={"org_id"}))
    unmasked = None
    if request.user.has_perm(Perm.MEMBER_PII):
        unmasked = member_unmask(actor=request.user, member=member)
    return Status(201, _member_out(member, unmasked))


@router.get("/{member_id}", response=MemberOut, summary="会员详情")
@require(Perm.MEMBER_VIEW)
def members_detail(request, member_id: int, unmask: bool = False):
    """Masked; `unmask=true` shows ID number and phone in full (members.view_member_pii only,
    audited either way)."""
    member = access_member_by_id(request.user, member_id)
    unmasked = member_unmask(actor=request.user, member=member) if unmask else None
    return _member_out(member, unmasked)


@router.post("/{member_id}/transfer", response={201: TransferOut}, summary="转会申请（转出方）")
@require(Perm.MEMBER_TRANSFER)
def members_transfer(request, member_id: int, payload: TransferIn):
    """转会 asked by the member's union; the receiving union approves or rejects it."""
    member = access_member_by_id(request.user, member_id)
    to_org = org_by_id(payload.to_org_id, field="to_org_id")
    transfer = transfer_request(
        actor=request.user,
        member=member,
        to_org=to_org,
        reason=payload.reason,
        note=payload.note,
    )
    return Status(201, transfer)


@transfers_router.get("", response=list[TransferOut], summary="待处理转会列表")
@require(Perm.MEMBER_VIEW)
def transfers_list(request):
    """Pending transfers with either side in the caller's subtree."""
    return list(transfer_list(user=request.user))


@transfers_router.post("", response={201: TransferOut}, summary="转会申请（转入方）")
@require(Perm.MEMBER_TRANSFER)
def transfers_request_in(request, payload: TransferInRequestIn):
    """转会 asked by the receiving union (转入方); the member's current union approves it."""
    member = member_for_transfer_in(id_number=payload.id_number, name=payload.name)
    transfer = transfer_request(
        actor=request.user,
        member=member,
        to_org=org_by_id(payload.to_org_id, field="to_org_id"),
        reason=payload.reason,
        note=payload.note,
    )
    return Status(201, transfer)


@transfers_router.post("/{transfer_id}/approve", response=TransferOut, summary="同意转会")
@require(Perm.MEMBER_TRANSFER)
def transfers_approve(request, transfer_id: int, payload: DecisionIn | None = None):
    transfer = access_transfer_by_id(request.user, transfer_id)
    note = payload.note if payload else ""
    return transfer_approve(actor=request.user, transfer=transfer, note=note)


@transfers_router.post("/{transfer_id}/reject", response=TransferOut, summary="拒绝转会")
@require(Perm.MEMBER_TRANSFER)
def transfers_reject(request, transfer_id: int, payload: DecisionIn):
    """A reason (`note`) is required."""
    transfer = access_transfer_by_id(request.user, transfer_id)
    return transfer_reject(actor=request.user, transfer=transfer, note=payload.note)
