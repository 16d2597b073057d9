"""Reading one org's roll-ups once for a page that shows many sections of them (the 数据看板).

`org_rows` reads, in one query, every row of an org that is a current total (period "") or of
a month from `since` on; the sections' `rows=` arguments then add up what they would have
read themselves (`period_sums`), with the same result as their own `SUM … GROUP BY metric`.
"""

from collections.abc import Callable, Iterable

from django.db.models import Q

from gonghui.metrics.models import OrgStat

Rows = dict[tuple[str, str], int]


def org_rows(org_id: int, *, since: str) -> Rows:
    """(metric, period) → value for the org's totals and its months `since` ("YYYY-MM") on."""
    return {
        (metric, period): value
        for metric, period, value in OrgStat.objects.filter(
            Q(period="") | Q(period__gte=since), org_id=org_id
        ).values_list("metric", "period", "value")
    }


def period_sums(
    rows: Rows,
    start: str,
    end: str,
    wanted: Callable[[str], bool],
    current: Iterable[str] = (),
) -> dict[str, int]:
    """metric → its rows added up over the months `start`..`end` (both included), for the
    metrics `wanted` accepts, plus the current total ("" period) of each metric in `current`;
    a metric without rows is absent, as from SQL."""
    sums: dict[str, int] = {}
    for (metric, period), value in rows.items():
        if period and start <= period <= end and wanted(metric):
            sums[metric] = sums.get(metric, 0) + value
    for metric in current:
        if (metric, "") in rows:
            sums[metric] = sums.get(metric, 0) + rows[(metric, "")]
    return sums
