"""The contests' section of the dashboard and their lines of the 「主要数据」 report, for an
org's subtree over a period of months: the summed figures from the roll-up table (`OrgStat`,
keys of `contests.figures`), and 人 (distinct persons) counted on demand, since it is no sum.
"""

from django.db.models import Sum

from gonghui.competitions.kept import CONTESTS, TIMEOUT, key
from gonghui.competitions.models import (
    ContestClass,
    ContestLevel,
    ContestStatus,
    Entry,
    EntryKind,
    EntryStatus,
)
from gonghui.competitions.quiz.stats import SUMMED as QUIZ_SUMMED
from gonghui.competitions.quiz.stats import quiz_section
from gonghui.core.kept import kept
from gonghui.metrics.models import OrgStat
from gonghui.metrics.reads import Rows, period_sums
from gonghui.orgs.models import Org

SUMMED = (
    "contests",
    "contest_units",
    "contest_entries",
    "contest_titles",
    "contest_promotions",
    "ankang_units",
    "ankang_teams",
    "ankang_workers",
)


def persons_in(*, org: Org, start: str, end: str) -> int:
    """Distinct members of the subtree with a confirmed entry in a contest started in the
    period (one person in a qualifier and its final is one 人)."""
    start_day = f"{start}-01"
    end_year, end_month = (int(x) for x in end.split("-"))
    after_end = f"{end_year + end_month // 12:04d}-{end_month % 12 + 1:02d}-01"
    return (
        Entry.objects.filter(
            kind=EntryKind.MEMBER,
            status=EntryStatus.CONFIRMED,
            org__path__startswith=org.path,
            competition__starts_on__gte=start_day,
            competition__starts_on__lt=after_end,
        )
        .exclude(competition__status=ContestStatus.DRAFT)
        .values("member_id")
        .distinct()
        .count()
    )


def contest_section(*, org: Org, start: str, end: str, rows: Rows | None = None) -> dict:
    """The subtree's figures for months `start`..`end` ("YYYY-MM", both included). `rows`: the
    org's roll-ups read by the caller (`metrics.reads.org_rows`, from `start` on), which saves
    this section's own read."""
    keys = {*SUMMED, *_family_keys(), *QUIZ_SUMMED}
    if rows is not None:
        values = period_sums(rows, start, end, keys.__contains__)
    else:
        values = {
            row["metric"]: row["total"]
            for row in OrgStat.objects.filter(org=org, period__gte=start, period__lte=end)
            .filter(metric__in=list(keys))
            .values("metric")
            .annotate(total=Sum("value"))
        }
    figures = {key: values.get(key, 0) for key in SUMMED}
    figures["persons"] = kept(
        key("persons", org, start, end),
        CONTESTS,
        lambda: persons_in(org=org, start=start, end=end),
        TIMEOUT,
    )
    by_level = [(label, values.get(f"contests.{code}", 0)) for code, label in ContestLevel.choices]
    by_class = [
        (label, values.get(f"contests_class.{code}", 0)) for code, label in ContestClass.choices
    ]
    # 网上练兵 (competitions/quiz/stats.py): its figures and its line after the contests'.
    quiz = quiz_section(org=org, start=start, end=end, summed=values)
    figures.update(quiz["figures"])
    return {
        "start": start,
        "end": end,
        "figures": figures,
        "by_level": by_level,
        "by_class": by_class,
        "lines": report_lines(figures, by_level, by_class) + quiz["lines"],
    }


def _family_keys() -> list[str]:
    return [f"contests.{code}" for code in ContestLevel.values] + [
        f"contests_class.{code}" for code in ContestClass.values
    ]


def report_lines(figures: dict, by_level: list, by_class: list) -> list[str]:
    """The lines in the reports' own phrasing."""
    lines = [
        f"开展各类劳动和技能竞赛{figures['contests']}项，参加单位{figures['contest_units']}个次、"
        f"职工{figures['contest_entries']}人次（{figures['persons']}人）。"
    ]
    levels = "、".join(f"{label}{n}项" for label, n in by_level if n)
    classes = "、".join(f"{label}竞赛{n}项" for label, n in by_class if n)
    if levels or classes:
        lines.append(
            f"其中{levels}；{classes}。" if levels and classes else f"其中{levels}{classes}。"
        )
    if figures["contest_titles"] or figures["contest_promotions"]:
        lines.append(
            f"{figures['contest_titles']}名职工被授予技术能手、技术标兵、服务明星等称号，"
            f"{figures['contest_promotions']}名职工晋升技术等级。"
        )
    if figures["ankang_units"] or figures["ankang_teams"]:
        lines.append(
            f"“安康杯”竞赛覆盖企业{figures['ankang_units']}个、班组{figures['ankang_teams']}个、"
            f"职工{figures['ankang_workers']}人。"
        )
    return lines
