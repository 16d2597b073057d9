"""Every write to the member registry: one function per use case, each audited."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from gonghui.accounts.permissions import Perm
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core import crypto
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.members.codes import (
    HOLDING_STATUSES,
    Category,
    ChangeReason,
    ChangeType,
    MemberStatus,
)
from gonghui.members.idnumber import parse_id_number, parse_phone
from gonghui.members.models import (
    Member,
    MembershipEvent,
    Transfer,
    TransferSide,
    TransferStatus,
)
from gonghui.members.selectors import holding_member_by_id_number
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope
from gonghui.stats import services as stats

NAME_REQUIRED = "请填写姓名。"
NAME_TOO_LONG = "姓名不能超过40个字。"
CATEGORY_INVALID = "请选择职工类别。"
ORG_NOT_HOLDING = "「{name}」不能直接发展会员，请选择基层工会或乡镇、社区工会。"
ORG_INACTIVE = "「{name}」已撤销或合并，不能再登记会员。"
OUT_OF_SCOPE = "您只能办理本工会及下级工会的会员业务。"
DUPLICATE_MEMBER = (
    "身份证号 {id} 已是「{org}」的会员（{status}），一人只能有一个有效会籍；如需变更，请办理转会。"
)
DATE_IN_FUTURE = "{label}不能晚于今天。"
JOINED_BEFORE_BIRTH = "入会日期不能早于出生日期。"
WRONG_STATUS = "该会员当前状态为「{status}」，不能办理{action}。"
TRANSFER_PENDING = "该会员已有待审批的转会申请，请先处理。"
TRANSFER_SAME_ORG = "转入工会与当前所属工会相同，请重新选择。"
TRANSFER_NOT_PENDING = "该转会申请已{status}，不能再审批或撤回。"
TRANSFER_WRONG_SIDE = "转会申请须由另一方审批：{side}无权审批自己发起的申请。"
TRANSFER_NOT_INITIATOR = "只有发起方可以撤回转会申请。"
TRANSFER_OWN_REQUEST = (
    "发起转会申请的账号不能审批自己的申请：请由「{org}」或其上级工会的其他账号审批。"
)
REASON_REQUIRED = "请填写原因。"
CHANGE_BEFORE_LAST = "会籍变化日期不能早于上一次会籍变化的日期（{last}）。"
PII_FORBIDDEN = "您没有查看完整个人信息的权限。"


def _require_scope(actor, org: Org) -> None:
    if not org_in_scope(actor, org):
        raise denial(Forbidden(OUT_OF_SCOPE), actor=actor, action="access.denied", obj=org, org=org)


def _check_org_takes_members(org: Org) -> None:
    if not org.is_active:
        raise ApplicationError(ORG_INACTIVE.format(name=org.name), field="org")
    if not org.holds_members:
        raise ApplicationError(ORG_NOT_HOLDING.format(name=org.name), field="org")


def _check_past(value: date | None, label: str, field: str) -> None:
    if value and value > timezone.localdate():
        raise ApplicationError(DATE_IN_FUTURE.format(label=label), field=field)


def _duplicate_error(actor, existing: Member, number: str) -> Conflict:
    shown = number if actor.has_perm(Perm.MEMBER_PII) else mask_id_number(number)
    return Conflict(
        DUPLICATE_MEMBER.format(
            id=shown, org=existing.org.name, status=existing.get_status_display()
        ),
        code="duplicate_member",
        field="id_number",
    )


def _event(member: Member, change_type: str, *, actor, on: date, org: Org, **extra) -> None:
    event = MembershipEvent.objects.create(
        member=member, change_type=change_type, changed_on=on, org=org, actor=actor, **extra
    )
    stats.stats_event_recorded(event)


_EDITABLE = {
    "name",
    "ethnicity",
    "education",
    "political_status",
    "employment_status",
    "household_type",
    "tech_level",
    "job",
    "employee_no",
    "title",
    "work_start_year",
    "email",
    "native_place",
    "employer",
    "category",
    "member_type",
}


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The record's other fields, checked as a form would: code lists, lengths, e-mail."""
    cleaned = {}
    for name, value in fields.items():
        if name not in _EDITABLE:
            raise ValueError(f"not editable: {name}")
        model_field = Member._meta.get_field(name)
        try:
            cleaned[name] = model_field.clean(value, None)
        except ValidationError as exc:
            raise ApplicationError(
                f"{model_field.verbose_name}：{'；'.join(exc.messages)}", field=name
            ) from None
    return cleaned


