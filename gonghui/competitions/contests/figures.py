"""The contests' roll-up figures (statistics provider `contests`, registered by
`competitions/metrics.py`), all monthly by the contest's start month:

- `contests`, `contests.<level>`: contests (not drafts), at the host union;
- `contests_class.<class>`: the same by 一类/二类/三类;
- `contest_units`: 个次, confirmed unit entries, at the unit;
- `contest_entries`: 人次, confirmed member entries, at the member's union;
- `contest_titles`, `contest_promotions`: titles conferred, skill-grade promotions;
- `ankang_units`, `ankang_teams`, `ankang_workers`: 安康杯 coverage (企业, 班组, and the
  workers of the enterprises entered).

人 (distinct persons) is not a sum over a subtree: it is counted on demand
(`contests.stats.persons_in`).

The services call `stats_entry_changed` / `stats_contest_changed` inside their transactions.
"""

from collections.abc import Iterable, Iterator

from django.db.models import Count, F, Sum

from gonghui.competitions.models import (
    Competition,
    ContestClass,
    ContestKind,
    ContestLevel,
    ContestStatus,
    Entry,
    EntryKind,
    EntryStatus,
)
from gonghui.metrics.services import (
    Figures,
    Metric,
    Provider,
    Row,
    month_key,
    negated,
    stats_apply,
    stats_changes,
)

METRICS = (
    Metric("contests", "竞赛项数", choices=tuple(ContestLevel.choices), monthly=True),
    Metric(
        "contests_class", "竞赛项数（按类别）", choices=tuple(ContestClass.choices), monthly=True
    ),
    Metric("contest_units", "参加单位（个次）", monthly=True),
    Metric("contest_entries", "参赛职工（人次）", monthly=True),
    Metric("contest_titles", "获得称号人数", monthly=True),
    Metric("contest_promotions", "晋升技术等级人数", monthly=True),
    Metric("ankang_units", "安康杯覆盖企业", monthly=True),
    Metric("ankang_teams", "安康杯覆盖班组", monthly=True),
    Metric("ankang_workers", "安康杯覆盖职工", monthly=True),
)


def _contest_own(contest: Competition) -> Figures:
    if contest.status == ContestStatus.DRAFT:
        return Figures()
    month = month_key(contest.starts_on)
    return Figures(
        {
            ("contests", month): 1,
            (f"contests.{contest.level}", month): 1,
            (f"contests_class.{contest.contest_class}", month): 1,
        }
    )


def entry_figures(entry: Entry, contest: Competition) -> Figures:
    """What one entry adds, at its org."""
    if entry.status != EntryStatus.CONFIRMED or contest.status == ContestStatus.DRAFT:
        return Figures()
    month = month_key(contest.starts_on)
    ankang = contest.kind == ContestKind.ANKANG
    figures = Figures()
    if entry.kind == EntryKind.UNIT:
        figures["contest_units", month] += 1
        if ankang:
            figures["ankang_units", month] += 1
            figures["ankang_workers", month] += entry.org.workers_count
    elif entry.kind == EntryKind.TEAM:
        if ankang:
            figures["ankang_teams", month] += 1
    else:
        figures["contest_entries", month] += 1
        if entry.title:
            figures["contest_titles", month] += 1
        if entry.promoted_to:
            figures["contest_promotions", month] += 1
    return figures


def contest_figures(contest: Competition) -> dict[int, Figures]:
    """Everything a contest and its entries add, org id → figures (from the database)."""
    per_org: dict[int, Figures] = {contest.host_id: _contest_own(contest)}
    for entry in contest.entries.select_related("org"):
        per_org.setdefault(entry.org_id, Figures()).update(entry_figures(entry, contest))
    return per_org


def _difference(before: dict[int, Figures], after: dict[int, Figures]) -> dict[int, Figures]:
    changes: dict[int, Figures] = {}
    for org_id in set(before) | set(after):
        delta = Figures(after.get(org_id, Figures()))
        delta.update(negated(before.get(org_id, Figures())))
        delta = Figures({key: n for key, n in delta.items() if n})
        if delta:
            changes[org_id] = delta
    return changes


def stats_contest_changed(before: dict[int, Figures], contest: Competition) -> None:
    """After a change of the contest itself (status, start, kind, class): `before` is
    `contest_figures` taken before it."""
    stats_apply(_difference(before, contest_figures(contest)))


def stats_entry_changed(
    *, contest: Competition, before: Entry | None = None, after: Entry | None = None
) -> None:
    """An entry was created (before None) or changed (status, title, promotion)."""
    pairs = []
    if before is not None:
        pairs.append((before.org_id, negated(entry_figures(before, contest))))
    if after is not None:
        pairs.append((after.org_id, entry_figures(after, contest)))
    stats_apply(stats_changes(*pairs))


def _rows(values: Iterable[dict], metric: str, count: str = "n") -> Iterator[Row]:
    for row in values:
        if row[count]:
            yield row["org_id"], metric, month_key(row["month"]), row[count]


class ContestMetrics(Provider):
    name = "contests"
    metrics = METRICS

    def count_own(self, org_ids: list[int] | None) -> Iterator[Row]:
        contests = Competition.objects.exclude(status=ContestStatus.DRAFT)
        entries = Entry.objects.filter(status=EntryStatus.CONFIRMED).exclude(
            competition__status=ContestStatus.DRAFT
        )
        if org_ids is not None:
            contests = contests.filter(host_id__in=org_ids)
            entries = entries.filter(org_id__in=org_ids)
        by_host = contests.annotate(org_id=F("host_id"), month=F("starts_on")).values(
            "org_id", "month", "level", "contest_class"
        )
        for row in by_host.annotate(n=Count("pk")).order_by():
            month = month_key(row["month"])
            yield row["org_id"], "contests", month, row["n"]
            yield row["org_id"], f"contests.{row['level']}", month, row["n"]
            yield row["org_id"], f"contests_class.{row['contest_class']}", month, row["n"]
        entries = entries.annotate(month=F("competition__starts_on"))
        units = entries.filter(kind=EntryKind.UNIT)
        members = entries.filter(kind=EntryKind.MEMBER)
        ankang = entries.filter(competition__kind=ContestKind.ANKANG)
        grouped = ("org_id", "month")
        yield from _rows(units.values(*grouped).annotate(n=Count("pk")), "contest_units")
        yield from _rows(members.values(*grouped).annotate(n=Count("pk")), "contest_entries")
        titled = members.exclude(title="").values(*grouped).annotate(n=Count("pk"))
        yield from _rows(titled, "contest_titles")
        promoted = members.exclude(promoted_to="").values(*grouped).annotate(n=Count("pk"))
        yield from _rows(promoted, "contest_promotions")
        ankang_units = ankang.filter(kind=EntryKind.UNIT).values(*grouped)
        yield from _rows(ankang_units.annotate(n=Count("pk")), "ankang_units")
        yield from _rows(ankang_units.annotate(n=Sum("org__workers_count")), "ankang_workers")
        ankang_teams = ankang.filter(kind=EntryKind.TEAM).values(*grouped)
        yield from _rows(ankang_teams.annotate(n=Count("pk")), "ankang_teams")
