"""Writes of help plans (一户一计划), aid payments, yearly caps and cap exceptions; each audited.

Rules decided here:
- Measures and aid are written only for archives in 已建档; an exited archive keeps its plan and
  payments read-only (its history).
- A measure's responsible org is an active union in the actor's subtree or on the archive's
  chain (its org or a union above it): a base union may hand a measure to its county union.
- Aid records are final: no deletion or voiding, so the roll-ups only ever add.
- The yearly cap counts every period of the household (archives linked by `previous`) in the
  calendar year of `paid_on`. The archive row is locked (`select_for_update`) while checking:
  a household has at most one archive in 已建档, so two concurrent payments for it queue there.
- A cap exception is decided by the union one level above the requesting union, or by a union
  above that; the requesting union never decides its own.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.assistance.codes import AidForm, ArchiveStatus, FundSource, Measure
from gonghui.assistance.models import (
    AidCap,
    AidException,
    AidRecord,
    Archive,
    ExceptionStatus,
    HelpMeasure,
    MeasureNote,
    MeasureStatus,
)
from gonghui.assistance.selectors.aid import (
    cap_removable,
    chain_paths,
    household_archive_ids,
    household_cap_status,
    user_at_top,
)
from gonghui.assistance.stats import stats_aid_recorded
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.notifications.models import Notification, NotificationKind
from gonghui.notifications.services import notify_orgs
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope

OUT_OF_SCOPE = "您只能为本工会及下级工会的困难职工档案登记帮扶和救助。"
NOT_ARCHIVED = "该档案状态为「{status}」，只有已建档的档案才能{action}。"
NO_ORG = "您的账号不属于任何工会，不能{action}，请使用所属工会的账号操作。"

MEASURE_KIND_INVALID = "请选择帮扶措施类别（五个一批）。"
MEASURE_CONTENT_REQUIRED = "请填写帮扶措施的具体内容。"
MEASURE_CONTENT_TOO_LONG = "具体内容不能超过500个字。"
RESPONSIBLE_ORG_INVALID = "责任单位须是本工会及下级工会，或该档案所属工会及其上级工会。"
RESPONSIBLE_ORG_INACTIVE = "「{name}」已撤销或合并，不能承担帮扶措施，请选择其他责任单位。"
TARGET_DATE_PAST = "完成时限不能早于今天（{today}），请重新选择。"
MEASURE_STATUS_INVALID = "请选择措施状态。"
MEASURE_STATUS_STEP = "措施已是「{current}」，不能改为「{wanted}」。"
MEASURE_DROP_REASON = "终止帮扶措施须写明原因。"
NOTE_REQUIRED = "请填写进展情况。"
NOTE_TOO_LONG = "进展情况不能超过1000个字。"

AMOUNT_INVALID = "请填写大于0的金额，最多两位小数。"
AMOUNT_TOO_LARGE = "金额不能超过 9,999,999,999.99 元。"
FORM_INVALID = "请选择救助形式（现金或实物）。"
GOODS_REQUIRED = "实物救助须填写实物内容（如「大米 2 袋、食用油 1 桶」）。"
GOODS_TOO_LONG = "实物内容不能超过200个字。"
FUND_SOURCE_INVALID = "请选择资金来源。"
PAID_ON_FUTURE = "发放日期不能晚于今天（{today}）。"
PAID_BEFORE_ARCHIVED = "发放日期不能早于建档日期（{archived_on}）。"
NOTE_FIELD_TOO_LONG = "备注不能超过200个字。"
CAP_EXCEEDED = (
    "超出年度救助上限：该户 {year} 年救助上限 {cap} 元{extra}，已发放 {paid} 元，"
    "还可发放 {left} 元，本次 {amount} 元。如确需超额救助，请先申请超限救助，经上一级工会批准后再登记。"
)
CAP_EXTRA = "（含已批准超限 {extra} 元）"
EXCEPTION_MISMATCH = "所选超限救助申请不属于该户 {year} 年度，或尚未批准。"

YEAR_INVALID = "请填写 2000 年至 {max} 年之间的年度。"
REASON_REQUIRED = "请填写申请理由。"
EXTRA_INVALID = "请填写大于0的超限金额，最多两位小数。"
NO_CAP = "该户 {year} 年度没有设置救助上限，不需要申请超限救助。"
NO_PARENT = "「{org}」没有上一级工会，不能申请超限救助；如需调整，请直接修改救助上限。"
EXCEPTION_PENDING = "该户 {year} 年度已有一份待审批的超限救助申请，请等待审批结果。"
EXCEPTION_DECIDED = "该申请已{status}，不能再次审批。"
EXCEPTION_SELF = "超限救助须由上一级工会（{approver}）审批，申请工会不能审批本级的申请。"
EXCEPTION_NOT_APPROVER = "超限救助由「{approver}」或其上级工会审批，您无权审批。"
OPINION_REQUIRED = "不批准时请填写审批意见，说明理由。"

CAP_OUT_OF_SCOPE = "您只能为本工会及下级工会设置救助上限。"
CAP_DEFAULT_TOP_ONLY = "全省默认救助上限只能由省总工会设置。"
CAP_SET_MEANWHILE = "该工会该年度的救助上限刚被他人设置，请刷新页面后重试。"
CAP_ORG_INACTIVE = "「{name}」已撤销或合并，不能设置救助上限。"

MEASURE_STEPS = {
    MeasureStatus.PLANNED: {MeasureStatus.ACTIVE, MeasureStatus.DONE, MeasureStatus.DROPPED},
    MeasureStatus.ACTIVE: {MeasureStatus.DONE, MeasureStatus.DROPPED},
    MeasureStatus.DONE: set(),
    MeasureStatus.DROPPED: set(),
}
MAX_AMOUNT = Decimal("9999999999.99")
CENT = Decimal("0.01")


def _lock_archive(actor, archive: Archive, *, action: str) -> Archive:
    """The archive row locked for the rest of the transaction, after the scope and state
    checks that every write of this module needs."""
    archive = (
        Archive.objects.select_for_update(of=("self",)).select_related("org").get(pk=archive.pk)
    )
    if not org_in_scope(actor, archive.org):
        raise denial(
            Forbidden(OUT_OF_SCOPE),
            actor=actor,
            action="access.denied",
            obj=archive,
            org=archive.org,
        )
    if archive.status != ArchiveStatus.ARCHIVED:
        raise Conflict(
            NOT_ARCHIVED.format(status=archive.get_status_display(), action=action),
            code="not_archived",
        )
    return archive


def _money(value, message: str, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ApplicationError(message, field=field) from None
    if not amount.is_finite() or amount <= 0:
        raise ApplicationError(message, field=field)
    if amount > MAX_AMOUNT:
        raise ApplicationError(AMOUNT_TOO_LARGE, field=field)
    if amount != amount.quantize(CENT):
        raise ApplicationError(message, field=field)
    return amount.quantize(CENT)


def _text(value: str, *, required: str, limit: int, too_long: str, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ApplicationError(required, field=field)
    if len(text) > limit:
        raise ApplicationError(too_long, field=field)
    return text


def _yuan(amount: Decimal) -> str:
    return f"{amount:.2f}"


# --- help plan ----------------------------------------------------------------------------------


def _check_responsible_org(actor, archive: Archive, org: Org) -> None:
    if org is None or not (org_in_scope(actor, org) or org.path in chain_paths(archive.org.path)):
        raise ApplicationError(RESPONSIBLE_ORG_INVALID, field="responsible_org")
    if not org.is_active:
        raise ApplicationError(
            RESPONSIBLE_ORG_INACTIVE.format(name=org.name), field="responsible_org"
        )


@atomic_keeping_denials
def measure_add(
    *,
    actor,
    archive: Archive,
    kind: str,
    content: str,
    responsible_org: Org,
    target_date: date,
) -> HelpMeasure:
    archive = _lock_archive(actor, archive, action="制定帮扶措施")
    if kind not in Measure.values:
        raise ApplicationError(MEASURE_KIND_INVALID, field="kind")
    content = _text(
        content,
        required=MEASURE_CONTENT_REQUIRED,
        limit=500,
        too_long=MEASURE_CONTENT_TOO_LONG,
        field="content",
    )
    _check_responsible_org(actor, archive, responsible_org)
    today = timezone.localdate()
    if target_date < today:
        raise ApplicationError(TARGET_DATE_PAST.format(today=today), field="target_date")
    measure = HelpMeasure.objects.create(
        archive=archive,
        kind=kind,
        content=content,
        responsible_org=responsible_org,
        target_date=target_date,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="aid.measure_add",
        obj=archive,
        org=archive.org,
        changes={
            "measure": measure.pk,
            "kind": kind,
            "content": content,
            "responsible_org": responsible_org.name,
            "target_date": target_date.isoformat(),
        },
    )
    return measure


def _note(actor, measure: HelpMeasure, text: str) -> MeasureNote:
    text = _text(text, required=NOTE_REQUIRED, limit=1000, too_long=NOTE_TOO_LONG, field="note")
    return MeasureNote.objects.create(measure=measure, note=text, created_by=actor)


@atomic_keeping_denials
def measure_update_status(
    *, actor, measure: HelpMeasure, status: str, note: str = ""
) -> HelpMeasure:
    """Move a measure on (未开始 → 实施中 → 已完成, or 已终止 with a reason); `note`, if given,
    is kept as a progress note."""
    archive = _lock_archive(actor, measure.archive, action="更新帮扶措施")
    measure = HelpMeasure.objects.select_for_update().get(pk=measure.pk, archive=archive)
    if status not in MeasureStatus.values:
        raise ApplicationError(MEASURE_STATUS_INVALID, field="status")
    if status not in MEASURE_STEPS[measure.status]:
        raise Conflict(
            MEASURE_STATUS_STEP.format(
                current=measure.get_status_display(), wanted=MeasureStatus(status).label
            ),
            field="status",
        )
    if status == MeasureStatus.DROPPED and not (note or "").strip():
        raise ApplicationError(MEASURE_DROP_REASON, field="note")
    before = measure.status
    measure.status = status
    measure.save(update_fields=["status", "updated_at"])
    if (note or "").strip():
        _note(actor, measure, note)
    audit_record(
        actor=actor,
        action="aid.measure_status",
        obj=archive,
        org=archive.org,
        changes={"measure": measure.pk, "status": [before, status], "note": (note or "").strip()},
    )
    return measure


@atomic_keeping_denials
def measure_note_add(*, actor, measure: HelpMeasure, note: str) -> MeasureNote:
    archive = _lock_archive(actor, measure.archive, action="记录帮扶进展")
    measure = HelpMeasure.objects.get(pk=measure.pk, archive=archive)
    entry = _note(actor, measure, note)
    audit_record(
        actor=actor,
        action="aid.measure_note",
        obj=archive,
        org=archive.org,
        changes={"measure": measure.pk, "note": entry.note},
    )
    return entry


# --- aid ----------------------------------------------------------------------------------------


@atomic_keeping_denials
def aid_record(
    *,
    actor,
    archive: Archive,
    form: str,
    amount: Decimal,
    fund_source: str,
    paid_on: date,
    goods: str = "",
    note: str = "",
    exception: AidException | None = None,
) -> AidRecord:
    """Record aid paid to the household by the actor's union, within the yearly cap."""
    archive = _lock_archive(actor, archive, action="登记救助")
    if actor.org is None:
        raise ApplicationError(NO_ORG.format(action="登记救助"))
    if form not in AidForm.values:
        raise ApplicationError(FORM_INVALID, field="form")
    amount = _money(amount, AMOUNT_INVALID, "amount")
    goods = (goods or "").strip()
    if form == AidForm.GOODS and not goods:
        raise ApplicationError(GOODS_REQUIRED, field="goods")
    if form == AidForm.CASH:
        goods = ""
    if len(goods) > 200:
        raise ApplicationError(GOODS_TOO_LONG, field="goods")
    if fund_source not in FundSource.values:
        raise ApplicationError(FUND_SOURCE_INVALID, field="fund_source")
    today = timezone.localdate()
    if paid_on > today:
        raise ApplicationError(PAID_ON_FUTURE.format(today=today), field="paid_on")
    if archive.archived_on and paid_on < archive.archived_on:
        raise ApplicationError(
            PAID_BEFORE_ARCHIVED.format(archived_on=archive.archived_on), field="paid_on"
        )
    note = (note or "").strip()
    if len(note) > 200:
        raise ApplicationError(NOTE_FIELD_TOO_LONG, field="note")

    status = household_cap_status(archive, paid_on.year)
    if status.limited:
        if status.paid + amount > status.limit:
            extra = status.approved_extra
            raise ApplicationError(
                CAP_EXCEEDED.format(
                    year=status.year,
                    cap=_yuan(status.cap.amount),
                    extra=CAP_EXTRA.format(extra=_yuan(extra)) if extra else "",
                    paid=_yuan(status.paid),
                    left=_yuan(status.remaining),
                    amount=_yuan(amount),
                ),
                code="cap_exceeded",
                field="amount",
            )
        if exception is None and status.paid + amount > status.cap.amount:
            # The payment draws on an approved exception: link the latest one.
            exception = (
                AidException.objects.filter(
                    archive_id__in=household_archive_ids(archive),
                    year=paid_on.year,
                    status=ExceptionStatus.APPROVED,
                )
                .order_by("-decided_at", "-pk")
                .first()
            )
    if exception is not None and not (
        exception.status == ExceptionStatus.APPROVED
        and exception.year == paid_on.year
        and exception.archive_id in household_archive_ids(archive)
    ):
        raise ApplicationError(EXCEPTION_MISMATCH.format(year=paid_on.year), field="exception")

    record = AidRecord.objects.create(
        archive=archive,
        form=form,
        amount=amount,
        goods=goods,
        fund_source=fund_source,
        paid_on=paid_on,
        paid_by_org=actor.org,
        exception=exception,
        note=note,
        created_by=actor,
    )
    stats_aid_recorded(record)
    audit_record(
        actor=actor,
        action="aid.record",
        obj=archive,
        org=archive.org,
        changes={
            "record": record.pk,
            "form": form,
            "amount": str(amount),
            "goods": goods,
            "fund_source": fund_source,
            "paid_on": paid_on.isoformat(),
            "paid_by_org": actor.org.name,
            "exception": exception.pk if exception else None,
        },
    )
    return record


