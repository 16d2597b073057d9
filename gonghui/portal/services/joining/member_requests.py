"""A member's own requests (转会/退会): he asks, his union forwards a transfer (which then follows
the 转会 it became) or decides a leave."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.core.masking import mask_name
from gonghui.inbox.services import refresh
from gonghui.members.codes import ChangeReason
from gonghui.members.models import Member, Transfer, TransferStatus
from gonghui.members.services import member_leave, transfer_request
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope
from gonghui.portal.models import MemberRequest, MemberRequestKind, RequestStatus, Worker
from gonghui.portal.services.joining.common import _check_union, _clean_text
from gonghui.portal.services.joining.messages import (
    FORWARDED_DECIDE_THERE,
    NOT_A_MEMBER,
    NOT_YOURS,
    REASON_REQUIRED,
    REQUEST_FORWARDED,
    REQUEST_NOT_PENDING,
    REQUEST_OUT_OF_SCOPE,
    REQUEST_PENDING,
    REQUEST_REASON_REQUIRED,
    REQUEST_WRONG_KIND,
    TRANSFER_ALREADY_PENDING,
    TRANSFER_CANCELLED_NOTE,
    TRANSFER_TARGET_SAME,
)


def _holding_member(worker: Worker) -> Member:
    member = (
        Member.objects.select_for_update().select_related("org").filter(pk=worker.member_id).first()
    )
    if member is None or not member.is_holding:
        raise ApplicationError(NOT_A_MEMBER, code="not_member")
    return member


def _check_no_pending(member: Member) -> None:
    # A forwarded request whose transfer was settled without a save (an org merge updates
    # transfers in bulk) would stay pending for ever: settle it first.
    for item in MemberRequest.objects.filter(
        member=member, status=RequestStatus.PENDING, transfer__isnull=False
    ).exclude(transfer__status=TransferStatus.PENDING):
        member_request_follow_transfer(transfer=item.transfer)
    if MemberRequest.objects.filter(member=member, status=RequestStatus.PENDING).exists():
        raise Conflict(REQUEST_PENDING, code="duplicate")
    if Transfer.objects.filter(member=member, status=TransferStatus.PENDING).exists():
        raise Conflict(TRANSFER_ALREADY_PENDING, code="transfer_pending")


def _create_request(**fields) -> MemberRequest:
    try:
        with transaction.atomic():
            return MemberRequest.objects.create(**fields)
    except IntegrityError:
        raise Conflict(REQUEST_PENDING, code="duplicate") from None


@transaction.atomic(durable=True)
def member_request_transfer(*, worker: Worker, to_org: Org, reason: str) -> MemberRequest:
    """A member asks to move to his new employer's union; his union's staff forward it."""
    member = _holding_member(worker)
    _check_no_pending(member)
    _check_union(to_org, fallback=False)
    if to_org.pk == member.org_id:
        raise ApplicationError(TRANSFER_TARGET_SAME.format(org=to_org.name), field="to_org")
    reason = _clean_text(reason, label="原因", field="reason", n=200)
    if not reason:
        raise ApplicationError(REQUEST_REASON_REQUIRED, field="reason")
    item = _create_request(
        worker=worker, member=member, kind=MemberRequestKind.TRANSFER, to_org=to_org, reason=reason
    )
    audit_record(
        actor=None,
        action="member_request.transfer",
        obj=item,
        org=member.org,
        changes={"to": to_org.name, "reason": reason},
        object_repr=f"转会申请 {mask_name(member.name)}",
    )
    refresh(item)
    return item


@transaction.atomic(durable=True)
def member_request_leave(*, worker: Worker, reason: str) -> MemberRequest:
    member = _holding_member(worker)
    _check_no_pending(member)
    reason = _clean_text(reason, label="原因", field="reason", n=200)
    if not reason:
        raise ApplicationError(REQUEST_REASON_REQUIRED, field="reason")
    item = _create_request(
        worker=worker, member=member, kind=MemberRequestKind.LEAVE, reason=reason
    )
    audit_record(
        actor=None,
        action="member_request.leave",
        obj=item,
        org=member.org,
        changes={"reason": reason},
        object_repr=f"退会申请 {mask_name(member.name)}",
    )
    refresh(item)
    return item


def _lock_pending_request(item: MemberRequest, *, actor: User | None = None) -> MemberRequest:
    item = (
        # Only the request row is locked: PostgreSQL cannot lock the nullable side of the
        # outer join to `to_org`.
        MemberRequest.objects.select_for_update(of=("self",))
        .select_related("member__org", "to_org", "worker")
        .get(pk=item.pk)
    )
    if actor is not None:
        _require_request_scope(actor, item)
    if item.status != RequestStatus.PENDING:
        raise ApplicationError(
            REQUEST_NOT_PENDING.format(status=item.get_status_display()), code="wrong_status"
        )
    return item


@transaction.atomic(durable=True)
def member_request_withdraw(*, worker: Worker, item: MemberRequest) -> MemberRequest:
    if item.worker_id != worker.pk:
        raise Forbidden(NOT_YOURS)
    item = _lock_pending_request(item)
    if item.transfer_id:
        raise ApplicationError(REQUEST_FORWARDED, code="forwarded")
    item.status = RequestStatus.WITHDRAWN
    item.decided_at = timezone.now()
    item.save(update_fields=["status", "decided_at"])
    audit_record(
        actor=None,
        action="member_request.withdraw",
        obj=item,
        org=item.member.org,
        object_repr=f"{item.get_kind_display()}申请 {mask_name(item.member.name)}",
    )
    refresh(item)
    return item


def _require_request_scope(actor: User, item: MemberRequest) -> None:
    if not org_in_scope(actor, item.member.org):
        raise denial(
            Forbidden(REQUEST_OUT_OF_SCOPE),
            actor=actor,
            action="access.denied",
            obj=item,
            org=item.member.org,
        )


def _require_kind(item: MemberRequest, kind: str) -> None:
    if item.kind != kind:
        raise ApplicationError(REQUEST_WRONG_KIND.format(kind=MemberRequestKind(kind).label))


@atomic_keeping_denials(durable=True)
def member_request_forward(*, actor: User, item: MemberRequest) -> MemberRequest:
    """The member's union forwards a transfer request: it becomes a 转会 asked by the 转出方,
    which the receiving union approves on 转会审批. The request then follows that transfer."""
    item = _lock_pending_request(item, actor=actor)
    _require_kind(item, MemberRequestKind.TRANSFER)
    if item.transfer_id:
        raise ApplicationError(REQUEST_FORWARDED, code="forwarded")
    transfer = transfer_request(
        actor=actor,
        member=item.member,
        to_org=item.to_org,
        reason=ChangeReason.RELATION_CHANGED,
        note=f"职工本人申请：{item.reason}"[:200],
    )
    item.transfer = transfer
    item.save(update_fields=["transfer"])
    audit_record(
        actor=actor,
        action="member_request.forward",
        obj=item,
        org=item.member.org,
        changes={"transfer": transfer.pk, "to": item.to_org.name},
    )
    refresh(item)
    return item


@atomic_keeping_denials(durable=True)
def member_request_approve_leave(
    *, actor: User, item: MemberRequest, note: str = ""
) -> MemberRequest:
    item = _lock_pending_request(item, actor=actor)
    _require_kind(item, MemberRequestKind.LEAVE)
    note = _clean_text(note, label="办理意见", field="note", n=200)
    member_leave(
        actor=actor,
        member=item.member,
        reason=ChangeReason.PERSONAL,
        note=f"职工本人申请：{item.reason}"[:200],
    )
    item.status = RequestStatus.APPROVED
    item.decided_at, item.decision_note = timezone.now(), note
    item.save(update_fields=["status", "decided_at", "decision_note"])
    audit_record(actor=actor, action="member_request.approve", obj=item, org=item.member.org)
    refresh(item)
    return item


@atomic_keeping_denials(durable=True)
def member_request_reject(*, actor: User, item: MemberRequest, note: str) -> MemberRequest:
    """Reject a leave request, or a transfer request before it is forwarded."""
    item = _lock_pending_request(item, actor=actor)
    if item.transfer_id:
        raise ApplicationError(FORWARDED_DECIDE_THERE, code="forwarded")
    note = _clean_text(note, label="原因", field="note", n=200)
    if not note:
        raise ApplicationError(REASON_REQUIRED, field="note")
    item.status = RequestStatus.REJECTED
    item.decided_at, item.decision_note = timezone.now(), note
    item.save(update_fields=["status", "decided_at", "decision_note"])
    audit_record(
        actor=actor,
        action="member_request.reject",
        obj=item,
        org=item.member.org,
        changes={"note": note},
    )
    refresh(item)
    return item


_FOLLOWS = {
    TransferStatus.APPROVED: RequestStatus.APPROVED,
    TransferStatus.REJECTED: RequestStatus.REJECTED,
    TransferStatus.CANCELLED: RequestStatus.REJECTED,
}


def member_request_follow_transfer(*, transfer: Transfer) -> None:
    """A forwarded request takes its transfer's outcome, in the transfer's own transaction
    (called from the post_save signal of `members.Transfer`)."""
    status = _FOLLOWS.get(transfer.status)
    if status is None:
        return
    note = transfer.decision_note
    if transfer.status == TransferStatus.CANCELLED:
        note = TRANSFER_CANCELLED_NOTE
    MemberRequest.objects.filter(transfer=transfer, status=RequestStatus.PENDING).update(
        status=status, decided_at=transfer.decided_at or timezone.now(), decision_note=note[:200]
    )
