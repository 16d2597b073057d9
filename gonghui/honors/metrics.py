"""The honor rounds' roll-up figures (statistics provider `honors`, see
`gonghui.metrics.registry`); care's are in honors/care/metrics.py.

Metric keys, counted at the nominating union, period "YYYY-MM" of the decision's date:
- `honors.award`: honors conferred by a round's decision (表彰决定);
  `honors.award.<type code>`: by honor type (省五一劳动奖章 …).
The decision applies them in its transaction.
"""

from collections.abc import Iterator

from django.db.models import Count
from django.db.models.functions import TruncMonth

from gonghui.honors.models import Nomination, NominationStatus
from gonghui.honors.rounds.catalogue import CATALOGUE
from gonghui.metrics.services import Figures, Metric, Provider, Row, register, stats_apply

KEY = "honors.award"
KEY_MAX = 40  # OrgStat.metric


def _keys(code: str) -> list[str]:
    """The total and, when the type's code fits the metric's length, the type's own key."""
    by_type = f"{KEY}.{code}"
    return [KEY, by_type] if len(by_type) <= KEY_MAX else [KEY]


def stats_conferred(nominations: list[Nomination], decided_on) -> None:
    """A decision conferred these honors (called inside the decision's transaction)."""
    period = decided_on.strftime("%Y-%m")
    changes: dict[int, Figures] = {}
    for n in nominations:
        figures = changes.setdefault(n.org_id, Figures())
        figures.update({(key, period): 1 for key in _keys(n.honor_type.code)})
    stats_apply(changes)


class HonorsMetrics(Provider):
    name = "honors"
    metrics = (
        Metric(
            KEY,
            "表彰荣誉数",
            choices=tuple((e.code, e.title) for e in CATALOGUE),
            monthly=True,
        ),
    )

    def count_own(self, org_ids: list[int] | None) -> Iterator[Row]:
        awarded = Nomination.objects.filter(
            status=NominationStatus.AWARDED, round__decided_on__isnull=False
        )
        if org_ids is not None:
            awarded = awarded.filter(org_id__in=org_ids)
        rows = (
            awarded.annotate(month=TruncMonth("round__decided_on"))
            .values("org_id", "honor_type__code", "month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            period = row["month"].strftime("%Y-%m")
            for key in _keys(row["honor_type__code"]):
                yield row["org_id"], key, period, row["n"]


register(HonorsMetrics())

# The honoree registry and care register their own (gonghui/honors/care).
from gonghui.honors.care import metrics as _care_metrics  # noqa: E402, F401

# …and so do the nominations (gonghui/honors/rounds).
from gonghui.honors.rounds import metrics as _nomination_metrics  # noqa: E402, F401
