"""Every write to 困难职工档案: application, 初审 with home visit, 终审, 公示 and objections,
annual review, exit (解困脱困) and re-entry. Each use case is one transaction with its audit row
and its roll-up update (`stats_archive_changed`).

Who may do what (besides the view's permission):
- apply: staff whose subtree holds the applicant's union; or the worker himself on the portal
  (a certified worker linked to a member);
- 初审: a township (乡镇/街道) or county union at or above the archive's union;
- 终审, objections, closing the 公示: the archive's county union or a union above it;
- annual review and exit: any of the above reviewers.

公示 dates: the notice starts on the first working day after the 终审 (a decision taken on a
Friday afternoon is posted on Monday) and ends on the 5th working day counted from that start
(start included). It may be closed from the day after `notice_end`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from gonghui.accounts.permissions import Perm
from gonghui.assistance.codes import (
    OPEN_STATUSES,
    ArchiveStatus,
    Cause,
    Channel,
    Disability,
    EmployerNature,
    EnterpriseState,
    Health,
    Housing,
    Hukou,
    Level,
    Marriage,
    MedicalInsurance,
    ModelWorker,
    Relation,
    WorkStatus,
)
from gonghui.assistance.models import (
    Archive,
    ArchiveReview,
    HomeVisit,
    HomeVisitPhoto,
    HouseholdMember,
    Objection,
    PovertyLine,
    ReviewStage,
)
from gonghui.assistance.stats import archive_state, stats_archive_changed
from gonghui.audit.services import (
    atomic_keeping_denials,
    audit_record,
    audit_subjects_mark,
    denial,
)
from gonghui.core import crypto, uploads
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.core.masking import mask_id_number, mask_name
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.idnumber import parse_id_number
from gonghui.members.models import Member
from gonghui.orgs.models import Org, OrgType
from gonghui.orgs.selectors import ancestor_of_type, org_in_scope
from gonghui.sites.services import PHOTO_TYPE
from gonghui.workcalendar.selectors import add_working_days

OUT_OF_SCOPE = "您只能办理本工会及下级工会的困难职工档案。"
FIRST_REVIEW_FORBIDDEN = "初审由档案所属工会上级的乡镇（街道）工会或县区总工会办理。"
FINAL_REVIEW_FORBIDDEN = "终审由档案所在县区总工会（或其上级工会）办理，乡镇（街道）工会不能终审。"
REVIEWER_FORBIDDEN = "只有乡镇（街道）及以上工会可以办理年审和解困。"
NOT_MEMBER = "申请人须是会籍有效的工会会员。"
WORKER_NOT_MEMBER = "只有已实名认证并已入会的会员才能在线申请困难帮扶，请先完成实名认证并申请入会。"
SENSITIVE_CONSENT_REQUIRED = (
    "健康状况、残疾情况属于敏感个人信息，请阅读说明并勾选单独同意后再提交；"
    "不同意的，可以到所在工会线下申请。"
)
NO_COUNTY = "申请人所在工会不在任何县区总工会之下，无法确定终审单位和低保标准。"
LEVEL_INVALID = "请选择困难类别。"
CAUSES_REQUIRED = "请至少选择一项致困原因。"
CHOICE_INVALID = "请选择{label}。"
MONEY_INVALID = "{label}须是不小于0的金额，最多两位小数。"
HOUSEHOLD_NAME = "第{n}位家庭成员：请填写姓名。"
HOUSEHOLD_RELATION = "第{n}位家庭成员：请选择与申请人的关系（申请人本人已自动加入）。"
HOUSEHOLD_ID = "第{n}位家庭成员：{message}"
HOUSEHOLD_DUPLICATE = "第{n}位家庭成员的身份证号与申请人或其他家庭成员重复。"
HOUSEHOLD_TOO_MANY = "家庭成员最多20人。"
ALREADY_OPEN = (
    "{name}（{id}）已在「{org}」的困难职工档案中（状态：{status}），"
    "一户只能有一份在档档案，不能重复申请。"
)
WRONG_STATE = "该档案当前状态为「{status}」，不能{action}。"
VISIT_REQUIRED = "初审须填写入户走访记录：走访日期、走访人员和走访情况。"
VISIT_FUTURE = "走访日期不能晚于今天。"
VISIT_BEFORE_APPLY = "走访日期不能早于申请日期。"
PHOTO_TOO_LARGE = "走访照片不能超过 5 MB，请压缩后重新上传（当前 {size:.1f} MB）。"
PHOTO_TOO_MANY = "走访照片最多 {n} 张。"
OPINION_REQUIRED = "不通过时请填写原因。"
OBJECTION_CONTENT = "请填写异议内容。"
OBJECTION_DATE = "异议收到日期须在公示期内（{start} 至 {end}），且不晚于今天。"
OBJECTION_RESOLVED = "该异议已处理。"
RESOLUTION_REQUIRED = "请填写核实处理情况。"
NOTICE_NOT_OVER = "公示期至 {end} 结束，期满后才能确认建档。"
OBJECTIONS_OPEN = "还有 {n} 条公示异议未处理，请先核实处理。"
ANNUAL_TWICE = "该档案 {year} 年度已年审过，每年只能年审一次。"
ANNUAL_YEAR = "年审年度不能早于建档年度，也不能晚于今年。"
EXIT_REASON = "请填写解困原因。"
EXIT_EVIDENCE = "请填写解困佐证（如就业证明、收入证明）。"
EXIT_DATE = "解困日期不能晚于今天，也不能早于建档日期。"
REAPPLY_NOT_EXITED = "只有已解困的档案才能重新申请建档（新一期）。"
REAPPLY_HAS_NEXT = "该档案已有下一期档案，请在最新一期上办理。"
POVERTY_COUNTY = "低保标准按县区设置，请选择一个县区总工会。"
POVERTY_AMOUNT = "低保标准须是大于0的金额（元/人·月）。"
POVERTY_YEAR = "年度须在2000年至明年之间。"
POVERTY_SCOPE = "您只能设置本工会范围内县区的低保标准。"
ANNUAL_FAILED_REASON = "年审不再符合条件"

PHOTO_MAX_COUNT = 9
CENT = Decimal("0.01")
NOTICE_DAYS = 5
MAX_HOUSEHOLD = 20

# Optional fields of an application, besides the required ones checked in `_clean_fields`.
CHOICE_FIELDS: dict[str, tuple[type, str, bool]] = {
    # name: (choices, label, required)
    "health": (Health, "健康情况", True),
    "housing": (Housing, "住房类型", True),
    "work_status": (WorkStatus, "工作状态", True),
    "marriage": (Marriage, "婚姻状况", True),
    "hukou": (Hukou, "户口类型", True),
    "medical_insurance": (MedicalInsurance, "医保状况", True),
    "disability": (Disability, "残疾类别", False),
    "model_worker": (ModelWorker, "劳模类型", False),
    "employer_nature": (EmployerNature, "工作单位性质", False),
    "enterprise_state": (EnterpriseState, "企业状况", False),
}
FREE_FIELDS = {
    "criterion": 200,
    "industry": 40,
    "hukou_division": 12,
    "situation": 4000,
}
FLAG_FIELDS = ("single_parent", "zero_employment", "self_reliant")
OTHER_FIELDS = ("housing_area", "contract_start", "contract_end")


# --- income -----------------------------------------------------------------------------------


def archive_income(
    monthly_income: Decimal, other_annual_income: Decimal, household_size: int
) -> tuple[Decimal, Decimal]:
    """(annual, per-capita monthly): annual = monthly × 12 + other annual income; per capita =
    annual / 12 / household size, rounded half-up to the fen."""
    monthly = Decimal(monthly_income)
    other = Decimal(other_annual_income or 0)
    annual = (monthly * 12 + other).quantize(CENT, rounding=ROUND_HALF_UP)
    size = max(int(household_size), 1)
    per_capita = (annual / 12 / size).quantize(CENT, rounding=ROUND_HALF_UP)
    return annual, per_capita


def _money(value: Any, label: str, field: str) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else 0))
    except (InvalidOperation, ValueError):
        raise ApplicationError(MONEY_INVALID.format(label=label), field=field) from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(CENT):
        raise ApplicationError(MONEY_INVALID.format(label=label), field=field)
    if amount >= Decimal("10000000000"):
        raise ApplicationError(MONEY_INVALID.format(label=label), field=field)
    return amount


def poverty_line_for(county: Org | None, year: int) -> Decimal | None:
    if county is None:
        return None
    return (
        PovertyLine.objects.filter(county=county, year=year)
        .values_list("monthly_amount", flat=True)
        .first()
    )


@atomic_keeping_denials
def poverty_line_set(*, actor, county: Org, year: int, amount: Any) -> PovertyLine:
    """Set the county's 低保 line for a year (county, city or province staff of that county)."""
    if county is None or county.org_type != OrgType.COUNTY:
        raise ApplicationError(POVERTY_COUNTY, field="county")
    if not org_in_scope(actor, county):
        raise denial(
            Forbidden(POVERTY_SCOPE), actor=actor, action="access.denied", obj=county, org=county
        )
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ApplicationError(POVERTY_YEAR, field="year")
    amount = _money(amount, "低保标准", "amount")
    if amount <= 0:
        raise ApplicationError(POVERTY_AMOUNT, field="amount")
    line = PovertyLine.objects.select_for_update().filter(county=county, year=year).first()
    before = str(line.monthly_amount) if line else None
    if line is None:
        line = PovertyLine.objects.create(county=county, year=year, monthly_amount=amount)
    else:
        line.monthly_amount = amount
        line.save(update_fields=["monthly_amount"])
    audit_record(
        actor=actor,
        action="assistance.poverty_line_set",
        obj=line,
        org=county,
        object_repr=f"{county.name} {year}年低保标准",
        changes={"year": year, "amount": [before, str(amount)]},
    )
    return line