# --- caps and exceptions ------------------------------------------------------------------------


def _check_year(year) -> int:
    latest = timezone.localdate().year + 1
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= latest:
        raise ApplicationError(YEAR_INVALID.format(max=latest), field="year")
    return year


@atomic_keeping_denials
def aid_cap_set(*, actor, org: Org | None, year: int, amount: Decimal) -> AidCap:
    """Set (or change) the yearly cap per household for `org`'s subtree; `org` None is the
    province-wide default, set by the province only."""
    if org is None:
        if not user_at_top(actor):
            raise denial(Forbidden(CAP_DEFAULT_TOP_ONLY), actor=actor, action="access.denied")
    else:
        if not org_in_scope(actor, org):
            raise denial(
                Forbidden(CAP_OUT_OF_SCOPE), actor=actor, action="access.denied", obj=org, org=org
            )
        if not org.is_active:
            raise ApplicationError(CAP_ORG_INACTIVE.format(name=org.name), field="org")
    year = _check_year(year)
    amount = _money(amount, AMOUNT_INVALID, "amount")
    cap = AidCap.objects.select_for_update().filter(org=org, year=year).first()
    before = str(cap.amount) if cap else None
    if cap is None:
        try:
            # The unique constraints decide between two first settings at once.
            with transaction.atomic():
                cap = AidCap.objects.create(org=org, year=year, amount=amount)
        except IntegrityError:
            raise Conflict(CAP_SET_MEANWHILE, field="amount") from None
    elif cap.amount != amount:
        cap.amount = amount
        cap.save(update_fields=["amount"])
    else:
        return cap
    audit_record(
        actor=actor,
        action="aid.cap_set",
        obj=cap,
        org=org,
        object_repr=f"{org.name if org else '全省默认'} {year}年",
        changes={"year": year, "amount": [before, str(amount)]},
    )
    return cap


