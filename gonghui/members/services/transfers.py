"""转会: request, approval by the other side, rejection, withdrawal."""

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.core.masking import mask_name
from gonghui.inbox.services import refresh
from gonghui.members import metrics
from gonghui.members.codes import (
    ChangeReason,
    ChangeType,
    MemberStatus,
)
from gonghui.members.models import (
    Member,
    Transfer,
    TransferSide,
    TransferStatus,
)
from gonghui.members.services.common import (
    CHANGE_REASON_INVALID,
    REASON_REQUIRED,
    TRANSFER_PENDING,
    WRONG_STATUS,
    _check_org_takes_members,
    _event,
    _require_scope,
)
from gonghui.members.teams.services import leave_teams_outside
from gonghui.notifications.models import Notification, NotificationKind
from gonghui.notifications.services import notify_orgs
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope

TRANSFER_SAME_ORG = "转入工会与当前所属工会相同，请重新选择。"
TRANSFER_NOT_PENDING = "该转会申请已{status}，不能再审批或撤回。"
TRANSFER_WRONG_SIDE = "转会申请须由另一方审批：{side}无权审批自己发起的申请。"
TRANSFER_NOT_INITIATOR = "只有发起方可以撤回转会申请。"
TRANSFER_OWN_REQUEST = (
    "发起转会申请的账号不能审批自己的申请：请由「{org}」或其上级工会的其他账号审批。"
)
TRANSFER_DECIDED_TITLE = "转会申请{status}：{name}"
TRANSFER_DECIDED_BODY = (
    "「{name}」从「{from_org}」转入「{to_org}」的转会申请，「{org}」审批结果：{status}。{note}"
)
TRANSFER_DECIDED_NOTE = "审批意见：{note}"


@atomic_keeping_denials
def transfer_request(
    *,
    actor: User,
    member: Member,
    to_org: Org,
    reason: str = ChangeReason.RELATION_CHANGED,
    note: str = "",
) -> Transfer:
    """转会 request, by the member's union (转出方) or by the receiving union (转入方)."""
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    if org_in_scope(actor, member.org):
        side = TransferSide.OUT
    elif org_in_scope(actor, to_org):
        side = TransferSide.IN
    else:
        _require_scope(actor, member.org)
    if not member.is_holding:
        raise ApplicationError(
            WRONG_STATUS.format(status=member.get_status_display(), action="转会"),
            code="wrong_status",
        )
    _check_org_takes_members(to_org)
    if to_org.pk == member.org_id:
        raise ApplicationError(TRANSFER_SAME_ORG, field="to_org")
    if reason not in ChangeReason.values:
        raise ApplicationError(CHANGE_REASON_INVALID, field="reason")
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                member=member,
                from_org=member.org,
                to_org=to_org,
                initiated_by=side,
                reason=reason,
                note=note,
                requested_by=actor,
            )
    except IntegrityError:
        raise ApplicationError(TRANSFER_PENDING, code="transfer_pending") from None
    audit_record(
        actor=actor,
        action="transfer.request",
        obj=member,
        org=member.org,
        changes={"from": member.org.name, "to": to_org.name, "side": side},
    )
    refresh(transfer)
    return transfer


def _lock_pending(transfer: Transfer) -> Transfer:
    transfer = (
        Transfer.objects.select_for_update()
        .select_related("member", "from_org", "to_org")
        .get(pk=transfer.pk)
    )
    if transfer.status != TransferStatus.PENDING:
        raise ApplicationError(
            TRANSFER_NOT_PENDING.format(status=transfer.get_status_display()),
            code="wrong_status",
        )
    return transfer


def requesting_org(transfer: Transfer) -> Org:
    return transfer.from_org if transfer.initiated_by == TransferSide.OUT else transfer.to_org


def _notify_decided(transfer: Transfer, actor: User) -> None:
    """办理结果 for the side that asked, in the decision's transaction: who decided (the
    deciding union or an ancestor of it), what, and the note."""
    name = mask_name(transfer.member.name)
    status = transfer.get_status_display()
    note = (
        TRANSFER_DECIDED_NOTE.format(note=transfer.decision_note) if transfer.decision_note else ""
    )
    notify_orgs(
        [
            Notification(
                recipient_org=requesting_org(transfer),
                kind=NotificationKind.DECIDED,
                title=TRANSFER_DECIDED_TITLE.format(status=status, name=name),
                body=TRANSFER_DECIDED_BODY.format(
                    name=name,
                    from_org=transfer.from_org.name,
                    to_org=transfer.to_org.name,
                    org=(actor.org or deciding_org(transfer)).name,
                    status=status,
                    note=note,
                ),
                link=f"{reverse('members:transfers')}?status={transfer.status}",
            )
        ]
    )


def deciding_org(transfer: Transfer) -> Org:
    """The side that did not ask: the receiving union for a 转出 request, the sending union for
    a 转入 request."""
    return transfer.to_org if transfer.initiated_by == TransferSide.OUT else transfer.from_org


