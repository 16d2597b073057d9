"""A named studio's yearly results (one report a year, from its naming year on) and the
回头看 reviews: opened by the naming union (or one above it) with a deadline, decided 保留 /
整改 / 撤销 with a reason. 整改 opens the next review itself, half a year on."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.competitions.models.studios import (
    ReviewResult,
    Studio,
    StudioReport,
    StudioReview,
    StudioStatus,
)
from gonghui.competitions.studios.metrics import stats_report_filed, stats_studio_changed
from gonghui.competitions.studios.services.common import locked, require_scope
from gonghui.competitions.studios.services.flow import reason_of
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError
from gonghui.inbox.services import refresh

NOT_ACTIVE = "只有已命名（含整改中）的工作室可以报送成果或复查。"
YEAR_OUT_OF_RANGE = "年度应在命名年度（{first}年）至今年（{last}年）之间。"
ALREADY_REPORTED = "该工作室{year}年度成果已报送，每年只能报送一次。"
COUNT_INVALID = "{label}应为0至100000之间的整数。"
WAN_INVALID = "{label}应为0至1000000之间的数，最多两位小数（单位：万元）。"
NOT_NAMING_UNION = "回头看由命名工会「{org}」或其上级工会开展。"
DEADLINE_PAST = "回头看截止日期不能早于今天。"
RESULT_INVALID = "请选择复查结论。"

RECTIFY_DAYS = 182
COUNTS = {
    "projects": "创新项目数",
    "patents": "专利数",
    "methods": "先进操作法数",
    "trained": "培养人才数",
}
WANS = {"benefit": "经济效益", "funds_received": "获得经费", "funds_matched": "带动投入"}
MAX_COUNT = 100_000
MAX_WAN = Decimal(1_000_000)


def _count(value: Any, name: str) -> int:
    text = str(value).strip() if value not in (None, "") else "0"
    if isinstance(value, bool) or not text.isdigit() or int(text) > MAX_COUNT:
        raise ApplicationError(COUNT_INVALID.format(label=COUNTS[name]), field=name)
    return int(text)


def _wan(value: Any, name: str) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else 0).strip())
    except ArithmeticError:
        amount = Decimal(-1)
    if (
        not amount.is_finite()
        or not 0 <= amount <= MAX_WAN
        or amount != amount.quantize(Decimal("0.01"))
    ):
        raise ApplicationError(WAN_INVALID.format(label=WANS[name]), field=name)
    return amount.quantize(Decimal("0.01"))


def _require_active(studio: Studio) -> None:
    if not studio.active:
        raise ApplicationError(NOT_ACTIVE)


def _next_report_year(studio: Studio) -> int:
    years = set(studio.reports.values_list("year", flat=True))
    year = studio.named_on.year
    while year in years:
        year += 1
    return year


@atomic_keeping_denials(durable=True)
def studio_report_file(
    *,
    actor: User,
    studio: Studio,
    year: int,
    projects: int = 0,
    patents: int = 0,
    methods: int = 0,
    benefit: Any = 0,
    trained: int = 0,
    funds_received: Any = 0,
    funds_matched: Any = 0,
    note: str = "",
) -> StudioReport:
    """The studio's results of `year`, filed by a union whose subtree holds its host unit."""
    studio = locked(studio)
    require_scope(actor, studio.org, studio)
    _require_active(studio)
    first, last = studio.named_on.year, timezone.localdate().year
    if not isinstance(year, int) or not first <= year <= last:
        raise ApplicationError(YEAR_OUT_OF_RANGE.format(first=first, last=last), field="year")
    values = {
        "projects": _count(projects, "projects"),
        "patents": _count(patents, "patents"),
        "methods": _count(methods, "methods"),
        "trained": _count(trained, "trained"),
        "benefit": _wan(benefit, "benefit"),
        "funds_received": _wan(funds_received, "funds_received"),
        "funds_matched": _wan(funds_matched, "funds_matched"),
    }
    if studio.reports.filter(year=year).exists():
        raise ApplicationError(ALREADY_REPORTED.format(year=year), field="year")
    try:
        report = StudioReport.objects.create(
            studio=studio,
            year=year,
            created_by=actor,
            note=clean_text(note, multiline=True, label="说明", field="note"),
            **values,
        )
    except IntegrityError:  # a concurrent filing of the same year
        raise ApplicationError(ALREADY_REPORTED.format(year=year), field="year") from None
    studio.next_report_year = _next_report_year(studio)
    studio.save(update_fields=["next_report_year", "updated_at"])
    stats_report_filed(report)
    audit_record(
        actor=actor,
        action="competitions.studio.report",
        obj=studio,
        org=studio.org,
        changes={"year": year, **{k: str(v) for k, v in values.items()}},
    )
    refresh(studio)
    return report


def _require_naming_union(actor: User, studio: Studio) -> None:
    require_scope(actor, studio.org, studio)
    naming = studio.batch.org
    if actor.org is None or not naming.path.startswith(actor.org.path):
        raise ApplicationError(NOT_NAMING_UNION.format(org=naming.name))


@atomic_keeping_denials(durable=True)
def studio_review_open(*, actor: User, studio: Studio, deadline: date) -> Studio:
    """Open a 回头看 of a named studio, to be decided by `deadline`."""
    studio = locked(studio)
    _require_naming_union(actor, studio)
    _require_active(studio)
    if deadline < timezone.localdate():
        raise ApplicationError(DEADLINE_PAST, field="deadline")
    studio.review_deadline = deadline
    studio.save(update_fields=["review_deadline", "updated_at"])
    audit_record(
        actor=actor,
        action="competitions.studio.review_open",
        obj=studio,
        org=studio.org,
        changes={"deadline": deadline.isoformat()},
    )
    refresh(studio)
    return studio


@atomic_keeping_denials(durable=True)
def studio_review_decide(*, actor: User, studio: Studio, result: str, reason: str) -> StudioReview:
    """保留 keeps it named; 整改 marks it rectifying and opens the next review in half a year;
    撤销 revokes the naming (it leaves the count of studios)."""
    studio = locked(studio)
    _require_naming_union(actor, studio)
    _require_active(studio)
    if result not in ReviewResult.values:
        raise ApplicationError(RESULT_INVALID, field="result")
    reason = reason_of(reason)
    today = timezone.localdate()
    review = StudioReview.objects.create(
        studio=studio,
        org=actor.org,
        result=result,
        reason=reason,
        decided_on=today,
        created_by=actor,
    )
    before = studio.status
    studio.status = {
        ReviewResult.KEEP: StudioStatus.NAMED,
        ReviewResult.RECTIFY: StudioStatus.RECTIFYING,
        ReviewResult.REVOKE: StudioStatus.REVOKED,
    }[result]
    studio.review_deadline = (
        today + timedelta(days=RECTIFY_DAYS) if result == ReviewResult.RECTIFY else None
    )
    studio.save(update_fields=["status", "review_deadline", "updated_at"])
    stats_studio_changed(
        org_id=studio.org_id, level=studio.level, was_active=True, is_active=studio.active
    )
    audit_record(
        actor=actor,
        action="competitions.studio.review",
        obj=studio,
        org=studio.org,
        changes={"result": result, "reason": reason, "studio_status": [before, studio.status]},
    )
    refresh(studio)
    return review
