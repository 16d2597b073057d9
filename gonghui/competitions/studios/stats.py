"""The studios' section of the dashboard and their lines of the 「主要数据」 report, for an org's
subtree over a period of months ("YYYY-MM".."YYYY-MM", both included):

- studios by level: the named ones now (已命名 or 整改中; the roll-up's `studios.<level>`);
- new this period: studios named in the period (whatever became of them since);
- results: the yearly reports of the years the period touches (a report is of a year);
- 五小 / 合理化建议: submitted in the period; adopted (reviewed) in it, and their benefit.

Studios, their reports and suggestions are few (thousands province-wide), and the roll-up
table does not hold them by period, so they are counted here, in three aggregate queries.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from gonghui.competitions.kept import STUDIOS, TIMEOUT, key
from gonghui.competitions.models.studios import (
    ACTIVE_STATUSES,
    Studio,
    StudioLevel,
    StudioReport,
    Suggestion,
    SuggestionStatus,
)
from gonghui.core.kept import kept
from gonghui.orgs.models import Org

RESULT_SUMS = (
    "projects",
    "patents",
    "methods",
    "benefit",
    "trained",
    "funds_received",
    "funds_matched",
)
WAN_PER_YI = Decimal(10000)


def _days(start: str, end: str) -> tuple[date, date]:
    """The first day of `start` and the first day after `end`."""
    start_year, start_month = (int(x) for x in start.split("-"))
    end_year, end_month = (int(x) for x in end.split("-"))
    after = date(end_year + end_month // 12, end_month % 12 + 1, 1)
    return date(start_year, start_month, 1), after


def studio_section(*, org: Org, start: str, end: str) -> dict:
    """The subtree's studio and 五小 figures for months `start`..`end`: three queries, kept in
    the shared cache until a studio, report, suggestion or org is written (`competitions.kept`)."""
    return kept(
        key("studios", org, start, end), STUDIOS, lambda: _section(org, start, end), TIMEOUT
    )


def _section(org: Org, start: str, end: str) -> dict:
    first, after = _days(start, end)
    active = Q(status__in=ACTIVE_STATUSES)
    studios = Studio.objects.filter(org__path__startswith=org.path).aggregate(
        studios_new=Count("pk", filter=Q(named_on__gte=first, named_on__lt=after)),
        **{code: Count("pk", filter=active & Q(level=code)) for code in StudioLevel.values},
    )
    by_level = [(label, studios[code]) for code, label in StudioLevel.choices]
    reports = StudioReport.objects.filter(
        studio__org__path__startswith=org.path, year__gte=first.year, year__lte=int(end[:4])
    )
    sums = reports.aggregate(reports=Count("pk"), **{name: Sum(name) for name in RESULT_SUMS})
    adopted = Q(status=SuggestionStatus.ADOPTED, reviewed_on__gte=first, reviewed_on__lt=after)
    suggestions = Suggestion.objects.filter(org__path__startswith=org.path).aggregate(
        submitted=Count("pk", filter=Q(created_at__date__gte=first, created_at__date__lt=after)),
        adopted=Count("pk", filter=adopted),
        benefit=Sum("benefit", filter=adopted),
    )
    figures = {
        "studios": sum(n for _, n in by_level),
        "studios_new": studios["studios_new"],
        **{name: sums[name] or 0 for name in ("reports", *RESULT_SUMS)},
        "suggestions": suggestions["submitted"],
        "suggestions_adopted": suggestions["adopted"],
        "suggestions_benefit": suggestions["benefit"] or Decimal(0),
    }
    return {
        "start": start,
        "end": end,
        "figures": figures,
        "by_level": by_level,
        "lines": report_lines(figures, by_level),
    }


def money(wan: Decimal) -> str:
    """An amount given in 万元 as the reports write it: 亿元 from 1亿 on, else 万元."""
    wan = Decimal(wan)
    if wan >= WAN_PER_YI:
        return f"{(wan / WAN_PER_YI).quantize(Decimal('0.01'))}亿元"
    return f"{wan.quantize(Decimal('0.01')).normalize():f}万元"


def report_lines(figures: dict, by_level: list) -> list[str]:
    """The lines in the reports' own phrasing."""
    levels = "、".join(f"{label}{n}个" for label, n in by_level if n)
    lines = [
        f"现有劳模和工匠人才创新工作室{figures['studios']}个"
        + (f"（其中{levels}）" if levels else "")
        + f"，本期新命名{figures['studios_new']}个。"
    ]
    if figures["reports"]:
        lines.append(
            f"创新工作室完成创新成果{figures['projects']}项，获得专利{figures['patents']}项，"
            f"总结先进操作法{figures['methods']}项，创造经济效益{money(figures['benefit'])}，"
            f"培养人才{figures['trained']}人；获得经费{money(figures['funds_received'])}，"
            f"带动投入{money(figures['funds_matched'])}。"
        )
    if figures["suggestions"] or figures["suggestions_adopted"]:
        lines.append(
            f"职工提出合理化建议{figures['suggestions']}件（含五小、技术革新、先进操作法），"
            f"采纳{figures['suggestions_adopted']}件，"
            f"创造经济效益{money(figures['suggestions_benefit'])}。"
        )
    return lines