@atomic_keeping_denials
def member_create(
    *,
    actor,
    org: Org,
    name: str,
    id_number: str,
    phone: str,
    category: str,
    joined_on: date | None = None,
    **fields: Any,
) -> Member:
    """入会: register a person in a union, issue the card number, record the history."""
    _require_scope(actor, org)
    _check_org_takes_members(org)
    name = (name or "").strip()
    if not name:
        raise ApplicationError(NAME_REQUIRED, field="name")
    if len(name) > 40:
        raise ApplicationError(NAME_TOO_LONG, field="name")
    parsed = parse_id_number(id_number)
    phone = parse_phone(phone)
    if category not in Category.values:
        raise ApplicationError(CATEGORY_INVALID, field="category")
    fields = _clean_fields(fields)
    joined_on = joined_on or timezone.localdate()
    _check_past(joined_on, "入会日期", "joined_on")
    if joined_on < parsed.birth_date:
        raise ApplicationError(JOINED_BEFORE_BIRTH, field="joined_on")

    existing = holding_member_by_id_number(parsed.number)
    if existing is not None:
        raise _duplicate_error(actor, existing, parsed.number)
    member = Member(
        org=org,
        name=name,
        id_number_enc=crypto.encrypt(parsed.number),
        id_number_hash=crypto.lookup_hash(parsed.number),
        phone_enc=crypto.encrypt(phone),
        phone_hash=crypto.lookup_hash(phone),
        gender=parsed.gender,
        birth_date=parsed.birth_date,
        category=category,
        joined_on=joined_on,
        status=MemberStatus.ACTIVE,
        status_changed_on=joined_on,
        **fields,
    )
    try:
        # The savepoint keeps the outer transaction usable if a concurrent insert won.
        with transaction.atomic():
            member.save()
    except IntegrityError:
        existing = holding_member_by_id_number(parsed.number)
        if existing is None:
            raise
        raise _duplicate_error(actor, existing, parsed.number) from None
    member.card_number = f"{org.county_code}{member.pk:010d}"
    member.save(update_fields=["card_number"])
    stats.stats_member_changed(before=None, after=member)
    _event(member, ChangeType.JOIN, actor=actor, on=joined_on, org=org)
    audit_record(
        actor=actor,
        action="member.create",
        obj=member,
        org=org,
        changes={
            "name": name,
            "id_number": mask_id_number(parsed.number),
            "phone": mask_phone(phone),
            "category": category,
            "org": org.name,
        },
    )
    return member


