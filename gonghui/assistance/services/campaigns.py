"""Writes of 四送 campaigns and 金秋助学: one function per use case, each audited.

Money flows down the tree: the campaign's org holds the budget, allocations pass part of it to
descendants, and every org can allocate onward or pay out only what it holds itself (what it
received, less what it passed on and paid). Checks of that balance lock the campaign row, so two
concurrent allocations or payments of one campaign are decided one after the other.
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from gonghui.assistance.codes import AidForm, ArchiveStatus, CampaignKind, SchoolLevel
from gonghui.assistance.models import (
    Allocation,
    Archive,
    Campaign,
    CampaignPayment,
    GrantStatus,
    HouseholdMember,
    StudentGrant,
)
from gonghui.assistance.stats import stats_campaign_paid, stats_grant_paid
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core import crypto, uploads
from gonghui.core.cleaning import CELL_CONTROL, control_cell
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.core.masking import mask_id_number
from gonghui.core.tabular import open_table, text
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.idnumber import normalize
from gonghui.members.models import Member
from gonghui.orgs.models import Org, OrgType
from gonghui.orgs.selectors import org_in_scope

OUT_OF_SCOPE = "您只能管理本工会及下级工会的四送活动和金秋助学。"
KIND_INVALID = "请选择活动类型。"
NAME_REQUIRED = "请填写活动名称。"
NAME_TOO_LONG = "活动名称不能超过100个字。"
DATES_REQUIRED = "请填写活动开始日期和结束日期。"
PERIOD_INVALID = "结束日期不能早于开始日期，请重新选择。"
BUDGET_INVALID = "预算须大于 0 元，最多两位小数。"
AMOUNT_INVALID = "金额须大于 0 元，最多两位小数。"
NOT_DESCENDANT = "只能向「{org}」的下级工会下拨资金，「{target}」不在其下。"
NO_FUNDS = "「{org}」没有获得本次活动的资金，不能下拨或发放。"
OVER_AVAILABLE = (
    "「{org}」可用资金不足：共获得 {total} 元，已下拨 {allocated} 元，已发放 {paid} 元，"
    "尚余 {left} 元；本次 {amount} 元，超出 {over} 元。"
)
RECIPIENT_REQUIRED = "请选择一位慰问对象（会员或困难职工档案，二选一）。"
RECIPIENT_OUTSIDE = "「{name}」不在「{org}」及其下级工会，请由其所在工会发放。"
MEMBER_NOT_HOLDING = "「{name}」的会籍状态为「{status}」，不能作为慰问对象。"
ARCHIVE_NOT_ARCHIVED = "只能慰问已建档的困难职工，该档案当前状态为「{status}」。"
FORM_INVALID = "请选择慰问形式。"
GOODS_REQUIRED = "实物慰问请填写实物内容。"
PAID_ON_REQUIRED = "请填写发放日期。"
PAID_ON_OUTSIDE = "发放日期须在活动期间（{start} 至 {end}）内，请重新填写。"
PAYING_ORG_REQUIRED = "请以具体工会的账号登记发放。"
REVOKE_REASON_REQUIRED = "请填写撤销原因。"
PAID_TWICE = "「{name}」已在本次活动中领取过慰问（{org}，{day}发放），同一人不能重复发放。"

GRANT_ARCHIVE_NOT_ARCHIVED = "金秋助学只面向已建档的困难职工家庭，该档案当前状态为「{status}」。"
STUDENT_NOT_IN_HOUSEHOLD = "请从该档案的家庭成员中选择学生。"
YEAR_INVALID = "请填写正确的资助年度。"
SCHOOL_REQUIRED = "请填写学校名称。"
SCHOOL_TOO_LONG = "学校名称不能超过100个字。"
LEVEL_INVALID = "请选择就读层次。"
PROOF_REQUIRED = "请上传录取通知书或在读证明。"
PROOF_TOO_LARGE = "录取通知书/在读证明不能超过 5 MB，请压缩后重新上传（当前 {size:.1f} MB）。"
PROOF_TYPE = "录取通知书/在读证明只能是 PDF、JPEG 或 PNG 文件。"
GRANT_TWICE = "「{name}」{year}年度已有金秋助学申请（{org}，{status}），同一学生每年只能资助一次。"
REVIEW_LEVEL = "金秋助学须由县区总工会或以上工会审核。"
REVIEW_STATE = "该申请当前状态为「{status}」，只有待审核的申请才能审核。"
REVIEW_AMOUNT = "批准资助须填写大于 0 元的资助金额。"
REVIEW_OPINION = "不予资助时请填写审核意见，说明原因。"
PAY_STATE = "该申请当前状态为「{status}」，只有已批准的申请才能发放。"
PAY_DATE_FUTURE = "发放日期不能晚于今天。"

PROOF_MAX_BYTES = uploads.PDF_MAX_BYTES
REVIEWING_TYPES = (OrgType.PROVINCE, OrgType.CITY, OrgType.COUNTY)


def _require_scope(actor, org: Org, obj=None) -> None:
    if not org_in_scope(actor, org):
        raise denial(
            Forbidden(OUT_OF_SCOPE), actor=actor, action="access.denied", obj=obj or org, org=org
        )


def _money(value, message: str, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ApplicationError(message, field=field) from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ApplicationError(message, field=field)
    return amount.quantize(Decimal("0.01"))


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- campaigns and the money down the tree -------------------------------------------------------


@atomic_keeping_denials
def campaign_create(
    *,
    actor,
    kind: str,
    name: str,
    org: Org,
    starts_on: date | None,
    ends_on: date | None,
    budget,
) -> Campaign:
    _require_scope(actor, org)
    if kind not in CampaignKind.values:
        raise ApplicationError(KIND_INVALID, field="kind")
    name = (name or "").strip()
    if not name:
        raise ApplicationError(NAME_REQUIRED, field="name")
    if len(name) > 100:
        raise ApplicationError(NAME_TOO_LONG, field="name")
    if starts_on is None or ends_on is None:
        raise ApplicationError(DATES_REQUIRED, field="ends_on")
    if ends_on < starts_on:
        raise ApplicationError(PERIOD_INVALID, field="ends_on")
    budget = _money(budget, BUDGET_INVALID, "budget")
    campaign = Campaign.objects.create(
        kind=kind,
        name=name,
        org=org,
        starts_on=starts_on,
        ends_on=ends_on,
        budget=budget,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="campaign.create",
        obj=campaign,
        org=org,
        changes={
            "kind": kind,
            "name": name,
            "period": [starts_on.isoformat(), ends_on.isoformat()],
            "budget": str(budget),
        },
    )
    return campaign


def _sum(qs) -> Decimal:
    return qs.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def org_balance(campaign: Campaign, org: Org) -> dict[str, Decimal] | None:
    """What `org` holds itself in `campaign`: total received (the budget for the campaign's org),
    allocated onward, paid out, and left. None if the org never got any of the money."""
    if org.pk == campaign.org_id:
        total = campaign.budget
    else:
        received = Allocation.objects.filter(campaign=campaign, org=org)
        if not received.exists():
            return None
        total = _sum(received)
    allocated = _sum(Allocation.objects.filter(campaign=campaign, from_org=org))
    paid = _sum(CampaignPayment.objects.filter(campaign=campaign, org=org))
    return {"total": total, "allocated": allocated, "paid": paid, "left": total - allocated - paid}


def _take(campaign: Campaign, org: Org, amount: Decimal, field: str) -> None:
    """Refuse unless `org` still holds `amount` (call with the campaign row locked)."""
    balance = org_balance(campaign, org)
    if balance is None:
        raise ApplicationError(NO_FUNDS.format(org=org.name), field=field)
    if amount > balance["left"]:
        raise ApplicationError(
            OVER_AVAILABLE.format(
                org=org.name,
                total=_yuan(balance["total"]),
                allocated=_yuan(balance["allocated"]),
                paid=_yuan(balance["paid"]),
                left=_yuan(balance["left"]),
                amount=_yuan(amount),
                over=_yuan(amount - balance["left"]),
            ),
            field="amount",
        )


def _locked(campaign: Campaign) -> Campaign:
    return (
        Campaign.objects.select_for_update(of=("self",)).select_related("org").get(pk=campaign.pk)
    )


@atomic_keeping_denials
def allocation_create(*, actor, campaign: Campaign, from_org: Org, org: Org, amount) -> Allocation:
    """`from_org` passes `amount` of what it holds to its descendant `org`."""
    _require_scope(actor, from_org, campaign)
    campaign = _locked(campaign)
    amount = _money(amount, AMOUNT_INVALID, "amount")
    if org.pk == from_org.pk or not org.path.startswith(from_org.path):
        raise ApplicationError(
            NOT_DESCENDANT.format(org=from_org.name, target=org.name), field="org"
        )
    _take(campaign, from_org, amount, "from_org")
    allocation = Allocation.objects.create(
        campaign=campaign, from_org=from_org, org=org, amount=amount, created_by=actor
    )
    audit_record(
        actor=actor,
        action="campaign.allocate",
        obj=campaign,
        org=from_org,
        changes={"from_org": from_org.name, "org": org.name, "amount": str(amount)},
    )
    return allocation


def _recipient(*, member: Member | None, archive: Archive | None) -> tuple[str, str, Org]:
    """(name, ID hash, org) of the person paid."""
    if (member is None) == (archive is None):
        raise ApplicationError(RECIPIENT_REQUIRED, field="recipient")
    if member is not None:
        if member.status not in HOLDING_STATUSES:
            raise ApplicationError(
                MEMBER_NOT_HOLDING.format(name=member.name, status=member.get_status_display()),
                field="recipient",
            )
        return member.name, member.id_number_hash, member.org
    if archive.status != ArchiveStatus.ARCHIVED:
        raise ApplicationError(
            ARCHIVE_NOT_ARCHIVED.format(status=archive.get_status_display()), field="recipient"
        )
    return archive.member.name, archive.member.id_number_hash, archive.org


def _paid_twice(campaign: Campaign, person_hash: str, name: str) -> Conflict:
    earlier = (
        CampaignPayment.objects.filter(campaign=campaign, person_hash=person_hash)
        .select_related("org")
        .first()
    )
    return Conflict(
        PAID_TWICE.format(
            name=name,
            org=earlier.org.name if earlier else "",
            day=_day(earlier.paid_on) if earlier else "",
        ),
        code="paid_twice",
        field="recipient",
    )


@atomic_keeping_denials
def campaign_pay(
    *,
    actor,
    campaign: Campaign,
    org: Org | None = None,
    member: Member | None = None,
    archive: Archive | None = None,
    form: str,
    amount,
    goods: str = "",
    paid_on: date | None,
) -> CampaignPayment:
    """`org` (the actor's own union unless given) pays one person out of what it holds."""
    org = org if org is not None else actor.org
    if org is None:
        raise ApplicationError(PAYING_ORG_REQUIRED)
    _require_scope(actor, org, campaign)
    campaign = _locked(campaign)
    name, person_hash, recipient_org = _recipient(member=member, archive=archive)
    if not recipient_org.path.startswith(org.path):
        raise ApplicationError(RECIPIENT_OUTSIDE.format(name=name, org=org.name), field="recipient")
    if form not in AidForm.values:
        raise ApplicationError(FORM_INVALID, field="form")
    goods = (goods or "").strip()[:200]
    if form == AidForm.GOODS and not goods:
        raise ApplicationError(GOODS_REQUIRED, field="goods")
    amount = _money(amount, AMOUNT_INVALID, "amount")
    if paid_on is None:
        raise ApplicationError(PAID_ON_REQUIRED, field="paid_on")
    if not campaign.starts_on <= paid_on <= campaign.ends_on:
        raise ApplicationError(
            PAID_ON_OUTSIDE.format(start=campaign.starts_on, end=campaign.ends_on),
            field="paid_on",
        )
    if CampaignPayment.objects.filter(campaign=campaign, person_hash=person_hash).exists():
        raise _paid_twice(campaign, person_hash, name)
    _take(campaign, org, amount, "amount")
    try:
        # The constraint is the last guard, should two payments of one person race.
        with transaction.atomic():
            payment = CampaignPayment.objects.create(
                campaign=campaign,
                org=org,
                member=member,
                archive=archive,
                person_hash=person_hash,
                form=form,
                amount=amount,
                goods=goods,
                paid_on=paid_on,
                created_by=actor,
            )
    except IntegrityError:
        raise _paid_twice(campaign, person_hash, name) from None
    stats_campaign_paid(payment)
    audit_record(
        actor=actor,
        action="campaign.pay",
        obj=campaign,
        org=org,
        changes={
            "payment": payment.pk,
            "recipient": name,
            "member": member.pk if member else None,
            "archive": archive.pk if archive else None,
            "form": form,
            "amount": str(amount),
            "goods": goods,
            "paid_on": paid_on.isoformat(),
        },
    )
    return payment


@atomic_keeping_denials
def campaign_payment_revoke(*, actor, payment: CampaignPayment, reason: str) -> None:
    """Undo a payment recorded by mistake: the money returns to the paying union, the person
    may be paid again, and the audit row keeps what was undone."""
    campaign = _locked(payment.campaign)
    payment = CampaignPayment.objects.select_related("org", "member", "archive__member").get(
        pk=payment.pk
    )
    _require_scope(actor, payment.org, campaign)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(REVOKE_REASON_REQUIRED, field="reason")
    person = payment.member or payment.archive.member
    stats_campaign_paid(payment, sign=-1)
    audit_record(
        actor=actor,
        action="campaign.pay_revoke",
        obj=campaign,
        org=payment.org,
        changes={
            "payment": payment.pk,
            "recipient": person.name,
            "id_number": mask_id_number(person.id_number),
            "amount": str(payment.amount),
            "paid_on": payment.paid_on.isoformat(),
            "reason": reason[:500],
        },
    )
    payment.delete()


BULK_COLUMNS = ["姓名", "身份证号", "金额", "慰问形式", "实物内容"]
BULK_REQUIRED = {"姓名", "身份证号", "金额"}
BULK_EMPTY = "文件中没有发放记录，请按模板填写后再上传。"
BULK_TOO_MANY = "一次最多导入 {n} 条发放记录，请分批上传。"
BULK_REJECTED = "名单中有 {n} 行有误，全部未登记。请按下列说明改正后重新上传。"
ROW_NOT_FOUND = "本工会及下级工会中没有身份证号为 {masked} 的在册会员或已建档困难职工。"
ROW_NAME_MISMATCH = "姓名「{name}」与身份证号 {masked} 登记的姓名「{registered}」不符。"
BULK_MAX_ROWS = 5000
_FORMS = {"": AidForm.CASH, **{label: code for code, label in AidForm.choices}}
_FORMS.update({code: code for code in AidForm.values})


class BulkRejected(ApplicationError):
    """A payment list with errors: nothing was written; `errors` holds one line per bad row."""

    def __init__(self, message: str, errors: list[str]):
        super().__init__(message, field="file")
        self.errors = errors


def _bulk_recipient(org: Org, name: str, raw_id: str) -> dict:
    number = normalize(raw_id)
    person_hash = crypto.lookup_hash(number)
    archive = (
        Archive.objects.filter(
            member__id_number_hash=person_hash,
            org__path__startswith=org.path,
            status=ArchiveStatus.ARCHIVED,
        )
        .select_related("member", "org")
        .first()
    )
    member = (
        None
        if archive
        else Member.objects.filter(
            id_number_hash=person_hash,
            org__path__startswith=org.path,
            status__in=HOLDING_STATUSES,
        )
        .select_related("org")
        .first()
    )
    if archive is None and member is None:
        raise ApplicationError(ROW_NOT_FOUND.format(masked=mask_id_number(number)))
    registered = archive.member.name if archive else member.name
    if name != registered:
        raise ApplicationError(
            ROW_NAME_MISMATCH.format(
                name=name, masked=mask_id_number(number), registered=registered
            )
        )
    return {"archive": archive} if archive else {"member": member}


@atomic_keeping_denials
def campaign_pay_bulk(
    *, actor, campaign: Campaign, upload, paid_on: date | None, org: Org | None = None
) -> list[CampaignPayment]:
    """Pay everyone on a list (姓名, 身份证号, 金额; optional 慰问形式, 实物内容) from `org`.
    All or nothing: one bad row and no one is paid, with every bad row reported."""
    org = org if org is not None else actor.org
    if org is None:
        raise ApplicationError(PAYING_ORG_REQUIRED)
    _require_scope(actor, org, campaign)
    uploads.check_spreadsheet(upload)
    table = open_table(
        upload, getattr(upload, "name", "") or "", columns=BULK_COLUMNS, required=BULK_REQUIRED
    )
    errors: list[str] = []
    payments: list[CampaignPayment] = []
    try:
        for number, row in table.rows:
            cells = {column: text(row.get(column)) for column in BULK_COLUMNS}
            if not any(cells.values()):
                continue
            if len(payments) + len(errors) >= BULK_MAX_ROWS:
                raise ApplicationError(BULK_TOO_MANY.format(n=BULK_MAX_ROWS), field="file")
            try:
                if column := control_cell(cells):
                    raise ApplicationError(CELL_CONTROL.format(column=column))
                form = _FORMS.get(cells["慰问形式"])
                if form is None:
                    raise ApplicationError(FORM_INVALID)
                payments.append(
                    campaign_pay(
                        actor=actor,
                        campaign=campaign,
                        org=org,
                        form=form,
                        amount=cells["金额"],
                        goods=cells["实物内容"],
                        paid_on=paid_on,
                        **_bulk_recipient(org, cells["姓名"], cells["身份证号"]),
                    )
                )
            except ApplicationError as exc:
                errors.append(f"第{number}行：{exc.message}")
    finally:
        table.close()
    if errors:
        raise BulkRejected(BULK_REJECTED.format(n=len(errors)), errors)
    if not payments:
        raise ApplicationError(BULK_EMPTY, field="file")
    audit_record(
        actor=actor,
        action="campaign.pay_bulk",
        obj=campaign,
        org=org,
        changes={
            "count": len(payments),
            "amount": str(sum((p.amount for p in payments), Decimal(0))),
            "file": getattr(upload, "name", ""),
        },
    )
    return payments


# --- 金秋助学 --------------------------------------------------------------------------------------


def _read_proof(upload) -> tuple[bytes, str]:
    if upload is None or not upload.size:
        raise ApplicationError(PROOF_REQUIRED, field="proof")
    if upload.size > PROOF_MAX_BYTES:
        raise ApplicationError(
            PROOF_TOO_LARGE.format(size=upload.size / 1024 / 1024), field="proof"
        )
    data = upload.read(PROOF_MAX_BYTES + 1)
    if len(data) > PROOF_MAX_BYTES:
        raise ApplicationError(PROOF_TOO_LARGE.format(size=len(data) / 1024 / 1024), field="proof")
    content_type = uploads.content_type(data, uploads.PROOF_TYPES)
    if content_type is None:
        raise ApplicationError(PROOF_TYPE, field="proof")
    return data, content_type


def _grant_twice(student: HouseholdMember, year: int) -> Conflict:
    earlier = (
        StudentGrant.objects.filter(student_hash=student.id_number_hash, year=year)
        .exclude(status=GrantStatus.REJECTED)
        .select_related("org")
        .defer("admission_proof")
        .first()
    )
    return Conflict(
        GRANT_TWICE.format(
            name=student.name,
            year=year,
            org=earlier.org.name if earlier else "",
            status=earlier.get_status_display() if earlier else "",
        ),
        code="granted_this_year",
        field="student",
    )


def grant_snapshot(grant: StudentGrant) -> dict[str, Any]:
    return {
        "archive": grant.archive_id,
        "student": grant.student.name,
        "student_id": mask_id_number(grant.student.id_number),
        "year": grant.year,
        "school": grant.school,
        "school_level": grant.school_level,
        "status": grant.status,
    }


@atomic_keeping_denials
def grant_apply(
    *,
    actor,
    archive: Archive,
    student: HouseholdMember,
    year: int,
    school: str,
    school_level: str,
    proof,
) -> StudentGrant:
    """Apply for a 金秋助学 grant for a student of an archived household. `proof` is an uploaded
    file (anything with `size`, `read` and `name`)."""
    _require_scope(actor, archive.org, archive)
    if archive.status != ArchiveStatus.ARCHIVED:
        raise ApplicationError(
            GRANT_ARCHIVE_NOT_ARCHIVED.format(status=archive.get_status_display()),
            field="archive",
        )
    if student.archive_id != archive.pk:
        raise ApplicationError(STUDENT_NOT_IN_HOUSEHOLD, field="student")
    this_year = timezone.localdate().year
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= this_year + 1:
        raise ApplicationError(YEAR_INVALID, field="year")
    school = (school or "").strip()
    if not school:
        raise ApplicationError(SCHOOL_REQUIRED, field="school")
    if len(school) > 100:
        raise ApplicationError(SCHOOL_TOO_LONG, field="school")
    if school_level not in SchoolLevel.values:
        raise ApplicationError(LEVEL_INVALID, field="school_level")
    if (
        StudentGrant.objects.filter(student_hash=student.id_number_hash, year=year)
        .exclude(status=GrantStatus.REJECTED)
        .exists()
    ):
        raise _grant_twice(student, year)
    data, content_type = _read_proof(proof)
    try:
        with transaction.atomic():
            grant = StudentGrant.objects.create(
                archive=archive,
                student=student,
                student_hash=student.id_number_hash,
                year=year,
                school=school,
                school_level=school_level,
                admission_proof=data,
                admission_proof_type=content_type,
                admission_proof_name=(getattr(proof, "name", "") or "证明材料")[-200:],
                org=archive.org,
                created_by=actor,
            )
    except IntegrityError:
        raise _grant_twice(student, year) from None
    audit_record(
        actor=actor,
        action="grant.apply",
        obj=grant,
        org=grant.org,
        changes={**grant_snapshot(grant), "proof_bytes": len(data), "proof_type": content_type},
    )
    return grant


def _locked_grant(grant: StudentGrant) -> StudentGrant:
    return (
        StudentGrant.objects.select_for_update(of=("self",))
        .select_related("org", "student")
        .defer("admission_proof")
        .get(pk=grant.pk)
    )


@atomic_keeping_denials
def grant_review(
    *, actor, grant: StudentGrant, approved: bool, amount=None, opinion: str = ""
) -> StudentGrant:
    """终审 of a grant by a county union or above whose subtree holds the applying union."""
    grant = _locked_grant(grant)
    _require_scope(actor, grant.org, grant)
    if actor.org is not None and actor.org.org_type not in REVIEWING_TYPES:
        raise denial(
            Forbidden(REVIEW_LEVEL), actor=actor, action="access.denied", obj=grant, org=grant.org
        )
    if grant.status != GrantStatus.SUBMITTED:
        raise Conflict(REVIEW_STATE.format(status=grant.get_status_display()))
    opinion = (opinion or "").strip()
    if approved:
        grant.amount = _money(amount, REVIEW_AMOUNT, "amount")
        grant.status = GrantStatus.APPROVED
    else:
        if not opinion:
            raise ApplicationError(REVIEW_OPINION, field="opinion")
        grant.amount = None
        grant.status = GrantStatus.REJECTED
    grant.opinion, grant.reviewed_by = opinion, actor
    grant.save(update_fields=["status", "amount", "opinion", "reviewed_by"])
    audit_record(
        actor=actor,
        action="grant.review",
        obj=grant,
        org=grant.org,
        changes={
            "approved": bool(approved),
            "amount": str(grant.amount) if grant.amount is not None else None,
            "opinion": opinion,
        },
    )
    return grant


@atomic_keeping_denials
def grant_pay(*, actor, grant: StudentGrant, paid_on: date | None) -> StudentGrant:
    grant = _locked_grant(grant)
    _require_scope(actor, grant.org, grant)
    if grant.status != GrantStatus.APPROVED:
        raise Conflict(PAY_STATE.format(status=grant.get_status_display()))
    if paid_on is None:
        raise ApplicationError(PAID_ON_REQUIRED, field="paid_on")
    if paid_on > timezone.localdate():
        raise ApplicationError(PAY_DATE_FUTURE, field="paid_on")
    grant.status, grant.paid_on = GrantStatus.PAID, paid_on
    grant.save(update_fields=["status", "paid_on"])
    stats_grant_paid(grant)
    audit_record(
        actor=actor,
        action="grant.pay",
        obj=grant,
        org=grant.org,
        changes={"amount": str(grant.amount), "paid_on": paid_on.isoformat()},
    )
    return grant


def grant_proof_opened(*, actor, grant: StudentGrant) -> None:
    """Record that the admission proof (a personal document) was opened."""
    audit_record(
        actor=actor,
        action="grant.proof_view",
        obj=grant,
        org=grant.org,
        changes={"name": grant.admission_proof_name},
    )