# --- application ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    relation: str
    name: str
    number: str
    birth_date: date | None
    gender: str
    occupation: str
    monthly_income: Decimal
    health: str


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - (
        {"level", "causes", "monthly_income", "other_annual_income"}
        | set(CHOICE_FIELDS)
        | set(FREE_FIELDS)
        | set(FLAG_FIELDS)
        | set(OTHER_FIELDS)
    )
    if unknown:
        raise TypeError(f"unknown archive fields: {sorted(unknown)}")
    out: dict[str, Any] = {}
    if fields.get("level") not in Level.values:
        raise ApplicationError(LEVEL_INVALID, field="level")
    out["level"] = fields["level"]
    causes = [c for c in (fields.get("causes") or []) if c in Cause.values]
    if not causes or len(causes) != len(fields.get("causes") or []):
        raise ApplicationError(CAUSES_REQUIRED, field="causes")
    out["causes"] = sorted(set(causes), key=Cause.values.index)
    for name, (choices, label, required) in CHOICE_FIELDS.items():
        value = fields.get(name) or ""
        if (required and not value) or (value and value not in choices.values):
            raise ApplicationError(CHOICE_INVALID.format(label=label), field=name)
        out[name] = value
    for name, limit in FREE_FIELDS.items():
        out[name] = (fields.get(name) or "").strip()[:limit]
    for name in FLAG_FIELDS:
        if name in fields:
            out[name] = bool(fields[name])
    for name in OTHER_FIELDS:
        if fields.get(name) not in (None, ""):
            out[name] = fields[name]
    out["monthly_income"] = _money(fields.get("monthly_income"), "家庭月收入", "monthly_income")
    out["other_annual_income"] = _money(
        fields.get("other_annual_income"), "家庭其他年收入", "other_annual_income"
    )
    return out