@atomic_keeping_denials
def member_update(*, actor, member: Member, **fields: Any) -> Member:
    """Edit a member's record. A new ID number or phone is validated and re-encrypted."""
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    _require_scope(actor, member.org)
    before = stats.member_state(member)
    changes: dict[str, Any] = {}
    if "id_number" in fields:
        parsed = parse_id_number(fields.pop("id_number"))
        if parsed.number != member.id_number:
            existing = holding_member_by_id_number(parsed.number)
            if existing is not None and existing.pk != member.pk:
                raise _duplicate_error(actor, existing, parsed.number)
            changes["id_number"] = [member.id_number_masked, mask_id_number(parsed.number)]
            member.id_number_enc = crypto.encrypt(parsed.number)
            member.id_number_hash = crypto.lookup_hash(parsed.number)
            member.gender, member.birth_date = parsed.gender, parsed.birth_date
    if "phone" in fields:
        phone = parse_phone(fields.pop("phone"))
        if phone != member.phone:
            changes["phone"] = [member.phone_masked, mask_phone(phone)]
            member.phone_enc = crypto.encrypt(phone)
            member.phone_hash = crypto.lookup_hash(phone)
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()
        if not fields["name"]:
            raise ApplicationError(NAME_REQUIRED, field="name")
        if len(fields["name"]) > 40:
            raise ApplicationError(NAME_TOO_LONG, field="name")
    if "category" in fields and fields["category"] not in Category.values:
        raise ApplicationError(CATEGORY_INVALID, field="category")
    for field, value in _clean_fields(fields).items():
        old = getattr(member, field)
        if old != value:
            changes[field] = [str(old), str(value)]
            setattr(member, field, value)
    if changes:
        member.save()
        stats.stats_member_changed(before=before, after=member)
        audit_record(
            actor=actor, action="member.update", obj=member, org=member.org, changes=changes
        )
    return member


def member_unmask(*, actor, member: Member) -> dict[str, str]:
    """Show ID number and phone in full: only with the separate permission, always audited."""
    if not actor.has_perm(Perm.MEMBER_PII):
        audit_record(
            actor=actor, action="member.unmask", obj=member, org=member.org, result="denied"
        )
        raise Forbidden(PII_FORBIDDEN)
    audit_record(
        actor=actor,
        action="member.unmask",
        obj=member,
        org=member.org,
        changes={"fields": ["id_number", "phone"]},
    )
    return {"id_number": member.id_number, "phone": member.phone}


def _change_status(
    *,
    actor,
    member: Member,
    to_status: str,
    change_type: str,
    action: str,
    allowed: tuple,
    on: date | None,
    reason: str,
    note: str,
) -> Member:
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    _require_scope(actor, member.org)
    if member.status not in allowed:
        raise ApplicationError(
            WRONG_STATUS.format(
                status=member.get_status_display(), action=ChangeType(change_type).label
            ),
            code="wrong_status",
        )
    if reason and reason not in ChangeReason.values:
        raise ApplicationError("请选择会籍变化原因。", field="reason")
    on = on or timezone.localdate()
    _check_past(on, "会籍变化日期", "on")
    if member.status_changed_on and on < member.status_changed_on:
        # The history is read in date order: a change cannot come before the current status.
        raise ApplicationError(
            CHANGE_BEFORE_LAST.format(last=member.status_changed_on.isoformat()), field="on"
        )
    if Transfer.objects.filter(member=member, status=TransferStatus.PENDING).exists():
        raise ApplicationError(TRANSFER_PENDING, code="transfer_pending")
    old = member.status
    before = stats.member_state(member)
    member.status = to_status
    member.status_changed_on = on
    member.save(update_fields=["status", "status_changed_on", "updated_at"])
    stats.stats_member_changed(before=before, after=member)
    _event(member, change_type, actor=actor, on=on, org=member.org, reason=reason, note=note)
    audit_record(
        actor=actor,
        action=action,
        obj=member,
        org=member.org,
        changes={"status": [old, to_status], "reason": reason, "note": note},
    )
    return member


@atomic_keeping_denials
def member_retain(
    *, actor, member: Member, on: date | None = None, reason: str = "", note: str = ""
) -> Member:
    """保留会籍: retirement, unemployment, lay-off."""
    return _change_status(
        actor=actor,
        member=member,
        to_status=MemberStatus.RETAINED,
        change_type=ChangeType.RETAIN,
        action="member.retain",
        allowed=(MemberStatus.ACTIVE,),
        on=on,
        reason=reason,
        note=note,
    )


@atomic_keeping_denials
def member_leave(
    *,
    actor,
    member: Member,
    on: date | None = None,
    reason: str = ChangeReason.PERSONAL,
    note: str = "",
) -> Member:
    """退会."""
    return _change_status(
        actor=actor,
        member=member,
        to_status=MemberStatus.LEFT,
        change_type=ChangeType.LEAVE,
        action="member.leave",
        allowed=tuple(HOLDING_STATUSES),
        on=on,
        reason=reason,
        note=note,
    )