def _require_decider(actor: User, transfer: Transfer, *, decision: str) -> None:
    """The decider is an account of the side that did not ask, or of one of its ancestors, and
    never the account that asked (even when its scope covers both sides). Refusals are audited."""
    org = deciding_org(transfer)
    audit = {
        "actor": actor,
        "action": "access.denied",
        "obj": transfer.member,
        "org": org,
        "changes": {"transfer": transfer.pk, "decision": decision},
    }
    if transfer.requested_by_id == actor.pk:
        raise denial(Forbidden(TRANSFER_OWN_REQUEST.format(org=org.name)), **audit)
    if not org_in_scope(actor, org):
        if org_in_scope(actor, transfer.from_org) or org_in_scope(actor, transfer.to_org):
            side = transfer.get_initiated_by_display()
            raise denial(Forbidden(TRANSFER_WRONG_SIDE.format(side=side)), **audit)
        _require_scope(actor, org)


@atomic_keeping_denials(durable=True)
def transfer_approve(*, actor: User, transfer: Transfer, note: str = "") -> Transfer:
    transfer = _lock_pending(transfer)
    _require_decider(actor, transfer, decision="approve")
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    _check_org_takes_members(transfer.to_org)
    today = timezone.localdate()
    before = metrics.member_state(member)
    member.org = transfer.to_org
    member.status = MemberStatus.ACTIVE
    member.status_changed_on = today
    member.save(update_fields=["org", "status", "status_changed_on", "updated_at"])
    metrics.stats_member_changed(before=before, after=member)
    leave_teams_outside(actor=actor, member=member)
    _event(
        member,
        ChangeType.TRANSFER_OUT,
        actor=actor,
        on=today,
        org=transfer.from_org,
        other_org=transfer.to_org,
        reason=transfer.reason,
        note=transfer.note,
    )
    _event(
        member,
        ChangeType.TRANSFER_IN,
        actor=actor,
        on=today,
        org=transfer.to_org,
        other_org=transfer.from_org,
        reason=transfer.reason,
        note=transfer.note,
    )
    transfer.status = TransferStatus.APPROVED
    transfer.decided_by, transfer.decided_at, transfer.decision_note = actor, timezone.now(), note
    transfer.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(
        actor=actor,
        action="transfer.approve",
        obj=member,
        org=transfer.to_org,
        changes={"from": transfer.from_org.name, "to": transfer.to_org.name},
    )
    refresh(transfer)
    _notify_decided(transfer, actor)
    return transfer


@atomic_keeping_denials(durable=True)
def transfer_reject(*, actor: User, transfer: Transfer, note: str) -> Transfer:
    transfer = _lock_pending(transfer)
    _require_decider(actor, transfer, decision="reject")
    if not (note or "").strip():
        raise ApplicationError(REASON_REQUIRED, field="note")
    transfer.status = TransferStatus.REJECTED
    transfer.decided_by, transfer.decided_at, transfer.decision_note = actor, timezone.now(), note
    transfer.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(
        actor=actor,
        action="transfer.reject",
        obj=transfer.member,
        org=transfer.from_org,
        changes={"note": note},
    )
    refresh(transfer)
    _notify_decided(transfer, actor)
    return transfer


@atomic_keeping_denials(durable=True)
def transfer_cancel(*, actor: User, transfer: Transfer) -> Transfer:
    transfer = _lock_pending(transfer)
    initiating_org = requesting_org(transfer)
    if not org_in_scope(actor, initiating_org):
        raise Forbidden(TRANSFER_NOT_INITIATOR)
    transfer.status = TransferStatus.CANCELLED
    transfer.decided_by, transfer.decided_at = actor, timezone.now()
    transfer.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(actor=actor, action="transfer.cancel", obj=transfer.member, org=transfer.from_org)
    refresh(transfer)
    return transfer


@transaction.atomic
def member_transfer_out_of_province(
    *, member: Member, on: date | None = None, note: str, actor: User | None = None
) -> Member:
    """A cross-province transfer approved by the receiving province (gonghui.national): the
    membership here ends (已退会) with a 转出 event whose other side is outside this system, so
    the history stays. Called on the receiving province's signed message, hence no actor's scope
    to check."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if not member.is_holding:
        raise ApplicationError(
            WRONG_STATUS.format(status=member.get_status_display(), action="跨省转出"),
            code="wrong_status",
        )
    on = on or timezone.localdate()
    before = metrics.member_state(member)
    member.status = MemberStatus.LEFT
    member.status_changed_on = on
    member.save(update_fields=["status", "status_changed_on", "updated_at"])
    metrics.stats_member_changed(before=before, after=member)
    leave_teams_outside(actor=actor, member=member)
    _event(member, ChangeType.TRANSFER_OUT, actor=actor, on=on, org=member.org, note=note[:200])
    return member
