"""The studios' roll-up figures (statistics provider `studios`, see `gonghui.metrics.registry`);
the services call the hooks below inside their transactions.

Metric keys, counted at the studio's host unit (period ""):
- `studios`: named studios (已命名 or 整改中); `studios.<level>`: by level;
- `suggestions`, `suggestions_adopted`, `suggestions_benefit` (yuan): 五小 and 合理化建议 submitted
  and adopted at their union;
- `studio_projects`, `studio_patents`, `studio_methods`, `studio_trained`: the sums of all
  yearly reports filed; `studio_benefit`: their economic benefit in yuan (万元 × 10000).
"""

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Count, Sum

from gonghui.competitions.models.studios import (
    ACTIVE_STATUSES,
    Studio,
    StudioLevel,
    StudioReport,
    Suggestion,
    SuggestionStatus,
)
from gonghui.metrics.services import (
    Figures,
    Metric,
    Provider,
    Row,
    negated,
    register,
    stats_apply,
    stats_changes,
)

WAN = Decimal(10000)
REPORT_SUMS = ("projects", "patents", "methods", "trained")


def _studio_figures(level: str) -> Figures:
    return Figures({("studios", ""): 1, (f"studios.{level}", ""): 1})


def stats_studio_changed(*, org_id: int, level: str, was_active: bool, is_active: bool) -> None:
    """A studio was named, or revoked: its host unit's count goes up or down."""
    if was_active == is_active:
        return
    figures = _studio_figures(level)
    stats_apply(stats_changes((org_id, figures if is_active else negated(figures))))


def stats_report_filed(report: StudioReport) -> None:
    figures = Figures({(f"studio_{name}", ""): getattr(report, name) for name in REPORT_SUMS})
    figures[("studio_benefit", "")] = int(report.benefit * WAN)
    stats_apply(stats_changes((report.studio.org_id, figures)))


def _suggestion_figures(status: str, benefit: Decimal) -> Figures:
    figures = Figures({("suggestions", ""): 1})
    if status == SuggestionStatus.ADOPTED:
        figures[("suggestions_adopted", "")] = 1
        figures[("suggestions_benefit", "")] = int(benefit * WAN)
    return figures


def stats_suggestion_changed(suggestion: Suggestion, *, before: tuple[str, Decimal] | None) -> None:
    """A suggestion was submitted (before None) or reviewed; `before` is (status, benefit)."""
    figures = _suggestion_figures(suggestion.status, suggestion.benefit)
    if before is not None:
        figures.update(negated(_suggestion_figures(*before)))
    stats_apply(stats_changes((suggestion.org_id, figures)))


class StudiosMetrics(Provider):
    name = "studios"
    metrics = (
        Metric("studios", "创新工作室数", choices=tuple(StudioLevel.choices)),
        Metric("studio_projects", "创新工作室创新项目数"),
        Metric("studio_patents", "创新工作室专利数"),
        Metric("studio_methods", "创新工作室先进操作法数"),
        Metric("studio_trained", "创新工作室培养人才数"),
        Metric("studio_benefit", "创新工作室经济效益（元）"),
        Metric("suggestions", "五小和合理化建议提报数"),
        Metric("suggestions_adopted", "五小和合理化建议采纳数"),
        Metric("suggestions_benefit", "采纳建议经济效益（元）"),
    )

    def count_own(self, org_ids: list[int] | None) -> Iterator[Row]:
        studios = Studio.objects.filter(status__in=ACTIVE_STATUSES)
        reports = StudioReport.objects.all()
        if org_ids is not None:
            studios = studios.filter(org_id__in=org_ids)
            reports = reports.filter(studio__org_id__in=org_ids)
        for row in studios.values("org_id", "level").annotate(n=Count("pk")).order_by():
            yield row["org_id"], "studios", "", row["n"]
            yield row["org_id"], f"studios.{row['level']}", "", row["n"]
        sums = {name: Sum(name) for name in (*REPORT_SUMS, "benefit")}
        for row in reports.values("studio__org_id").annotate(**sums).order_by():
            for name in REPORT_SUMS:
                yield row["studio__org_id"], f"studio_{name}", "", row[name]
            yield row["studio__org_id"], "studio_benefit", "", int(row["benefit"] * WAN)
        suggestions = Suggestion.objects.all()
        if org_ids is not None:
            suggestions = suggestions.filter(org_id__in=org_ids)
        counts: Counter = Counter()
        rows = suggestions.values("org_id", "status").annotate(
            n=Count("pk"), benefit=Sum("benefit")
        )
        for row in rows.order_by():
            counts[(row["org_id"], "suggestions")] += row["n"]
            if row["status"] == SuggestionStatus.ADOPTED:
                counts[(row["org_id"], "suggestions_adopted")] += row["n"]
                counts[(row["org_id"], "suggestions_benefit")] += int(row["benefit"] * WAN)
        for (org_id, metric), n in counts.items():
            yield org_id, metric, "", n


register(StudiosMetrics())