@atomic_keeping_denials
def aid_cap_remove(*, actor, cap: AidCap) -> None:
    """Remove a cap: the next one up the tree (or none: no limit) applies again."""
    cap = AidCap.objects.select_for_update(of=("self",)).select_related("org").get(pk=cap.pk)
    if not cap_removable(actor, cap):
        message = CAP_DEFAULT_TOP_ONLY if cap.org is None else CAP_OUT_OF_SCOPE
        raise denial(Forbidden(message), actor=actor, action="access.denied", obj=cap, org=cap.org)
    audit_record(
        actor=actor,
        action="aid.cap_remove",
        obj=cap,
        org=cap.org,
        object_repr=f"{cap.org.name if cap.org else '全省默认'} {cap.year}年",
        changes={"year": cap.year, "amount": str(cap.amount)},
    )
    cap.delete()


def _notify(*, org: Org, title: str, body: str, exception: AidException, user) -> None:
    """The approving union hears of a request, the requester of the decision."""
    link = reverse(
        "assistance:aid_exception_decide" if user is None else "assistance:aid_records",
        args=[exception.pk if user is None else exception.archive_id],
    )
    notify_orgs(
        [
            Notification(
                recipient_org=org,
                recipient_user=user,
                kind=NotificationKind.OTHER,
                title=title[:200],
                body=body,
                ref=f"aidexc-{exception.pk}",
                link=link,
            )
        ]
    )