def _clean_household(member: Member, household: list[dict]) -> list[Person]:
    number = member.id_number
    people = [
        Person(
            relation=Relation.SELF,
            name=member.name,
            number=number,
            birth_date=getattr(member, "birth_date", None),
            gender=getattr(member, "gender", "") or "",
            occupation="",
            monthly_income=Decimal(0),
            health="",
        )
    ]
    seen = {number}
    rows = [row for row in household or [] if any(str(v).strip() for v in row.values() if v)]
    if len(rows) + 1 > MAX_HOUSEHOLD:
        raise ApplicationError(HOUSEHOLD_TOO_MANY, field="household")
    for n, row in enumerate(rows, start=1):
        name = (row.get("name") or "").strip()[:40]
        if not name:
            raise ApplicationError(HOUSEHOLD_NAME.format(n=n), field="household")
        relation = row.get("relation") or ""
        if relation not in Relation.values or relation == Relation.SELF:
            raise ApplicationError(HOUSEHOLD_RELATION.format(n=n), field="household")
        try:
            parsed = parse_id_number(row.get("id_number") or "")
        except ApplicationError as exc:
            raise ApplicationError(
                HOUSEHOLD_ID.format(n=n, message=exc.message), field="household"
            ) from None
        if parsed.number in seen:
            raise ApplicationError(HOUSEHOLD_DUPLICATE.format(n=n), field="household")
        seen.add(parsed.number)
        health = row.get("health") or ""
        people.append(
            Person(
                relation=relation,
                name=name,
                number=parsed.number,
                birth_date=parsed.birth_date,
                gender=parsed.gender,
                occupation=(row.get("occupation") or "").strip()[:60],
                monthly_income=_money(
                    row.get("monthly_income"), f"第{n}位家庭成员的月收入", "household"
                ),
                health=health if health in Health.values else "",
            )
        )
    return people


