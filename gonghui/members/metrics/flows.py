"""Membership flows (会籍变化) of an org's subtree, month by month, as the federation reports
them: 新入会, 转入, 转出, 退会/除名 and, computed when read, 净增.

Metric keys (period "YYYY-MM", the month of the event's change date):
- `flow.join`: 入会 events;
- `flow.transfer_in`: 转入 events from a union outside the subtree;
- `flow.transfer_out`: 转出 events to a union outside the subtree;
- `flow.leave`: 退会 and 除名 events. (保留 is no flow.)
净增 = `flow.join` + `flow.transfer_in` − `flow.transfer_out` − `flow.leave`.

A transfer (and a member moved by an org merge) writes a 转出 event at the sending union, whose
`other_org` is the receiving one, and a 转入 event at the receiving union. An org counts that
转出 only when the sending union is in its subtree and the receiving one is not, i.e. on the
sending union's chain strictly below the two unions' lowest common ancestor; the 转入 likewise on
the receiving side. So a transfer inside a subtree changes none of its root's flows, and a flow
figure is not the sum of the children's (a transfer between two children is at neither's parent).
A transfer event without `other_org` (the other side is outside the system) counts on the whole
chain, like 入会 and 退会. Like every roll-up, flows describe the tree as it is now: when a union
moves, its history moves with it, and a past transfer between it and another union is counted
again against the new lowest common ancestor.

Hence flows are written apart from the additive figures: `flow_deltas` for new events,
`flow_totals` over `event_groups` for a recount (events grouped by (org, other org, type, month),
never a row at a time), `flows_moved` when a subtree changes place in the tree.
"""

from collections import Counter
from collections.abc import Iterable, Iterator

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from gonghui.members.codes import ChangeType
from gonghui.members.models import MembershipEvent
from gonghui.metrics.services import month_key
from gonghui.orgs.models import Org

STEPLEN = Org.steplen
FLOW_PREFIX = "flow."
JOINS = "flow.join"
TRANSFERS_IN = "flow.transfer_in"
TRANSFERS_OUT = "flow.transfer_out"
LEAVES = "flow.leave"
FLOW_METRICS = [JOINS, TRANSFERS_IN, TRANSFERS_OUT, LEAVES]
METRIC_OF = {
    ChangeType.JOIN: JOINS,
    ChangeType.TRANSFER_IN: TRANSFERS_IN,
    ChangeType.TRANSFER_OUT: TRANSFERS_OUT,
    ChangeType.EXPEL: LEAVES,
    ChangeType.LEAVE: LEAVES,
}
TRANSFER_TYPES = (ChangeType.TRANSFER_IN, ChangeType.TRANSFER_OUT)
# A path step no org has: stands for the old place of a moved subtree.
_VACATED = "~" * STEPLEN

# (org id, other org id or None, change type, "YYYY-MM", number of events)
Group = tuple[int, int | None, str, str, int]


def _chain(path: str) -> list[str]:
    return [path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN)]


def crossed_paths(path: str, other_path: str | None) -> list[str]:
    """The paths of the org at `path` and of its ancestors whose subtree does not hold the org at
    `other_path` (all of them when there is no other org)."""
    return [p for p in _chain(path) if other_path is None or not other_path.startswith(p)]


def flow_totals(
    groups: Iterable[Group], path_of: dict[int, str], id_of: dict[str, int]
) -> dict[int, Counter]:
    """Org id → {(metric, month): n} for these event groups; `path_of` must hold every org and
    other org of the groups, `id_of` every path of their chains."""
    totals: dict[int, Counter] = {}
    # Events without another side count on the whole chain: summed per org first, then spread.
    own: dict[int, Counter] = {}
    for org_id, other_id, change_type, month, n in groups:
        key = (METRIC_OF[change_type], month)
        if other_id is None:
            own.setdefault(org_id, Counter())[key] += n
            continue
        for prefix in crossed_paths(path_of[org_id], path_of[other_id]):
            totals.setdefault(id_of[prefix], Counter())[key] += n
    for org_id, figures in own.items():
        for prefix in _chain(path_of[org_id]):
            totals.setdefault(id_of[prefix], Counter()).update(figures)
    return totals