@atomic_keeping_denials
def aid_exception_request(
    *, actor, archive: Archive, year: int, extra_amount: Decimal, reason: str
) -> AidException:
    """Ask the union one level up to allow `extra_amount` above the household's cap in `year`."""
    archive = _lock_archive(actor, archive, action="申请超限救助")
    if actor.org is None:
        raise ApplicationError(NO_ORG.format(action="申请超限救助"))
    year = _check_year(year)
    extra_amount = _money(extra_amount, EXTRA_INVALID, "extra_amount")
    reason = _text(
        reason, required=REASON_REQUIRED, limit=1000, too_long=NOTE_TOO_LONG, field="reason"
    )
    if not household_cap_status(archive, year).limited:
        raise ApplicationError(NO_CAP.format(year=year), field="year")
    approver = Org.objects.get_parent(actor.org)
    if approver is None:
        raise ApplicationError(NO_PARENT.format(org=actor.org.name))
    if AidException.objects.filter(
        archive_id__in=household_archive_ids(archive), year=year, status=ExceptionStatus.PENDING
    ).exists():
        raise Conflict(EXCEPTION_PENDING.format(year=year), field="year")
    exception = AidException.objects.create(
        archive=archive,
        year=year,
        extra_amount=extra_amount,
        reason=reason,
        requested_by_org=actor.org,
        approver_org=approver,
        requested_by=actor,
    )
    _notify(
        org=approver,
        title=f"超限救助待审批：{archive.member.name}（{actor.org.name}）",
        body=f"{year} 年超出上限 {_yuan(extra_amount)} 元。理由：{reason}",
        exception=exception,
        user=None,
    )
    audit_record(
        actor=actor,
        action="aid.exception_request",
        obj=exception,
        org=archive.org,
        changes={
            "archive": archive.pk,
            "year": year,
            "extra_amount": str(extra_amount),
            "reason": reason,
            "approver_org": approver.name,
        },
    )
    return exception