def _lock_people(hashes: list[str]) -> None:
    """Serialise applications touching the same people. On PostgreSQL, one transaction-scoped
    advisory lock per ID hash (in a fixed order: no deadlock); SQLite runs one writer at a time
    (transactions begin IMMEDIATE), which already serialises them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for h in sorted(set(hashes)):
            # 63 bits of the hash as the lock key.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(h[:15], 16)])


def _refuse_open(hashes: list[str], *, exclude: Archive | None = None) -> None:
    qs = HouseholdMember.objects.filter(
        id_number_hash__in=hashes, archive__status__in=OPEN_STATUSES
    ).select_related("archive__org")
    if exclude is not None:
        qs = qs.exclude(archive=exclude)
    hit = qs.order_by("archive_id").first()
    if hit is not None:
        raise ApplicationError(
            ALREADY_OPEN.format(
                name=mask_name(hit.name),
                id=mask_id_number(hit.id_number),
                org=hit.archive.org.name,
                status=hit.archive.get_status_display(),
            ),
            code="archive_open",
            field="household",
        )


def _snapshot(archive: Archive) -> dict[str, Any]:
    return {
        "member": archive.member_id,
        "org": archive.org.name,
        "period": archive.period,
        "level": archive.level,
        "causes": archive.causes,
        "monthly_income": str(archive.monthly_income),
        "other_annual_income": str(archive.other_annual_income),
        "household_size": archive.household_size,
        "per_capita_monthly": str(archive.per_capita_monthly),
        "household": [mask_id_number(p.number) for p in getattr(archive, "_people", [])],
    }


def _create(
    *,
    actor,
    member: Member,
    household: list[dict],
    channel: str,
    applied_on: date | None,
    previous: Archive | None,
    fields: dict[str, Any],
    sensitive_consent_at=None,
) -> Archive:
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    if member.status not in HOLDING_STATUSES:
        raise ApplicationError(NOT_MEMBER, field="member")
    county = ancestor_of_type(member.org, OrgType.COUNTY)
    if county is None:
        raise ApplicationError(NO_COUNTY, field="member")
    values = _clean_fields(fields)
    people = _clean_household(member, household)
    hashes = [crypto.lookup_hash(p.number) for p in people]
    _lock_people(hashes)
    _refuse_open(hashes)
    if previous is None:
        # Re-entry: the member's last archive left hardship → the new one is its next period.
        previous = (
            Archive.objects.select_for_update(of=("self",))
            .filter(member=member, status=ArchiveStatus.EXITED, next__isnull=True)
            .order_by("-period", "-pk")
            .first()
        )
    applied_on = applied_on or timezone.localdate()
    annual, per_capita = archive_income(
        values["monthly_income"], values["other_annual_income"], len(people)
    )
    archive = Archive(
        org=member.org,
        county=county,
        member=member,
        period=previous.period + 1 if previous else 1,
        previous=previous,
        status=ArchiveStatus.SUBMITTED,
        channel=channel,
        applied_on=applied_on,
        annual_income=annual,
        household_size=len(people),
        per_capita_monthly=per_capita,
        poverty_line=poverty_line_for(county, applied_on.year),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        sensitive_consent_at=sensitive_consent_at,
        **values,
    )
    archive.save()
    HouseholdMember.objects.bulk_create(
        HouseholdMember(
            archive=archive,
            relation=p.relation,
            name=p.name,
            id_number_enc=crypto.encrypt(p.number),
            id_number_hash=h,
            birth_date=p.birth_date,
            gender=p.gender,
            occupation=p.occupation,
            monthly_income=p.monthly_income,
            health=p.health,
        )
        for p, h in zip(people, hashes, strict=True)
    )
    archive._people = people
    stats_archive_changed(before=None, after=archive)
    audit_record(
        actor=actor,
        action="assistance.archive_apply",
        obj=archive,
        org=archive.org,
        changes={
            **_snapshot(archive),
            "channel": channel,
            "sensitive_consent": sensitive_consent_at is not None,
        },
    )
    return archive


@atomic_keeping_denials
def archive_apply(
    *,
    actor,
    member: Member,
    household: list[dict] | None = None,
    channel: str = Channel.UNION,
    applied_on: date | None = None,
    **fields: Any,
) -> Archive:
    """A union applies for its member (基层工会代报). `fields`: level, causes, monthly_income,
    other_annual_income, health, housing, work_status, marriage, hukou, medical_insurance and the
    optional fields of the archive. `household`: the other people (name, relation, id_number,
    monthly_income, occupation, health); the applicant is added as 本人."""
    if not org_in_scope(actor, member.org):
        raise denial(
            Forbidden(OUT_OF_SCOPE),
            actor=actor,
            action="access.denied",
            obj=member,
            org=member.org,
        )
    return _create(
        actor=actor,
        member=member,
        household=household or [],
        channel=channel,
        applied_on=applied_on,
        previous=None,
        fields=fields,
    )


@transaction.atomic
def archive_apply_by_worker(
    *, worker, sensitive_consent: bool, household: list[dict] | None = None, **fields
) -> Archive:
    """A certified worker who is a member applies for himself on the portal.

    The household's health and disability data are sensitive personal information: the worker
    agrees to their processing separately (PIPL art. 29), and the time is kept on the archive.
    """
    member = getattr(worker, "member", None) if worker is not None else None
    if (
        worker is None
        or not worker.is_certified
        or member is None
        or member.status not in HOLDING_STATUSES
    ):
        raise ApplicationError(WORKER_NOT_MEMBER, code="not_member")
    if not sensitive_consent:
        raise ApplicationError(
            SENSITIVE_CONSENT_REQUIRED,
            code="sensitive_consent_required",
            field="sensitive_consent",
        )
    return _create(
        actor=None,
        member=member,
        household=household or [],
        channel=Channel.PORTAL,
        applied_on=None,
        previous=None,
        fields=fields,
        sensitive_consent_at=timezone.now(),
    )


@atomic_keeping_denials
def archive_reapply(
    *, actor, previous: Archive, household: list[dict] | None = None, **fields
) -> Archive:
    """Re-entry after 解困: a new archive (period + 1) pointing back to `previous`."""
    previous = Archive.objects.select_for_update().select_related("org").get(pk=previous.pk)
    if not org_in_scope(actor, previous.org):
        raise denial(
            Forbidden(OUT_OF_SCOPE),
            actor=actor,
            action="access.denied",
            obj=previous,
            org=previous.org,
        )
    if previous.status != ArchiveStatus.EXITED:
        raise Conflict(REAPPLY_NOT_EXITED)
    if Archive.objects.filter(previous=previous).exists():
        raise Conflict(REAPPLY_HAS_NEXT)
    return _create(
        actor=actor,
        member=previous.member,
        household=household or [],
        channel=Channel.UNION,
        applied_on=None,
        previous=previous,
        fields=fields,
    )


# --- reviews ----------------------------------------------------------------------------------


def _lock(archive: Archive) -> Archive:
    return (
        Archive.objects.select_for_update(of=("self",))
        .select_related("org", "county", "member")
        .get(pk=archive.pk)
    )


def _refuse(actor, archive: Archive, message: str) -> ApplicationError:
    return denial(
        Forbidden(message), actor=actor, action="access.denied", obj=archive, org=archive.org
    )


def is_first_reviewer(actor, archive: Archive) -> bool:
    org = getattr(actor, "org", None)
    return (
        org is not None
        and org.org_type in (OrgType.TOWNSHIP, OrgType.COUNTY)
        and archive.org.path.startswith(org.path)
    )


def is_final_reviewer(actor, archive: Archive) -> bool:
    return org_in_scope(actor, archive.county)


def is_reviewer(actor, archive: Archive) -> bool:
    return is_first_reviewer(actor, archive) or is_final_reviewer(actor, archive)


def _require_state(archive: Archive, allowed: tuple, action: str) -> None:
    if archive.status not in allowed:
        raise Conflict(WRONG_STATE.format(status=archive.get_status_display(), action=action))


def _set_status(archive: Archive, status: str, *, actor, action: str, **changes) -> None:
    before = archive_state(archive)
    old = archive.status
    archive.status = status
    for name, value in changes.items():
        setattr(archive, name, value)
    archive.save()
    stats_archive_changed(before=before, after=archive)
    audit_record(
        actor=actor,
        action=action,
        obj=archive,
        org=archive.org,
        changes={"status": [old, status], **{k: str(v) for k, v in changes.items()}},
    )


def _clean_photos(photos) -> list[tuple[bytes, str]]:
    photos = [p for p in photos or [] if p is not None and getattr(p, "size", 0)]
    if len(photos) > PHOTO_MAX_COUNT:
        raise ApplicationError(PHOTO_TOO_MANY.format(n=PHOTO_MAX_COUNT), field="photos")
    out = []
    for upload in photos:
        if upload.size > uploads.PHOTO_MAX_BYTES:
            raise ApplicationError(
                PHOTO_TOO_LARGE.format(size=upload.size / 1024 / 1024), field="photos"
            )
        data = upload.read(uploads.PHOTO_MAX_BYTES + 1)
        if len(data) > uploads.PHOTO_MAX_BYTES:
            raise ApplicationError(
                PHOTO_TOO_LARGE.format(size=len(data) / 1024 / 1024), field="photos"
            )
        content_type = uploads.content_type(data, uploads.PHOTO_TYPES)
        if content_type is None:
            raise ApplicationError(PHOTO_TYPE, field="photos")
        out.append((data, content_type))
    return out


@atomic_keeping_denials
def archive_first_review(
    *, actor, archive: Archive, approved: bool, opinion: str = "", visit: dict
) -> Archive:
    """初审 with a home visit: `visit` = {visited_on, visitors, findings, photos (uploads)}."""
    archive = _lock(archive)
    if not is_first_reviewer(actor, archive):
        raise _refuse(actor, archive, FIRST_REVIEW_FORBIDDEN)
    _require_state(archive, (ArchiveStatus.SUBMITTED,), "初审")
    opinion = (opinion or "").strip()
    if not approved and not opinion:
        raise ApplicationError(OPINION_REQUIRED, field="opinion")
    visit = visit or {}
    visited_on = visit.get("visited_on")
    visitors = (visit.get("visitors") or "").strip()[:200]
    findings = (visit.get("findings") or "").strip()
    if not visited_on or not visitors or not findings:
        raise ApplicationError(VISIT_REQUIRED, field="visited_on")
    if visited_on > timezone.localdate():
        raise ApplicationError(VISIT_FUTURE, field="visited_on")
    if visited_on < archive.applied_on:
        raise ApplicationError(VISIT_BEFORE_APPLY, field="visited_on")
    photos = _clean_photos(visit.get("photos"))
    home_visit = HomeVisit.objects.create(
        archive=archive,
        visited_on=visited_on,
        visitors=visitors,
        findings=findings,
        created_by=actor,
    )
    HomeVisitPhoto.objects.bulk_create(
        HomeVisitPhoto(visit=home_visit, content=data, content_type=ct, size=len(data))
        for data, ct in photos
    )
    ArchiveReview.objects.create(
        archive=archive,
        stage=ReviewStage.FIRST,
        org=actor.org,
        reviewer=actor,
        approved=bool(approved),
        opinion=opinion,
    )
    if approved:
        _set_status(
            archive,
            ArchiveStatus.FIRST_PASSED,
            actor=actor,
            action="assistance.archive_first_review",
        )
    else:
        _set_status(
            archive,
            ArchiveStatus.REJECTED,
            actor=actor,
            action="assistance.archive_first_review",
            rejected_reason=f"初审未通过：{opinion}",
        )
    return archive


def notice_period(decided_on: date) -> tuple[date, date]:
    """公示 of 5 working days: from the first working day after the decision to the 5th."""
    start = add_working_days(decided_on, 1)
    return start, add_working_days(start, NOTICE_DAYS - 1)


@atomic_keeping_denials
def archive_final_review(
    *, actor, archive: Archive, approved: bool, opinion: str = "", today: date | None = None
) -> Archive:
    """终审 by the county union (or above): approve → 公示 of 5 working days."""
    archive = _lock(archive)
    if not is_final_reviewer(actor, archive):
        raise _refuse(actor, archive, FINAL_REVIEW_FORBIDDEN)
    _require_state(archive, (ArchiveStatus.FIRST_PASSED,), "终审")
    opinion = (opinion or "").strip()
    if not approved and not opinion:
        raise ApplicationError(OPINION_REQUIRED, field="opinion")
    ArchiveReview.objects.create(
        archive=archive,
        stage=ReviewStage.FINAL,
        org=actor.org or archive.county,
        reviewer=actor,
        approved=bool(approved),
        opinion=opinion,
    )
    if approved:
        start, end = notice_period(today or timezone.localdate())
        _set_status(
            archive,
            ArchiveStatus.NOTICE,
            actor=actor,
            action="assistance.archive_final_review",
            notice_start=start,
            notice_end=end,
        )
    else:
        _set_status(
            archive,
            ArchiveStatus.REJECTED,
            actor=actor,
            action="assistance.archive_final_review",
            rejected_reason=f"终审未通过：{opinion}",
        )
    return archive


# --- 公示 ---------------------------------------------------------------------------------------


@atomic_keeping_denials
def objection_record(
    *,
    actor,
    archive: Archive,
    content: str,
    received_on: date | None = None,
    raised_by: str = "",
) -> Objection:
    archive = _lock(archive)
    if not is_final_reviewer(actor, archive):
        raise _refuse(actor, archive, FINAL_REVIEW_FORBIDDEN)
    _require_state(archive, (ArchiveStatus.NOTICE,), "登记公示异议")
    content = (content or "").strip()
    if not content:
        raise ApplicationError(OBJECTION_CONTENT, field="content")
    today = timezone.localdate()
    received_on = received_on or today
    if not (archive.notice_start <= received_on <= archive.notice_end) or received_on > today:
        raise ApplicationError(
            OBJECTION_DATE.format(start=archive.notice_start, end=archive.notice_end),
            field="received_on",
        )
    objection = Objection.objects.create(
        archive=archive,
        received_on=received_on,
        raised_by=(raised_by or "").strip()[:40],
        content=content,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="assistance.objection_record",
        obj=archive,
        org=archive.org,
        changes={"objection": objection.pk, "received_on": str(received_on)},
    )
    return objection


@atomic_keeping_denials
def objection_resolve(*, actor, objection: Objection, upheld: bool, resolution: str) -> Objection:
    """Record the outcome of an objection; an upheld objection rejects the archive."""
    archive = _lock(objection.archive)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if not is_final_reviewer(actor, archive):
        raise _refuse(actor, archive, FINAL_REVIEW_FORBIDDEN)
    _require_state(archive, (ArchiveStatus.NOTICE,), "处理公示异议")
    if objection.upheld is not None:
        raise Conflict(OBJECTION_RESOLVED)
    resolution = (resolution or "").strip()
    if not resolution:
        raise ApplicationError(RESOLUTION_REQUIRED, field="resolution")
    objection.upheld = bool(upheld)
    objection.resolution = resolution
    objection.resolved_by = actor
    objection.resolved_at = timezone.now()
    objection.save()
    audit_record(
        actor=actor,
        action="assistance.objection_resolve",
        obj=archive,
        org=archive.org,
        changes={"objection": objection.pk, "upheld": objection.upheld},
    )
    if objection.upheld:
        _set_status(
            archive,
            ArchiveStatus.REJECTED,
            actor=actor,
            action="assistance.archive_reject",
            rejected_reason=f"公示异议成立：{resolution}",
        )
    return objection


@atomic_keeping_denials
def archive_complete_notice(*, actor, archive: Archive, today: date | None = None) -> Archive:
    """After the 公示 with every objection resolved → 已建档."""
    archive = _lock(archive)
    if not is_final_reviewer(actor, archive):
        raise _refuse(actor, archive, FINAL_REVIEW_FORBIDDEN)
    _require_state(archive, (ArchiveStatus.NOTICE,), "确认公示期满建档")
    today = today or timezone.localdate()
    if today <= archive.notice_end:
        raise ApplicationError(NOTICE_NOT_OVER.format(end=archive.notice_end))
    pending = archive.objections.filter(upheld__isnull=True).count()
    if pending:
        raise ApplicationError(OBJECTIONS_OPEN.format(n=pending))
    _set_status(
        archive,
        ArchiveStatus.ARCHIVED,
        actor=actor,
        action="assistance.archive_complete_notice",
        archived_on=today,
    )
    return archive


# --- after archiving --------------------------------------------------------------------------


@atomic_keeping_denials
def archive_annual_review(
    *,
    actor,
    archive: Archive,
    year: int,
    approved: bool,
    opinion: str = "",
    updates: dict[str, Any] | None = None,
) -> Archive:
    """年审, once per archive and year. Approved: the income and level may be updated (the
    county's 低保 line of that year is taken). Not approved: the household leaves (解困) with the
    reason "年审不再符合条件"."""
    archive = _lock(archive)
    if not is_reviewer(actor, archive):
        raise _refuse(actor, archive, REVIEWER_FORBIDDEN)
    _require_state(archive, (ArchiveStatus.ARCHIVED,), "年审")
    today = timezone.localdate()
    year = int(year)
    if not (archive.archived_on and archive.archived_on.year <= year <= today.year):
        raise ApplicationError(ANNUAL_YEAR, field="year")
    if archive.reviews.filter(stage=ReviewStage.ANNUAL, year=year).exists():
        raise Conflict(ANNUAL_TWICE.format(year=year), field="year")
    opinion = (opinion or "").strip()
    if not approved and not opinion:
        raise ApplicationError(OPINION_REQUIRED, field="opinion")
    ArchiveReview.objects.create(
        archive=archive,
        stage=ReviewStage.ANNUAL,
        year=year,
        org=actor.org or archive.county,
        reviewer=actor,
        approved=bool(approved),
        opinion=opinion,
    )
    if not approved:
        _set_status(
            archive,
            ArchiveStatus.EXITED,
            actor=actor,
            action="assistance.archive_annual_review",
            last_reviewed_year=year,
            exited_on=today,
            exit_reason=ANNUAL_FAILED_REASON,
            exit_evidence=opinion,
        )
        return archive
    before = archive_state(archive)
    updates = updates or {}
    old = _snapshot(archive)
    if updates.get("level"):
        if updates["level"] not in Level.values:
            raise ApplicationError(LEVEL_INVALID, field="level")
        archive.level = updates["level"]
    if updates.get("monthly_income") not in (None, ""):
        archive.monthly_income = _money(updates["monthly_income"], "家庭月收入", "monthly_income")
    if updates.get("other_annual_income") not in (None, ""):
        archive.other_annual_income = _money(
            updates["other_annual_income"], "家庭其他年收入", "other_annual_income"
        )
    archive.annual_income, archive.per_capita_monthly = archive_income(
        archive.monthly_income, archive.other_annual_income, archive.household_size
    )
    line = poverty_line_for(archive.county, year)
    if line is not None:
        archive.poverty_line = line
    archive.last_reviewed_year = year
    archive.save()
    stats_archive_changed(before=before, after=archive)
    new = _snapshot(archive)
    audit_record(
        actor=actor,
        action="assistance.archive_annual_review",
        obj=archive,
        org=archive.org,
        changes={
            "year": year,
            "approved": True,
            **{k: [old[k], new[k]] for k in new if old[k] != new[k]},
        },
    )
    return archive


@atomic_keeping_denials
def archive_exit(
    *, actor, archive: Archive, reason: str, evidence: str, on: date | None = None
) -> Archive:
    """解困脱困: the household leaves hardship; the archive stays readable."""
    archive = _lock(archive)
    if not is_reviewer(actor, archive):
        raise _refuse(actor, archive, REVIEWER_FORBIDDEN)
    _require_state(archive, (ArchiveStatus.ARCHIVED,), "解困")
    reason = (reason or "").strip()
    evidence = (evidence or "").strip()
    if not reason:
        raise ApplicationError(EXIT_REASON, field="reason")
    if not evidence:
        raise ApplicationError(EXIT_EVIDENCE, field="evidence")
    on = on or timezone.localdate()
    if on > timezone.localdate() or (archive.archived_on and on < archive.archived_on):
        raise ApplicationError(EXIT_DATE, field="on")
    _set_status(
        archive,
        ArchiveStatus.EXITED,
        actor=actor,
        action="assistance.archive_exit",
        exited_on=on,
        exit_reason=reason,
        exit_evidence=evidence,
    )
    return archive


def archive_unmask(*, actor, archive: Archive) -> dict[int, str]:
    """Household ID numbers in full (only with the PII permission), audited."""
    if not actor.has_perm(Perm.MEMBER_PII):
        audit_record(
            actor=actor,
            action="assistance.archive_unmask",
            obj=archive,
            org=archive.org,
            result="denied",
        )
        raise Forbidden("您没有查看完整身份证号的权限。")
    people = list(archive.household.all())
    with transaction.atomic():
        log = audit_record(
            actor=actor,
            action="assistance.archive_unmask",
            obj=archive,
            org=archive.org,
            changes={"fields": ["household.id_number"], "people": len(people)},
        )
        # The applicant's own ID number is among them: it shows on his member page.
        audit_subjects_mark(
            log=log,
            queryset=Archive.objects.filter(pk=archive.pk),
            field="member",
            object_type="member",
        )
    return {p.pk: p.id_number for p in people}
