"""The tree's own roll-up figures (statistics provider `orgs`, see `gonghui.metrics.registry`).

Metric keys (active orgs only; an org counts in its own subtree):
- `orgs`: active unions;
- `orgs.<type>`: by 工会类型 (`orgs.base` is the base-union count).

The services call the hooks below inside their transactions; a moved subtree takes its totals
(every app's) with it through `gonghui.metrics.deltas.stats_subtree_moved`.
"""

from collections.abc import Iterator

from gonghui.metrics.services import (
    Figures,
    Metric,
    Provider,
    Row,
    register,
    stats_apply,
    stats_subtree_moved,
    stats_unsummed_moved,
)
from gonghui.orgs.models import Org, OrgStatus, OrgType


def _org_figures(org_type: str) -> Figures:
    return Figures({("orgs", ""): 1, (f"orgs.{org_type}", ""): 1})


def stats_org_changed(*, org: Org, before_type: str | None, after_type: str | None) -> None:
    """An org was created (before None), dissolved (after None) or changed type."""
    if before_type == after_type:
        return
    delta = _org_figures(after_type) if after_type else Figures()
    if before_type:
        delta.subtract(_org_figures(before_type))
    stats_apply({org.pk: delta})


def stats_org_moved(*, org: Org, old_parent: Org) -> None:
    """A subtree moved (call after the move): every app's totals follow it."""
    stats_subtree_moved(org_id=org.pk, old_parent_id=old_parent.pk)


def stats_flows_moved(*, org: Org, old_parent: Org) -> None:
    """The figures that are not sums over a subtree (the membership flows), for a writer that
    recounts the rest itself (an org merge moving child unions, then `stats_refresh_orgs`)."""
    stats_unsummed_moved(org_id=org.pk, old_parent_id=old_parent.pk)


class OrgsMetrics(Provider):
    name = "orgs"
    metrics = (Metric("orgs", "工会组织数", choices=tuple(OrgType.choices)),)

    def count_own(self, org_ids: list[int] | None) -> Iterator[Row]:
        orgs = Org.objects.filter(status=OrgStatus.ACTIVE)
        if org_ids is not None:
            orgs = orgs.filter(pk__in=org_ids)
        for org_id, org_type in orgs.values_list("pk", "org_type"):
            yield org_id, "orgs", "", 1
            yield org_id, f"orgs.{org_type}", "", 1


register(OrgsMetrics())
