"""劳模服务管理's roll-up figures (statistics provider `honorees`, see gonghui.metrics.registry).

Metric keys, counted at the honoree's union (`Honoree.org`):
- `honorees.living`: living honorees; `honorees.living.<level>`: living honorees holding at least
  one honor (not revoked) of that level;
- `honorees.honors.<level>`: honors held, not revoked, conferred here or imported;
- `honorees.allowances`: allowance payments; `honorees.allowance_fen`: their total in 分;
- `honorees.care.<kind>`: care records by kind.

Every service that changes an honoree, its honors, allowances or care records takes the
honoree's figures before and after (`honoree_figures`) and applies the difference
(`stats_honoree_changed`) in its transaction. The rounds' decision, which adds honors, calls it too.
"""

from collections.abc import Iterator

from django.db.models import Count, Sum

from gonghui.honors.models import (
    Allowance,
    CareKind,
    CareRecord,
    Honor,
    Honoree,
    HonorLevel,
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


def fen(amount) -> int:
    return int(round(amount * 100))


def honoree_figures(honoree: Honoree) -> tuple[int, Figures]:
    """(org id, figures) of one honoree as the database holds it now."""
    figures = Figures()
    honors = Honor.objects.filter(honoree=honoree, revoked=False)
    levels = list(honors.values_list("honor_type__level", flat=True))
    for level in levels:
        figures[(f"honorees.honors.{level}", "")] += 1
    if honoree.alive:
        figures[("honorees.living", "")] += 1
        for level in set(levels):
            figures[(f"honorees.living.{level}", "")] += 1
    paid = Allowance.objects.filter(honoree=honoree).aggregate(n=Count("pk"), total=Sum("amount"))
    if paid["n"]:
        figures[("honorees.allowances", "")] += paid["n"]
        figures[("honorees.allowance_fen", "")] += fen(paid["total"])
    for kind in CareRecord.objects.filter(honoree=honoree).values_list("kind", flat=True):
        figures[(f"honorees.care.{kind}", "")] += 1
    return honoree.org_id, figures


def stats_honoree_changed(*, before: tuple[int, Figures] | None, honoree: Honoree | None) -> None:
    """Apply the change from `before` (None for a new honoree) to the honoree as it is now."""
    after = honoree_figures(honoree) if honoree is not None else None
    stats_apply(
        stats_changes(
            (before[0], negated(before[1])) if before else (None, Figures()),
            after if after else (None, Figures()),
        )
    )


def stats_allowances_added(*, per_org: dict[int, tuple[int, int]]) -> None:
    """A batch: org id → (payments, 分) added."""
    stats_apply(
        {
            org_id: Figures({("honorees.allowances", ""): n, ("honorees.allowance_fen", ""): f})
            for org_id, (n, f) in per_org.items()
        }
    )


class HonoreesMetrics(Provider):
    name = "honorees"
    metrics = (
        Metric("honorees.living", "在册劳模（健在）", choices=tuple(HonorLevel.choices)),
        Metric("honorees.honors", "所获荣誉数（含历史导入）", choices=tuple(HonorLevel.choices)),
        Metric("honorees.allowances", "待遇发放笔数"),
        Metric("honorees.allowance_fen", "待遇发放金额（分）"),
        Metric("honorees.care", "关爱记录", choices=tuple(CareKind.choices)),
    )

    def count_own(self, org_ids: list[int] | None) -> Iterator[Row]:
        honorees = Honoree.objects.all()
        if org_ids is not None:
            honorees = honorees.filter(org_id__in=org_ids)
        for row in honorees.filter(alive=True).values("org_id").annotate(n=Count("pk")).order_by():
            yield row["org_id"], "honorees.living", "", row["n"]
        living_levels = (
            Honor.objects.filter(honoree__in=honorees.filter(alive=True), revoked=False)
            .values("honoree__org_id", "honor_type__level")
            .annotate(n=Count("honoree", distinct=True))
            .order_by()
        )
        for row in living_levels:
            level = row["honor_type__level"]
            yield row["honoree__org_id"], f"honorees.living.{level}", "", row["n"]
        held = (
            Honor.objects.filter(honoree__in=honorees, revoked=False)
            .values("honoree__org_id", "honor_type__level")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in held:
            level = row["honor_type__level"]
            yield row["honoree__org_id"], f"honorees.honors.{level}", "", row["n"]
        paid = (
            Allowance.objects.filter(honoree__in=honorees)
            .values("honoree__org_id")
            .annotate(n=Count("pk"), total=Sum("amount"))
            .order_by()
        )
        for row in paid:
            yield row["honoree__org_id"], "honorees.allowances", "", row["n"]
            yield row["honoree__org_id"], "honorees.allowance_fen", "", fen(row["total"])
        cares = (
            CareRecord.objects.filter(honoree__in=honorees)
            .values("honoree__org_id", "kind")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in cares:
            yield row["honoree__org_id"], f"honorees.care.{row['kind']}", "", row["n"]


register(HonoreesMetrics())