@atomic_keeping_denials
def member_expel(
    *,
    actor,
    member: Member,
    on: date | None = None,
    reason: str = ChangeReason.CRIME,
    note: str = "",
) -> Member:
    """除名: a reason text is required."""
    if not (note or "").strip():
        raise ApplicationError(REASON_REQUIRED, field="note")
    return _change_status(
        actor=actor,
        member=member,
        to_status=MemberStatus.EXPELLED,
        change_type=ChangeType.EXPEL,
        action="member.expel",
        allowed=tuple(HOLDING_STATUSES),
        on=on,
        reason=reason,
        note=note,
    )


@atomic_keeping_denials
def transfer_request(
    *,
    actor,
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
        raise ApplicationError("请选择会籍变化原因。", field="reason")
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


def deciding_org(transfer: Transfer) -> Org:
    """The side that did not ask: the receiving union for a 转出 request, the sending union for
    a 转入 request."""
    return transfer.to_org if transfer.initiated_by == TransferSide.OUT else transfer.from_org


def _require_decider(actor, transfer: Transfer, *, decision: str) -> None:
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


@atomic_keeping_denials
def transfer_approve(*, actor, transfer: Transfer, note: str = "") -> Transfer:
    transfer = _lock_pending(transfer)
    _require_decider(actor, transfer, decision="approve")
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    _check_org_takes_members(transfer.to_org)
    today = timezone.localdate()
    before = stats.member_state(member)
    member.org = transfer.to_org
    member.status = MemberStatus.ACTIVE
    member.status_changed_on = today
    member.save(update_fields=["org", "status", "status_changed_on", "updated_at"])
    stats.stats_member_changed(before=before, after=member)
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
    return transfer


@atomic_keeping_denials
def transfer_reject(*, actor, transfer: Transfer, note: str) -> Transfer:
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
    return transfer


@atomic_keeping_denials
def transfer_cancel(*, actor, transfer: Transfer) -> Transfer:
    transfer = _lock_pending(transfer)
    initiating_org = (
        transfer.from_org if transfer.initiated_by == TransferSide.OUT else (transfer.to_org)
    )
    if not org_in_scope(actor, initiating_org):
        raise Forbidden(TRANSFER_NOT_INITIATOR)
    transfer.status = TransferStatus.CANCELLED
    transfer.decided_by, transfer.decided_at = actor, timezone.now()
    transfer.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(actor=actor, action="transfer.cancel", obj=transfer.member, org=transfer.from_org)
    return transfer


def members_move_for_merge(*, actor, source: Org, target: Org) -> int:
    """Org merge: the source union's own members move to the target, history kept.
    Called inside org_merge's transaction, which then recounts both unions' statistics."""
    today = timezone.localdate()
    moved = 0
    for member in Member.objects.select_for_update().filter(org=source):
        member.org = target
        member.save(update_fields=["org", "updated_at"])
        if member.is_holding:
            _event(
                member,
                ChangeType.TRANSFER_OUT,
                actor=actor,
                on=today,
                org=source,
                other_org=target,
                note="工会合并",
            )
            _event(
                member,
                ChangeType.TRANSFER_IN,
                actor=actor,
                on=today,
                org=target,
                other_org=source,
                note="工会合并",
            )
        moved += 1
    # A pending transfer between the two unions is settled by the merge itself.
    Transfer.objects.filter(
        Q(from_org=source, to_org=target) | Q(from_org=target, to_org=source),
        status=TransferStatus.PENDING,
    ).update(
        status=TransferStatus.CANCELLED,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_note="工会合并",
    )
    Transfer.objects.filter(status=TransferStatus.PENDING, to_org=source).update(to_org=target)
    Transfer.objects.filter(status=TransferStatus.PENDING, from_org=source).update(from_org=target)
    return moved
