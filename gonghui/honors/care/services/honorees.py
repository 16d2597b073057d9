"""Writes to the honoree registry: register (deduplicated by ID number), link to the member
record, edit contact, record a death, the 困难 flag, and showing the ID number in full."""

from datetime import date

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core import crypto
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.permissions import Perm
from gonghui.honors.care.metrics import honoree_figures, stats_honoree_changed
from gonghui.honors.models import Honoree, HonorSubject
from gonghui.members.idnumber import parse_id_number, parse_phone
from gonghui.members.models import Member
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope

OUT_OF_SCOPE = "您只能管理本工会及下级工会的劳模。"
NAME_REQUIRED = "请填写姓名。"
PII_FORBIDDEN = "您没有查看完整身份证号和电话的权限。"
ALREADY_DECEASED = "「{name}」已登记去世，不能重复登记。"
DEATH_DATE_FUTURE = "去世日期不能晚于今天。"
DEATH_BEFORE_ALLOWANCE = "「{name}」在 {day} 之后仍有待遇发放记录，去世日期不能早于该日期，请核对。"
GENDER_INVALID = "性别只能填写「男」或「女」。"
GENDERS = {"男": "1", "女": "2", "1": "1", "2": "2"}


def _require_scope(actor: User, org: Org, honoree: Honoree | None = None) -> None:
    if not org_in_scope(actor, org):
        raise denial(
            Forbidden(OUT_OF_SCOPE),
            actor=actor,
            action="access.denied",
            obj=honoree or org,
            org=org,
        )


def link_member(honoree: Honoree) -> Member | None:
    """Point the honoree at the member record with the same ID number, if there is one."""
    if not honoree.id_number_hash:
        return None
    hashes = crypto.stored_hashes(honoree.id_number_hash, honoree.id_number_enc)
    member = Member.objects.filter(id_number_hash__in=hashes).first()
    if member is not None and honoree.member_id != member.pk:
        honoree.member = member
        honoree.save(update_fields=["member", "updated_at"])
    return member


def clean_gender(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if value not in GENDERS:
        raise ApplicationError(GENDER_INVALID, field="gender")
    return GENDERS[value]


@atomic_keeping_denials
def honoree_find_or_create(
    *,
    actor: User,
    name: str,
    org: Org,
    id_number: str = "",
    gender: str = "",
    employer: str = "",
    phone: str = "",
    alive: bool = True,
) -> tuple[Honoree, bool]:
    """A person honoree, found by ID-number hash or registered; runs inside the caller's
    transaction (the import's, the decision's). Returns (honoree, created)."""
    _require_scope(actor, org)
    name = clean_text(name, label="姓名", field="name")
    if not name:
        raise ApplicationError(NAME_REQUIRED, field="name")
    parsed = parse_id_number(id_number) if id_number else None
    if parsed is not None:
        existing = Honoree.objects.filter(
            id_number_hash__in=crypto.lookup_hashes(parsed.number)
        ).first()
        if existing is not None:
            return existing, False
    phone = parse_phone(phone) if phone else ""
    honoree = Honoree(
        subject=HonorSubject.PERSON,
        name=name,
        org=org,
        gender=clean_gender(gender) or (parsed.gender if parsed else ""),
        birth_date=parsed.birth_date if parsed else None,
        id_number_enc=crypto.encrypt(parsed.number) if parsed else None,
        id_number_hash=crypto.lookup_hash(parsed.number) if parsed else "",
        phone_enc=crypto.encrypt(phone) if phone else None,
        employer=clean_text(employer, label="工作单位", field="employer")[:120],
        alive=alive,
    )
    honoree.save()
    link_member(honoree)
    audit_record(
        actor=actor,
        action="honoree.create",
        obj=honoree,
        org=org,
        changes={
            "name": [None, name],
            "id_number": [None, mask_id_number(parsed.number) if parsed else ""],
            "member": [None, honoree.member_id],
        },
    )
    stats_honoree_changed(before=None, honoree=honoree)
    return honoree, True


@atomic_keeping_denials(durable=True)
def honoree_update_contact(
    *, actor: User, honoree: Honoree, phone: str, employer: str, post: str
) -> Honoree:
    honoree = Honoree.objects.select_for_update().get(pk=honoree.pk)
    _require_scope(actor, honoree.org, honoree)
    phone = parse_phone(phone) if phone else ""
    changes = {}
    if phone != honoree.phone:
        changes["phone"] = [mask_phone(honoree.phone), mask_phone(phone)]
        honoree.phone_enc = crypto.encrypt(phone) if phone else None
    for field, value, label in (("employer", employer, "工作单位"), ("post", post, "岗位")):
        value = clean_text(value, label=label, field=field)
        if value != getattr(honoree, field):
            changes[field] = [getattr(honoree, field), value]
            setattr(honoree, field, value)
    if changes:
        honoree.save()
        audit_record(
            actor=actor, action="honoree.update", obj=honoree, org=honoree.org, changes=changes
        )
    return honoree


@atomic_keeping_denials(durable=True)
def honoree_record_death(*, actor: User, honoree: Honoree, died_on: date) -> Honoree:
    """The honoree died on `died_on`: no allowance may be paid after it (batches skip them)."""
    honoree = Honoree.objects.select_for_update().get(pk=honoree.pk)
    _require_scope(actor, honoree.org, honoree)
    if not honoree.alive:
        raise ApplicationError(ALREADY_DECEASED.format(name=honoree.name), field="died_on")
    if died_on > timezone.localdate():
        raise ApplicationError(DEATH_DATE_FUTURE, field="died_on")
    later = honoree.allowances.filter(paid_on__gt=died_on).order_by("-paid_on").first()
    if later is not None:
        raise ApplicationError(
            DEATH_BEFORE_ALLOWANCE.format(name=honoree.name, day=later.paid_on), field="died_on"
        )
    before = honoree_figures(honoree)
    honoree.alive = False
    honoree.died_on = died_on
    honoree.save()
    audit_record(
        actor=actor,
        action="honoree.death",
        obj=honoree,
        org=honoree.org,
        changes={"alive": [True, False], "died_on": [None, str(died_on)]},
    )
    stats_honoree_changed(before=before, honoree=honoree)
    return honoree


@atomic_keeping_denials(durable=True)
def honoree_set_hardship(*, actor: User, honoree: Honoree, hardship: bool) -> Honoree:
    honoree = Honoree.objects.select_for_update().get(pk=honoree.pk)
    _require_scope(actor, honoree.org, honoree)
    if honoree.hardship != hardship:
        audit_record(
            actor=actor,
            action="honoree.hardship",
            obj=honoree,
            org=honoree.org,
            changes={"hardship": [honoree.hardship, hardship]},
        )
        honoree.hardship = hardship
        honoree.save()
    return honoree


def can_unmask(actor: User) -> bool:
    return actor.has_perm(Perm.MEMBER_PII) or actor.has_perm(Perm.HONOREE_PII)


@atomic_keeping_denials(durable=True)
def honoree_unmask(*, actor: User, honoree: Honoree) -> dict[str, str]:
    """The ID number and phone in full: with the general grant (查看完整身份证号和手机号) or the
    honorees' own one; always audited, a refusal too."""
    if not can_unmask(actor):
        raise denial(
            Forbidden(PII_FORBIDDEN),
            actor=actor,
            action="honoree.unmask",
            obj=honoree,
            org=honoree.org,
        )
    audit_record(
        actor=actor,
        action="honoree.unmask",
        obj=honoree,
        org=honoree.org,
        changes={"fields": ["id_number", "phone"]},
    )
    return {"id_number": honoree.id_number, "phone": honoree.phone}
