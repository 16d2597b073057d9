"""The hotline's roll-up figures (statistics provider `hotline`, see
`gonghui.metrics.registry`); the services call the hooks below inside their transactions.

Metric keys, counted at the case's current holder, as `hotline.stats` does:
- `cases.received` (period "YYYY-MM"): cases by the local month they were received;
- `cases.open`: cases still being handled (待派单, 已派单, 办理中, 已退单);
- `cases.closed`: cases closed (已办结, 已回访).
Overdue cases are not stored: a case becomes overdue with the passing of time alone, with no
write to hook; a dashboard counts them at read time (`hotline.selectors.org_cases_overdue`).
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from gonghui.hotline.codes import OPEN_STATUSES, CaseStatus
from gonghui.hotline.models import Case
from gonghui.metrics.services import (
    Figures,
    Metric,
    Provider,
    Row,
    diff,
    month_key,
    negated,
    register,
    stats_apply,
    stats_changes,
)

CLOSED_STATUSES = (CaseStatus.CLOSED, CaseStatus.EVALUATED)


@dataclass(frozen=True)
class CaseState:
    holder_id: int
    status: str
    received_month: str


def case_state(case: Case) -> CaseState:
    return CaseState(
        holder_id=case.holder_id,
        status=case.status,
        received_month=month_key(timezone.localtime(case.received_at)),
    )


def stored_case_state(case_id: int) -> CaseState:
    holder_id, status, received_at = (
        Case.objects.filter(pk=case_id).values_list("holder_id", "status", "received_at").get()
    )
    return CaseState(holder_id, status, month_key(timezone.localtime(received_at)))


def _case_figures(state: CaseState) -> Figures:
    figures = Figures({("cases.received", state.received_month): 1})
    if state.status in OPEN_STATUSES:
        figures["cases.open", ""] = 1
    elif state.status in CLOSED_STATUSES:
        figures["cases.closed", ""] = 1
    return figures


def stats_case_changed(*, before: CaseState | None, after: Case) -> None:
    """A hotline case was received (before None) or changed holder or status."""
    new_state = case_state(after)
    if before == new_state:
        return
    new = _case_figures(new_state)
    if before is None:
        stats_apply({new_state.holder_id: new})
        return
    old = _case_figures(before)
    if before.holder_id == new_state.holder_id:
        stats_apply({before.holder_id: diff(old, new)})
        return
    stats_apply(stats_changes((before.holder_id, negated(old)), (new_state.holder_id, new)))


class HotlineMetrics(Provider):
    name = "hotline"
    metrics = (
        Metric("cases.received", "受理工单", monthly=True),
        Metric("cases.open", "办理中工单"),
        Metric("cases.closed", "已办结工单"),
    )

    def count_own(self, org_ids: list[int] | None) -> Iterator[Row]:
        cases = Case.objects.all()
        if org_ids is not None:
            cases = cases.filter(holder_id__in=org_ids)
        for row in cases.values("holder_id", "status").annotate(n=Count("pk")).order_by():
            if row["status"] in OPEN_STATUSES:
                yield row["holder_id"], "cases.open", "", row["n"]
            elif row["status"] in CLOSED_STATUSES:
                yield row["holder_id"], "cases.closed", "", row["n"]
        received = cases.annotate(m=TruncMonth("received_at")).values("holder_id", "m")
        for row in received.annotate(n=Count("pk")).order_by():
            yield row["holder_id"], "cases.received", month_key(row["m"]), row["n"]


register(HotlineMetrics())
