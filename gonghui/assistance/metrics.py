"""Roll-up metrics of hardship assistance (statistics provider `assistance`, see
`gonghui.metrics.registry`), kept in `metrics.OrgStat` like the others.

Services call the hooks below inside their transactions; `count_own` recounts from the raw
tables for `rollup_stats`, `check_stats` and `stats_refresh_orgs`. Money is stored in fen (分)
as integers.

Metric keys (counted at the archive's `org`, so a county's row holds its whole subtree):
- `archives`: archives in 已建档 (the households currently helped);
- `archives.status.<status>`: archives by status (every status, rejected and exited included);
- `archives.level.<level>`, `archives.cause.<cause>`: 已建档 archives by 困难类别 and by each
  致困原因 (an archive with two causes counts in both);
- `archives.exited` (period "YYYY-MM" of `exited_on`): households lifted out (解困脱困);
- `aid.amount.<fund>` / `aid.count.<fund>` (period "YYYY-MM" of `paid_on`): aid paid, in fen,
  and 人次, by fund source;
- `campaign.<id>.amount` / `campaign.<id>.count`: a campaign's payments at the paying org;
- `grants.amount` / `grants.count` (period "YYYY-MM" of `paid_on`): 金秋助学 grants paid, at the
  applying org.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from gonghui.assistance.codes import ArchiveStatus, Cause, FundSource, Level
from gonghui.assistance.models import (
    AidRecord,
    Archive,
    CampaignPayment,
    GrantStatus,
    StudentGrant,
)
from gonghui.metrics.services import (
    Figures,
    Metric,
    Provider,
    Row,
    month_key,
    register,
    stats_apply,
)


def fen(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


@dataclass(frozen=True)
class ArchiveState:
    org_id: int
    status: str
    level: str
    causes: tuple[str, ...]
    exited_month: str | None


def archive_state(archive: Archive) -> ArchiveState:
    return ArchiveState(
        org_id=archive.org_id,
        status=archive.status,
        level=archive.level,
        causes=tuple(sorted(set(archive.causes or []))),
        exited_month=month_key(archive.exited_on) if archive.exited_on else None,
    )


def _archive_figures(state: ArchiveState) -> Figures:
    figures = Figures({(f"archives.status.{state.status}", ""): 1})
    if state.status == ArchiveStatus.ARCHIVED:
        figures["archives", ""] = 1
        figures[f"archives.level.{state.level}", ""] = 1
        for cause in state.causes:
            figures[f"archives.cause.{cause}", ""] = 1
    if state.status == ArchiveStatus.EXITED and state.exited_month:
        figures["archives.exited", state.exited_month] = 1
    return figures


def stats_archive_changed(*, before: ArchiveState | None, after: Archive | None) -> None:
    """An archive was created (before None), changed, or deleted (after None). Take `before`
    with `archive_state(archive)` before changing it."""
    new_state = archive_state(after) if after is not None else None
    if before == new_state:
        return
    changes: dict[int, Figures] = {}
    if before is not None:
        negative = Figures()
        negative.subtract(_archive_figures(before))
        changes.setdefault(before.org_id, Figures()).update(negative)
    if new_state is not None:
        changes.setdefault(new_state.org_id, Figures()).update(_archive_figures(new_state))
    stats_apply(changes)


def stats_aid_recorded(record: AidRecord, *, sign: int = 1) -> None:
    """An aid record was written (sign 1) or removed (sign -1)."""
    month = month_key(record.paid_on)
    org_id = Archive.objects.filter(pk=record.archive_id).values_list("org_id", flat=True).get()
    stats_apply(
        {
            org_id: Figures(
                {
                    (f"aid.amount.{record.fund_source}", month): sign * fen(record.amount),
                    (f"aid.count.{record.fund_source}", month): sign,
                }
            )
        }
    )


def stats_campaign_paid(payment: CampaignPayment, *, sign: int = 1) -> None:
    key = f"campaign.{payment.campaign_id}"
    stats_apply(
        {
            payment.org_id: Figures(
                {(f"{key}.amount", ""): sign * fen(payment.amount), (f"{key}.count", ""): sign}
            )
        }
    )


def stats_grant_paid(grant: StudentGrant, *, sign: int = 1) -> None:
    """A 金秋助学 grant was paid (call when its status becomes 已发放)."""
    month = month_key(grant.paid_on)
    stats_apply(
        {
            grant.org_id: Figures(
                {("grants.amount", month): sign * fen(grant.amount), ("grants.count", month): sign}
            )
        }
    )


def count_own(org_ids: list[int] | None) -> Iterator[Row]:
    """What each org holds itself, from the raw tables (`Provider.count_own`)."""

    def where(qs, field: str = "org"):
        return qs if org_ids is None else qs.filter(**{f"{field}_id__in": org_ids})

    archives = where(Archive.objects.all())
    for org_id, status, level, causes, exited_on in archives.values_list(
        "org_id", "status", "level", "causes", "exited_on"
    ).iterator(chunk_size=5000):
        state = ArchiveState(
            org_id,
            status,
            level,
            tuple(sorted(set(causes or []))),
            month_key(exited_on) if exited_on else None,
        )
        for (metric, period), n in _archive_figures(state).items():
            yield org_id, metric, period, n

    aid = where(AidRecord.objects.all(), "archive__org")
    for row in (
        aid.annotate(m=TruncMonth("paid_on"))
        .values("archive__org_id", "fund_source", "m")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by()
    ):
        month, fund = month_key(row["m"]), row["fund_source"]
        yield row["archive__org_id"], f"aid.amount.{fund}", month, fen(row["total"])
        yield row["archive__org_id"], f"aid.count.{fund}", month, row["n"]

    payments = where(CampaignPayment.objects.all())
    for row in (
        payments.values("org_id", "campaign_id")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by()
    ):
        key = f"campaign.{row['campaign_id']}"
        yield row["org_id"], f"{key}.amount", "", fen(row["total"])
        yield row["org_id"], f"{key}.count", "", row["n"]

    grants = where(StudentGrant.objects.filter(status=GrantStatus.PAID))
    for row in (
        grants.annotate(m=TruncMonth("paid_on"))
        .values("org_id", "m")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by()
    ):
        yield row["org_id"], "grants.amount", month_key(row["m"]), fen(row["total"])
        yield row["org_id"], "grants.count", month_key(row["m"]), row["n"]


class AssistanceMetrics(Provider):
    name = "assistance"
    metrics = (
        Metric("archives", "在档困难职工户数"),
        Metric("archives.status", "困难职工档案（按状态）", choices=tuple(ArchiveStatus.choices)),
        Metric("archives.level", "困难类别", choices=tuple(Level.choices)),
        Metric("archives.cause", "致困原因", choices=tuple(Cause.choices)),
        Metric("archives.exited", "解困脱困户数", monthly=True),
        Metric("aid.amount", "帮扶金额（分）", choices=tuple(FundSource.choices), monthly=True),
        Metric("aid.count", "帮扶人次", choices=tuple(FundSource.choices), monthly=True),
        Metric("campaign", "四送活动发放（金额以分计，人次）"),
        Metric("grants.amount", "金秋助学发放金额（分）", monthly=True),
        Metric("grants.count", "金秋助学发放人次", monthly=True),
    )

    def count_own(self, org_ids: list[int] | None) -> Iterator[Row]:
        return count_own(org_ids)


register(AssistanceMetrics())