def event_groups(where: Q | None = None) -> Iterator[Group]:
    """The counted events (of those matching `where`) grouped by org, other org, type and
    month: one GROUP BY query. `other_org` counts for transfers only."""
    rows = (
        MembershipEvent.objects.filter(where or Q(), change_type__in=list(METRIC_OF))
        .annotate(m=TruncMonth("changed_on"))
        .values("org_id", "other_org_id", "change_type", "m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        other = row["other_org_id"] if row["change_type"] in TRANSFER_TYPES else None
        yield row["org_id"], other, row["change_type"], month_key(row["m"]), row["n"]


def _paths(org_ids: set[int]) -> tuple[dict[int, str], dict[str, int]]:
    """`path_of` for these orgs and `id_of` for all their chains: two queries."""
    path_of = dict(Org.objects.filter(pk__in=org_ids).values_list("pk", "path"))
    prefixes = {p for path in path_of.values() for p in _chain(path)}
    return path_of, dict(Org.objects.filter(path__in=prefixes).values_list("path", "pk"))


def flow_deltas(events: Iterable[MembershipEvent]) -> dict[int, Counter]:
    """What newly written events add to each org's flows."""
    groups = [
        (
            e.org_id,
            e.other_org_id if e.change_type in TRANSFER_TYPES else None,
            e.change_type,
            month_key(e.changed_on),
            1,
        )
        for e in events
        if e.change_type in METRIC_OF
    ]
    if not groups:
        return {}
    ids = {g[0] for g in groups} | {g[1] for g in groups if g[1] is not None}
    return flow_totals(groups, *_paths(ids))


def flows_moved(*, org_id: int, old_parent_id: int) -> dict[int, Counter]:
    """The change of every org's flows when the subtree of `org_id` (already moved) left
    `old_parent_id`: only events of which one side is in the subtree can count differently, so
    they are counted with the subtree at its old place and at its new one."""
    root = Org.objects.filter(pk=org_id).values_list("path", flat=True).get()
    groups = list(event_groups(Q(org__path__startswith=root) | Q(other_org__path__startswith=root)))
    if not groups:
        return {}
    ids = {g[0] for g in groups} | {g[1] for g in groups if g[1] is not None}
    path_of, id_of = _paths(ids | {old_parent_id})
    subtree = dict(Org.objects.filter(path__startswith=root).values_list("pk", "path"))
    old_root = path_of[old_parent_id] + _VACATED
    old_path_of = dict(path_of)
    old_id_of = dict(id_of)
    for pk, path in subtree.items():
        old_path_of[pk] = old_root + path[len(root) :]
        old_id_of[old_path_of[pk]] = pk
    changes = flow_totals(groups, path_of, id_of)
    for org_id, figures in flow_totals(groups, old_path_of, old_id_of).items():
        changes.setdefault(org_id, Counter()).subtract(figures)
    return changes


def flows_within(
    tree: dict[int, str], ancestors: dict[str, int], *, full_scan: bool, chunk: int = 5000
) -> dict[int, Counter]:
    """The flows of the orgs of `tree` (pk → path; whole subtrees), recounted from the events
    of its orgs (read a chunk of orgs at a time, or all at once with `full_scan`); `ancestors`
    (path → pk) completes the chains. Other orgs' entries are left out."""
    if full_scan:
        groups = [g for g in event_groups() if g[0] in tree]
    else:
        ids = sorted(tree)
        groups = [
            g
            for i in range(0, len(ids), chunk)
            for g in event_groups(Q(org_id__in=ids[i : i + chunk]))
        ]
    others = {g[1] for g in groups if g[1] is not None} - tree.keys()
    path_of = dict(tree) | dict(Org.objects.filter(pk__in=others).values_list("pk", "path"))
    id_of = {path: pk for pk, path in tree.items()} | ancestors
    totals = flow_totals(groups, path_of, id_of)
    return {org_id: figures for org_id, figures in totals.items() if org_id in tree}
