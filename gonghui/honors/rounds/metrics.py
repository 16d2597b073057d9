"""The nominations' roll-up figures (statistics provider `nominations`, see
`gonghui.metrics.registry`); the conferred honors are in honors/metrics.py.

Metric keys, counted at the nominating union, period "YYYY-MM" of the month the round opened:
- `honors.nominations`: nominations; `honors.nominations.<status>`: by status (草稿, 待审核, 退回修改,
  拟表彰, 不予推荐, 已撤回, 已表彰);
- `honors.nominees`: personal nominations still in the running (not rejected nor withdrawn);
  `honors.nominees.front_line` / `honors.nominees.new_form`: those of front-line workers and of
  新就业形态劳动者 — the shares are these over `honors.nominees`.

Every service that creates a nomination or changes its status or flags takes its figures before
(`nominations_figures`) and applies the difference after (`stats_nominations_changed`), in its
transaction.
"""

from collections.abc import Iterable, Iterator

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from gonghui.honors.models import HonorSubject, Nomination, NominationStatus
from gonghui.honors.models.rounds import LIVE_STATUSES
from gonghui.metrics.services import (
    Figures,
    Metric,
    Provider,
    Row,
    month_key,
    negated,
    register,
    stats_apply,
)

NOMINATIONS = "honors.nominations"
NOMINEES = "honors.nominees"
FLAGS = (("front_line", "一线职工"), ("new_form", "新就业形态劳动者"))


def _period(nomination: Nomination) -> str:
    return month_key(timezone.localtime(nomination.round.created_at).date())


def nomination_figures(nomination: Nomination) -> Figures:
    """The figures one nomination adds to its nominating union, as it is now."""
    period = _period(nomination)
    figures = Figures({(NOMINATIONS, period): 1, (f"{NOMINATIONS}.{nomination.status}", period): 1})
    if nomination.subject == HonorSubject.PERSON and nomination.status in LIVE_STATUSES:
        figures[(NOMINEES, period)] += 1
        for flag, _ in FLAGS:
            if getattr(nomination, flag):
                figures[(f"{NOMINEES}.{flag}", period)] += 1
    return figures


def nominations_figures(nominations: Iterable[Nomination]) -> dict[int, Figures]:
    """Org id → the figures of these nominations (taken before a change)."""
    per_org: dict[int, Figures] = {}
    for n in nominations:
        per_org.setdefault(n.org_id, Figures()).update(nomination_figures(n))
    return per_org


def stats_nominations_changed(
    *, before: dict[int, Figures] | None, nominations: Iterable[Nomination]
) -> None:
    """Apply the change from `before` (None for new nominations) to these nominations as they
    are now (called inside the changing service's transaction)."""
    changes = {org_id: negated(figures) for org_id, figures in (before or {}).items()}
    for org_id, figures in nominations_figures(nominations).items():
        changes.setdefault(org_id, Figures()).update(figures)
    stats_apply(changes)


class NominationsMetrics(Provider):
    name = "nominations"
    metrics = (
        Metric(NOMINATIONS, "荣誉推荐数", choices=tuple(NominationStatus.choices), monthly=True),
        Metric(NOMINEES, "在评个人推荐数", choices=FLAGS, monthly=True),
    )

    def count_own(self, org_ids: list[int] | None) -> Iterator[Row]:
        nominations = Nomination.objects.all()
        if org_ids is not None:
            nominations = nominations.filter(org_id__in=org_ids)
        by_status = (
            nominations.annotate(month=TruncMonth("round__created_at"))
            .values("org_id", "status", "month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in by_status:
            period = month_key(row["month"])
            yield row["org_id"], NOMINATIONS, period, row["n"]
            yield row["org_id"], f"{NOMINATIONS}.{row['status']}", period, row["n"]
        live = (
            nominations.filter(subject=HonorSubject.PERSON, status__in=LIVE_STATUSES)
            .annotate(month=TruncMonth("round__created_at"))
            .values("org_id", "month")
            .annotate(
                n=Count("pk"),
                front_line=Count("pk", filter=Q(front_line=True)),
                new_form=Count("pk", filter=Q(new_form=True)),
            )
            .order_by()
        )
        for row in live:
            period = month_key(row["month"])
            yield row["org_id"], NOMINEES, period, row["n"]
            for flag, _ in FLAGS:
                if row[flag]:
                    yield row["org_id"], f"{NOMINEES}.{flag}", period, row[flag]


register(NominationsMetrics())
