"""会员档案: 入会, edits, unmasking, and the status changes 保留会籍, 退会, 除名."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core import crypto, pii
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.members import metrics
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
    Transfer,
    TransferStatus,
)
from gonghui.members.selectors import holding_member_by_id_number
from gonghui.members.services.common import (
    CHANGE_REASON_INVALID,
    FIELD_INVALID,
    REASON_REQUIRED,
    TRANSFER_PENDING,
    WRONG_STATUS,
    _check_org_takes_members,
    _check_past,
    _event,
    _require_scope,
)
from gonghui.members.teams.services import leave_teams_outside
from gonghui.orgs.models import Org

NAME_REQUIRED = "请填写姓名。"
NAME_TOO_LONG = "姓名不能超过40个字。"
CATEGORY_INVALID = "请选择职工类别。"
DUPLICATE_MEMBER = (
    "身份证号 {id} 已是「{org}」的会员（{status}），一人只能有一个有效会籍；如需变更，请办理转会。"
)
JOINED_BEFORE_BIRTH = "入会日期不能早于出生日期。"
CHANGE_BEFORE_LAST = "会籍变化日期不能早于上一次会籍变化的日期（{last}）。"
PII_FORBIDDEN = "您没有查看完整个人信息的权限。"


def _duplicate_error(actor: User, existing: Member, number: str) -> Conflict:
    shown = number if actor.has_perm(Perm.MEMBER_PII) else mask_id_number(number)
    return Conflict(
        DUPLICATE_MEMBER.format(
            id=shown, org=existing.org.name, status=existing.get_status_display()
        ),
        code="duplicate_member",
        field="id_number",
    )


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
            message = FIELD_INVALID.format(
                label=model_field.verbose_name, errors="；".join(exc.messages)
            )
            raise ApplicationError(message, field=name) from None
    return cleaned


@atomic_keeping_denials
def member_create(
    *,
    actor: User,
    org: Org,
    name: str,
    id_number: str,
    phone: str,
    category: str,
    joined_on: date | None = None,
    arrived_from: str = "",
    **fields: Any,
) -> Member:
    """入会: register a person in a union, issue the card number, record the history.

    `arrived_from` (a cross-province transfer, gonghui.national) records a 转入 today, with that
    note, instead of the 入会 on `joined_on` (which keeps the date he first joined)."""
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

    # Looked up under every readable key version, under a lock (a key rotation: the partial
    # unique index alone compares a single version's hash).
    pii.lock_person(parsed.number)
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
    if arrived_from:
        member.status_changed_on = timezone.localdate()
        member.save(update_fields=["card_number", "status_changed_on"])
    metrics.stats_member_changed(before=None, after=member)
    if arrived_from:
        _event(
            member,
            ChangeType.TRANSFER_IN,
            actor=actor,
            on=member.status_changed_on,
            org=org,
            note=arrived_from[:200],
        )
    else:
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


@atomic_keeping_denials(durable=True)
def member_update(*, actor: User, member: Member, **fields: Any) -> Member:
    """Edit a member's record. A new ID number or phone is validated and re-encrypted."""
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    _require_scope(actor, member.org)
    before = metrics.member_state(member)
    changes: dict[str, Any] = {}
    if "id_number" in fields:
        parsed = parse_id_number(fields.pop("id_number"))
        if parsed.number != member.id_number:
            pii.lock_person(parsed.number)
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
        metrics.stats_member_changed(before=before, after=member)
        audit_record(
            actor=actor, action="member.update", obj=member, org=member.org, changes=changes
        )
    return member


def member_unmask(*, actor: User, member: Member) -> dict[str, str]:
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
    actor: User,
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
        raise ApplicationError(CHANGE_REASON_INVALID, field="reason")
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
    before = metrics.member_state(member)
    member.status = to_status
    member.status_changed_on = on
    member.save(update_fields=["status", "status_changed_on", "updated_at"])
    metrics.stats_member_changed(before=before, after=member)
    leave_teams_outside(actor=actor, member=member)
    _event(member, change_type, actor=actor, on=on, org=member.org, reason=reason, note=note)
    audit_record(
        actor=actor,
        action=action,
        obj=member,
        org=member.org,
        changes={"status": [old, to_status], "reason": reason, "note": note},
    )
    return member


@atomic_keeping_denials(durable=True)
def member_retain(
    *, actor: User, member: Member, on: date | None = None, reason: str = "", note: str = ""
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
    actor: User,
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


@atomic_keeping_denials(durable=True)
def member_expel(
    *,
    actor: User,
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
