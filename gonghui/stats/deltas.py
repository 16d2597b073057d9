"""Keeping the roll-ups current: the hooks the domain services call inside their transactions
(`stats_member_changed`, `stats_case_changed`, …) and the application of their deltas to an org
and each of its ancestors, with `F()` increments on rows locked in key order.

The metric keys are listed in `gonghui.stats.services`.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q

from gonghui.hotline.models import Case
from gonghui.members.models import Member, MembershipEvent
from gonghui.orgs.models import Org
from gonghui.stats.figures import (
    STEPLEN,
    CaseState,
    Figures,
    MemberState,
    _case_figures,
    _chain_paths,
    _diff,
    _member_figures,
    _org_figures,
    _site_figures,
    case_state,
    member_state,
)
from gonghui.stats.flows import FLOW_PREFIX, flow_deltas, flows_moved
from gonghui.stats.models import OrgStat

# --- Applying deltas to an org and its ancestors -------------------------------------------


def _chain_ids(org_id: int) -> list[int]:
    """The org and all its ancestors."""
    path = Org.objects.filter(pk=org_id).values_list("path", flat=True).get()
    return list(Org.objects.filter(path__in=_chain_paths(path)).values_list("pk", flat=True))


def _apply_deltas(per_org: dict[int, Figures]) -> None:
    """Add each org's delta to its rows. Missing rows are inserted as 0, then all the rows
    concerned are locked in one statement in key order (two writers cannot deadlock), then
    changed with F() increments, so that no concurrent update is lost."""
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
    _apply_deltas({org_id: delta for org_id in org_ids})


@transaction.atomic
def stats_apply(changes: dict[int, Figures]) -> None:
    """For other apps' hooks: `changes` is org id → delta at that org (see `_apply_changes`)."""
    _apply_changes(changes)


def _apply_changes(changes: dict[int, Figures]) -> None:
    """`changes`: org id → delta at that org; each delta goes up the org's whole chain."""
    per_org: dict[int, Figures] = {}
    for org_id, delta in changes.items():
        for chain_id in _chain_ids(org_id):
            per_org.setdefault(chain_id, Figures()).update(delta)
    _apply_deltas(per_org)


def _changes(*pairs: tuple[int | None, Figures]) -> dict[int, Figures]:
    changes: dict[int, Figures] = {}
    for org_id, delta in pairs:
        if org_id is not None:
            changes.setdefault(org_id, Figures()).update(delta)
    return changes


# --- Hooks called by the domain services, inside their transactions -----------------------


def stats_member_changed(*, before: MemberState | None, after: Member | None) -> None:
    """A member was created (before None), edited, changed status or moved between orgs."""
    old = _member_figures(before) if before else Figures()
    new_state = member_state(after) if after else None
    new = _member_figures(new_state) if new_state else Figures()
    if before and new_state and before.org_id == new_state.org_id:
        _apply_changes({before.org_id: _diff(old, new)})
        return
    negative = Figures()
    negative.subtract(old)
    _apply_changes(
        _changes(
            (before.org_id if before else None, negative),
            (new_state.org_id if new_state else None, new),
        )
    )


def stats_members_updated(pairs: list[tuple[MemberState, Member]]) -> None:
    """Many members were edited in bulk (an import): (state before, member after) each; the
    differences are summed per org and applied once."""
    changes: dict[int, Figures] = {}
    for before, after in pairs:
        negative = Figures()
        negative.subtract(_member_figures(before))
        for org_id, delta in (
            (before.org_id, negative),
            (after.org_id, _member_figures(member_state(after))),
        ):
            changes.setdefault(org_id, Figures()).update(delta)
    _apply_changes(changes)


def stats_event_recorded(event: MembershipEvent) -> None:
    """A 会籍变化 was written: its flows, up to below the lowest common ancestor of the two
    unions of a transfer (`gonghui.stats.flows`)."""
    _apply_deltas(flow_deltas([event]))


def stats_case_changed(*, before: CaseState | None, after: Case) -> None:
    """A hotline case was received (before None) or changed holder or status."""
    new_state = case_state(after)
    if before == new_state:
        return
    new = _case_figures(new_state)
    if before is None:
        _apply_changes({new_state.holder_id: new})
        return
    old = _case_figures(before)
    if before.holder_id == new_state.holder_id:
        _apply_changes({before.holder_id: _diff(old, new)})
        return
    negative = Figures()
    negative.subtract(old)
    _apply_changes(_changes((before.holder_id, negative), (new_state.holder_id, new)))


def stats_site_changed(
    *, before: tuple[int, str] | None = None, after: tuple[int, str] | None = None
) -> None:
    """A site was created (before None), deleted (after None) or changed org or type;
    each side is (org id, site type)."""
    if before == after:
        return
    negative = Figures()
    if before:
        negative.subtract(_site_figures(before[1]))
    _apply_changes(
        _changes(
            (before[0] if before else None, negative),
            (after[0] if after else None, _site_figures(after[1]) if after else Figures()),
        )
    )


def stats_org_changed(*, org: Org, before_type: str | None, after_type: str | None) -> None:
    """An org was created (before None), dissolved (after None) or changed type."""
    if before_type == after_type:
        return
    delta = _org_figures(after_type) if after_type else Figures()
    if before_type:
        delta.subtract(_org_figures(before_type))
    _apply_changes({org.pk: delta})


def stats_org_moved(*, org: Org, old_parent: Org) -> None:
    """A subtree moved (call after the move): its totals leave the old ancestors and join the
    new ones. The rows of the moved orgs themselves are subtree totals and stay right. Flows
    are not sums: those of the events with a side in the subtree are counted again."""
    totals = Figures(
        {
            (metric, period): value
            for metric, period, value in OrgStat.objects.filter(org=org)
            .exclude(metric__startswith=FLOW_PREFIX)
            .values_list("metric", "period", "value")
        }
    )
    old_chain = set(_chain_ids(old_parent.pk))
    parent_path = org.path[:-STEPLEN]
    new_chain = set(
        Org.objects.filter(path__in=_chain_paths(parent_path)).values_list("pk", flat=True)
    )
    negative = Figures()
    negative.subtract(totals)
    _apply(old_chain - new_chain, negative)
    _apply(new_chain - old_chain, totals)
    stats_flows_moved(org=org, old_parent=old_parent)


def stats_flows_moved(*, org: Org, old_parent: Org) -> None:
    """The flows part of `stats_org_moved`, for a writer that recounts the rest itself (an
    org merge moving child unions, followed by `stats_refresh_orgs`)."""
    _apply_deltas(flows_moved(org=org, old_parent=old_parent))
