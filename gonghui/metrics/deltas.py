"""Keeping the roll-ups current: the apps' hooks call these inside their own transactions, and
each delta goes to an org and each of its ancestors with `F()` increments on rows locked in key
order. Nothing here knows an app: a delta is a `Figures` (metric, period → amount)."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q

from gonghui.metrics.models import OrgStat
from gonghui.metrics.registry import Figures, providers, unsummed_prefixes
from gonghui.metrics.tree import STEPLEN, chain_paths, org_model


def _chain_ids(org_id: int) -> list[int]:
    """The org and all its ancestors."""
    orgs = org_model().objects
    path = orgs.filter(pk=org_id).values_list("path", flat=True).get()
    return list(orgs.filter(path__in=chain_paths(path)).values_list("pk", flat=True))


@transaction.atomic(savepoint=False)
def stats_apply_per_org(per_org: dict[int, Figures]) -> None:
    """Add each org's delta to its own rows only (the caller has spread it up the chains, as
    for figures that are not sums). Missing rows are inserted as 0, then all the rows concerned
    are locked in one statement in key order (two writers cannot deadlock), then changed with
    F() increments, so that no concurrent update is lost."""
    per_org = {
        org_id: Figures({key: n for key, n in delta.items() if n})
        for org_id, delta in per_org.items()
    }
    per_org = {org_id: delta for org_id, delta in per_org.items() if delta}
    if not per_org:
        return
    OrgStat.objects.bulk_create(
        [
            OrgStat(org_id=org_id, metric=metric, period=period, value=0)
            for org_id in sorted(per_org)
            for metric, period in sorted(per_org[org_id])
        ],
        ignore_conflicts=True,
    )
    # Orgs with the same keys share a condition; each amount takes one UPDATE.
    by_amount: dict[int, dict[tuple, list[int]]] = {}
    for org_id, delta in per_org.items():
        for n in set(delta.values()):
            keys = tuple(sorted(key for key, m in delta.items() if m == n))
            by_amount.setdefault(n, {}).setdefault(keys, []).append(org_id)

    def condition(groups: dict[tuple, list[int]]) -> Q:
        found = Q()
        for keys, org_ids in groups.items():
            either = Q()
            for metric, period in keys:
                either |= Q(metric=metric, period=period)
            found |= Q(either, org_id__in=org_ids)
        return found

    everything = Q()
    for groups in by_amount.values():
        everything |= condition(groups)
    list(
        OrgStat.objects.select_for_update()
        .filter(everything)
        .order_by("org_id", "metric", "period")
        .values_list("pk", flat=True)
    )
    for n, groups in sorted(by_amount.items()):
        OrgStat.objects.filter(condition(groups)).update(value=F("value") + n)


def _apply(org_ids: Iterable[int], delta: Figures) -> None:
    """Add the same delta to the rows of each of these orgs."""
    stats_apply_per_org({org_id: delta for org_id in org_ids})


@transaction.atomic(savepoint=False)
def stats_apply(changes: dict[int, Figures]) -> None:
    """The hook of every app: `changes` is org id → delta at that org; each delta goes up the
    org's whole chain. Call it inside the transaction of the write it counts."""
    per_org: dict[int, Figures] = {}
    for org_id, delta in changes.items():
        for chain_id in _chain_ids(org_id):
            per_org.setdefault(chain_id, Figures()).update(delta)
    stats_apply_per_org(per_org)


def stats_changes(*pairs: tuple[int | None, Figures]) -> dict[int, Figures]:
    """Org id → delta from (org id or None, delta) pairs, e.g. a record leaving one org (its
    figures negated) and joining another."""
    changes: dict[int, Figures] = {}
    for org_id, delta in pairs:
        if org_id is not None:
            changes.setdefault(org_id, Figures()).update(delta)
    return changes


def negated(figures: Figures) -> Figures:
    negative = Figures()
    negative.subtract(figures)
    return negative


@transaction.atomic(savepoint=False)
def stats_subtree_moved(*, org_id: int, old_parent_id: int) -> None:
    """A subtree moved (call after the move): its totals leave the old ancestors and join the
    new ones. The rows of the moved orgs themselves are subtree totals and stay right. Figures
    that are not sums (flows) are counted again by their providers."""
    unsummed = unsummed_prefixes()
    totals = Figures(
        {
            (metric, period): value
            for metric, period, value in OrgStat.objects.filter(org_id=org_id).values_list(
                "metric", "period", "value"
            )
            if not metric.startswith(unsummed)
        }
    )
    path = org_model().objects.filter(pk=org_id).values_list("path", flat=True).get()
    old_chain = set(_chain_ids(old_parent_id))
    new_chain = set(
        org_model()
        .objects.filter(path__in=chain_paths(path[:-STEPLEN]))
        .values_list("pk", flat=True)
    )
    _apply(old_chain - new_chain, negated(totals))
    _apply(new_chain - old_chain, totals)
    stats_unsummed_moved(org_id=org_id, old_parent_id=old_parent_id)


@transaction.atomic(savepoint=False)
def stats_unsummed_moved(*, org_id: int, old_parent_id: int) -> None:
    """The unsummed part of `stats_subtree_moved`, for a writer that recounts the rest itself
    (an org merge moving child unions, followed by `stats_refresh_orgs`)."""
    for p in providers():
        stats_apply_per_org(p.unsummed_moved(org_id=org_id, old_parent_id=old_parent_id))