@atomic_keeping_denials
def aid_exception_decide(
    *, actor, exception: AidException, approved: bool, opinion: str = ""
) -> AidException:
    exception = (
        AidException.objects.select_for_update(of=("self",))
        .select_related(
            "archive__org", "archive__member", "approver_org", "requested_by_org", "requested_by"
        )
        .get(pk=exception.pk)
    )
    approver = exception.approver_org
    org = actor.org
    if org is not None and org.pk == exception.requested_by_org_id:
        raise denial(
            Forbidden(EXCEPTION_SELF.format(approver=approver.name)),
            actor=actor,
            action="access.denied",
            obj=exception,
            org=exception.archive.org,
        )
    if not org_in_scope(actor, approver):
        raise denial(
            Forbidden(EXCEPTION_NOT_APPROVER.format(approver=approver.name)),
            actor=actor,
            action="access.denied",
            obj=exception,
            org=exception.archive.org,
        )
    if exception.status != ExceptionStatus.PENDING:
        raise Conflict(EXCEPTION_DECIDED.format(status=exception.get_status_display()))
    opinion = (opinion or "").strip()
    if not approved and not opinion:
        raise ApplicationError(OPINION_REQUIRED, field="opinion")
    if approved:
        # Only an archive still being helped can receive more aid.
        _lock_archive(actor, exception.archive, action="批准超限救助")
    exception.status = ExceptionStatus.APPROVED if approved else ExceptionStatus.REJECTED
    exception.decided_by = actor
    exception.decided_at = timezone.now()
    exception.opinion = opinion
    exception.save(update_fields=["status", "decided_by", "decided_at", "opinion"])
    _notify(
        org=exception.requested_by_org,
        title=f"超限救助申请{exception.get_status_display()}：{exception.archive.member.name}",
        body=opinion,
        exception=exception,
        user=exception.requested_by,
    )
    audit_record(
        actor=actor,
        action="aid.exception_decide",
        obj=exception,
        org=exception.archive.org,
        changes={"status": exception.status, "opinion": opinion},
    )
    return exception
