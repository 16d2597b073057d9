"""Statistics roll-ups: one `OrgStat` row per (org, metric, period) holding SUBTREE totals.

A row of an org counts the org itself and every org below it, so a dashboard of the province
at 10 million members reads a handful of rows. Writers keep the rows current in their own
transaction with small deltas (`stats_member_changed`, `stats_event_recorded`, …): a delta is
added, with `F()` increments, to the row of the org and of each of its ancestors (the
prefixes of `org.path`, 4 characters a step). `stats_rollup` rebuilds everything from the raw
tables with GROUP BY queries; `stats_differences` recounts and lists what disagrees.

Metric keys (period "" unless noted):

Members — "holding" means a held membership, status 在会 (active) or 保留会籍 (retained):
- `members`: holding members;
- `members.active`, `members.retained`: holding members by status;
- `category.<code>`: holding members by 职工类别 (codes of `members.codes.Category`);
- `gender.<code>`: holding members by 性别 (GB/T 2261.1 codes "0", "1", "2", "9");
- `birth_year.<YYYY>`: holding members by year of birth (`birth_year.unknown` without a birth
  date). Age bands are computed at read time from these, so the table never drifts as people age;
- `new_forms`: holding members of the 新就业形态 categories (`members.codes.NEW_FORMS`);
- `flow.join`, `flow.transfer_in`, `flow.transfer_out`, `flow.leave` (period "YYYY-MM"):
  新入会, 转入, 转出 and 退会/除名 by the month of the event. A transfer between two unions of a
  subtree is no flow of that subtree: these are not sums of the children's figures, and are
  written apart (`gonghui.stats.flows` says how). They replace the `joined`/`left` of before
  (入会+转入, 转出+除名+退会 added up every ancestor, so a transfer inside a city showed as a
  loss and a gain of the city): migration 0002 drops those rows; run `manage.py rollup_stats`
  once after upgrading to count the flows of existing events.

Orgs (active orgs only; an org counts in its own subtree):
- `orgs`: active unions; `orgs.<type>`: by 工会类型 (`orgs.base` is the base-union count).

Sites (服务阵地), counted at the site's owning union:
- `sites`: sites; `sites.<type>`: by site type.

Hotline cases (12351), counted at the case's current holder, as `hotline.stats` does:
- `cases.received` (period "YYYY-MM"): cases by the local month they were received;
- `cases.open`: cases still being handled (待派单, 已派单, 办理中, 已退单);
- `cases.closed`: cases closed (已办结, 已回访).
Overdue cases are not stored: a case becomes overdue with the passing of time alone, with no
write to hook; a dashboard counts them at read time (open cases whose deadline has passed, one
indexed query on the subtree).

Rows whose value is 0 may exist; readers treat a missing row as 0.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone

from gonghui.hotline.codes import OPEN_STATUSES, CaseStatus
from gonghui.hotline.models import Case
from gonghui.members.codes import HOLDING_STATUSES, NEW_FORMS
from gonghui.members.models import Member, MembershipEvent
from gonghui.orgs.models import Org, OrgStatus
from gonghui.sites.models import Site
from gonghui.stats.flows import (
    FLOW_PREFIX,
    METRIC_OF,
    TRANSFER_TYPES,
    event_groups,
    flow_deltas,
    flow_totals,
    flows_moved,
    flows_within,
    month_key,
)
from gonghui.stats.models import OrgStat

STEPLEN = Org.steplen
CLOSED_STATUSES = (CaseStatus.CLOSED, CaseStatus.EVALUATED)
# The first part of the member metric keys.
MEMBER_METRICS = {"members", "category", "gender", "birth_year", "new_forms", "flow"}

# (metric, period) → amount
Figures = Counter


# --- What one record contributes to its own org's rows ------------------------------------


@dataclass(frozen=True)
class MemberState:
    """The fields of a member the roll-ups depend on, taken before a write."""

    org_id: int
    status: str
    category: str
    gender: str
    birth_year: int | None


def member_state(member: Member) -> MemberState:
    return MemberState(
        org_id=member.org_id,
        status=member.status,
        category=member.category,
        gender=member.gender,
        birth_year=member.birth_date.year if member.birth_date else None,
    )


def _member_figures(state: MemberState) -> Figures:
    if state.status not in HOLDING_STATUSES:
        return Figures()
    year = str(state.birth_year) if state.birth_year else "unknown"
    figures = Figures(
        {
            ("members", ""): 1,
            (f"members.{state.status}", ""): 1,
            (f"category.{state.category}", ""): 1,
            (f"gender.{state.gender}", ""): 1,
            (f"birth_year.{year}", ""): 1,
        }
    )
    if state.category in NEW_FORMS:
        figures["new_forms", ""] = 1
    return figures


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


# --- Applying deltas to an org and its ancestors -------------------------------------------


def _chain_paths(path: str) -> list[str]:
    return [path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN)]


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


def _diff(before: Figures, after: Figures) -> Figures:
    delta = Figures(after)
    delta.subtract(before)
    return delta


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


def _site_figures(site_type: str) -> Figures:
    return Figures({("sites", ""): 1, (f"sites.{site_type}", ""): 1})


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


def _org_figures(org_type: str) -> Figures:
    return Figures({("orgs", ""): 1, (f"orgs.{org_type}", ""): 1})


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


# --- Recounting from the raw tables --------------------------------------------------------


# Other apps' metrics: each function takes the org ids to count (None: all orgs) and yields
# (org id, metric, period, n) for what those orgs hold themselves. Registered from the app's
# AppConfig.ready(); `rollup_stats`, `check_stats` and `stats_refresh_orgs` then include them.
OwnCounter = Callable[[list[int] | None], Iterable[tuple[int, str, str, int]]]
OWN_COUNTERS: list[OwnCounter] = []


# Orgs per query when counting some orgs only (well under any bind-parameter limit).
ORG_CHUNK = 5000


def _own_counts(org_ids: list[int] | None = None) -> dict[int, Figures]:
    """What each org holds itself (not its subtree), counted with GROUP BY queries over the
    whole tables, or over the given orgs only, a chunk of orgs at a time."""
    if org_ids is None:
        return _own_counts_where(None)
    own: dict[int, Figures] = {}
    for i in range(0, len(org_ids), ORG_CHUNK):
        own.update(_own_counts_where(org_ids[i : i + ORG_CHUNK]))
    return own


def _own_counts_where(org_ids: list[int] | None) -> dict[int, Figures]:
    own: dict[int, Figures] = {}

    def add(org_id: int, metric: str, period: str, n: int) -> None:
        if n:
            own.setdefault(org_id, Figures())[metric, period] += n

    def where(qs, field: str):
        return qs if org_ids is None else qs.filter(**{f"{field}_id__in": org_ids})

    holding = where(Member.objects.filter(status__in=HOLDING_STATUSES), "org")
    for row in holding.values("org_id", "status").annotate(n=Count("pk")).order_by():
        add(row["org_id"], "members", "", row["n"])
        add(row["org_id"], f"members.{row['status']}", "", row["n"])
    for row in holding.values("org_id", "category").annotate(n=Count("pk")).order_by():
        add(row["org_id"], f"category.{row['category']}", "", row["n"])
        if row["category"] in NEW_FORMS:
            add(row["org_id"], "new_forms", "", row["n"])
    for row in holding.values("org_id", "gender").annotate(n=Count("pk")).order_by():
        add(row["org_id"], f"gender.{row['gender']}", "", row["n"])
    years = holding.annotate(y=ExtractYear("birth_date")).values("org_id", "y")
    for row in years.annotate(n=Count("pk")).order_by():
        add(row["org_id"], f"birth_year.{row['y'] or 'unknown'}", "", row["n"])

    orgs = Org.objects.filter(status=OrgStatus.ACTIVE)
    if org_ids is not None:
        orgs = orgs.filter(pk__in=org_ids)
    for org_id, org_type in orgs.values_list("pk", "org_type"):
        add(org_id, "orgs", "", 1)
        add(org_id, f"orgs.{org_type}", "", 1)

    for row in (
        where(Site.objects.all(), "org")
        .values("org_id", "site_type")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        add(row["org_id"], "sites", "", row["n"])
        add(row["org_id"], f"sites.{row['site_type']}", "", row["n"])

    cases = where(Case.objects.all(), "holder")
    for row in cases.values("holder_id", "status").annotate(n=Count("pk")).order_by():
        if row["status"] in OPEN_STATUSES:
            add(row["holder_id"], "cases.open", "", row["n"])
        elif row["status"] in CLOSED_STATUSES:
            add(row["holder_id"], "cases.closed", "", row["n"])
    received = cases.annotate(m=TruncMonth("received_at")).values("holder_id", "m")
    for row in received.annotate(n=Count("pk")).order_by():
        add(row["holder_id"], "cases.received", month_key(row["m"]), row["n"])
    for counter in OWN_COUNTERS:
        for org_id, metric, period, n in counter(org_ids):
            add(org_id, metric, period, n)
    return own


def stats_expected() -> dict[int, Figures]:
    """Every org's subtree totals, recounted from the raw tables; flows from the events
    grouped by (org, other org, type, month)."""
    own = _own_counts()
    path_of = dict(Org.objects.values_list("pk", "path"))
    id_of = {path: pk for pk, path in path_of.items()}
    totals: dict[int, Figures] = {}
    for org_id, figures in own.items():
        for prefix in _chain_paths(path_of[org_id]):
            totals.setdefault(id_of[prefix], Figures()).update(figures)
    for org_id, figures in flow_totals(event_groups(), path_of, id_of).items():
        totals.setdefault(org_id, Figures()).update(figures)
    return totals


def _stored() -> dict[int, Figures]:
    stored: dict[int, Figures] = {}
    for org_id, metric, period, value in OrgStat.objects.exclude(value=0).values_list(
        "org_id", "metric", "period", "value"
    ):
        stored.setdefault(org_id, Figures())[metric, period] = value
    return stored


@dataclass(frozen=True)
class Difference:
    org_id: int
    metric: str
    period: str
    stored: int
    expected: int


def stats_differences() -> list[Difference]:
    """Every (org, metric, period) whose stored value differs from a recount."""
    expected, stored = stats_expected(), _stored()
    found = []
    for org_id in sorted(set(expected) | set(stored)):
        want, have = expected.get(org_id, Figures()), stored.get(org_id, Figures())
        for metric, period in sorted(set(want) | set(have)):
            if want[metric, period] != have[metric, period]:
                found.append(
                    Difference(org_id, metric, period, have[metric, period], want[metric, period])
                )
    return found


@transaction.atomic
def stats_rollup() -> int:
    """Rebuild every row from the raw tables; returns the number of rows written. On
    PostgreSQL the rows go in with COPY (hundreds of thousands of rows at province scale)."""
    totals = stats_expected()
    rows = [
        (org_id, metric, period, value)
        for org_id, figures in totals.items()
        for (metric, period), value in figures.items()
        if value
    ]
    OrgStat.objects.all().delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as wrapper:
            table = OrgStat._meta.db_table
            columns = "org_id, metric, period, value"
            with wrapper.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    else:
        OrgStat.objects.bulk_create(
            (OrgStat(org_id=o, metric=m, period=p, value=v) for o, m, p, v in rows),
            batch_size=2000,
        )
    return len(rows)


# Above this share of all orgs, a refresh counts the whole tables rather than listing orgs.
FULL_SCAN_SHARE = 0.2


@transaction.atomic
def stats_refresh_orgs(*, org_ids: Iterable[int]) -> None:
    """Recount these orgs' subtree totals from the raw tables, after bulk writes that skipped
    the hooks (an import), and pass each change on to their ancestors.

    The orgs' rows are set to the recount; an ancestor not in the list gets the changes of the
    listed orgs below it (the topmost ones only: a listed org's recount already holds those of
    listed orgs under it). The rows are locked in key order before they are read and written,
    so hook increments of concurrent writers are kept. Cost: one GROUP BY pass per metric
    family over the subtrees concerned (the whole tables when they are most of the tree).

    Flows (`flow.*`) are not sums over a subtree: the listed orgs' flows are recounted from
    the events of their subtrees (`flows.flows_within`), and their changes passed on to the
    ancestors as they are, which is right for events with no other side in the tree (入会,
    退会, 除名) — the only ones bulk writers write; transfers go through the hooks."""
    wanted = set(org_ids)
    if not wanted:
        return
    listed = dict(Org.objects.filter(pk__in=wanted).values_list("path", "pk"))
    tops = [p for p in listed if not any(q in listed for q in _chain_paths(p)[:-1])]
    if len(tops) <= 50:
        under = Q()
        for path in tops:
            under |= Q(path__startswith=path)
        tree = dict(Org.objects.filter(under).values_list("pk", "path"))
        total_orgs = Org.objects.count()
    else:
        everything = dict(Org.objects.values_list("pk", "path"))
        total_orgs = len(everything)
        top_set = set(tops)
        tree = {
            pk: path
            for pk, path in everything.items()
            if any(prefix in top_set for prefix in _chain_paths(path))
        }
    full_scan = len(tree) > FULL_SCAN_SHARE * total_orgs
    own = _own_counts() if full_scan else _own_counts(sorted(tree))
    fresh: dict[int, Figures] = {pk: Figures() for pk in listed.values()}
    for org_id, figures in own.items():
        path = tree.get(org_id)
        if path is None:
            continue
        for prefix in _chain_paths(path):
            if prefix in listed:
                fresh[listed[prefix]].update(figures)
    ancestor_paths = {a for top in tops for a in _chain_paths(top)[:-1]}
    ancestors = dict(Org.objects.filter(path__in=ancestor_paths).values_list("path", "pk"))
    flows = flows_within(tree, ancestors, full_scan=full_scan, chunk=ORG_CHUNK)
    for org_id in listed.values():
        fresh[org_id].update(flows.get(org_id, Figures()))

    # Every row that may change exists (as 0 if new), then all are locked and read.
    targets = sorted(set(listed.values()) | set(ancestors.values()))
    new_keys = {key for figures in fresh.values() for key in figures}
    OrgStat.objects.bulk_create(
        [
            OrgStat(org_id=org_id, metric=metric, period=period, value=0)
            for org_id in targets
            for metric, period in sorted(fresh.get(org_id, new_keys))
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    rows: dict[int, dict[tuple[str, str], OrgStat]] = {}
    for i in range(0, len(targets), ORG_CHUNK):
        for row in (
            OrgStat.objects.select_for_update()
            .filter(org_id__in=targets[i : i + ORG_CHUNK])
            .order_by("org_id", "metric", "period")
            .only("pk", "org_id", "metric", "period", "value")
        ):
            rows.setdefault(row.org_id, {})[row.metric, row.period] = row

    def stored(org_id: int) -> Figures:
        return Figures({key: row.value for key, row in rows.get(org_id, {}).items()})

    final: dict[int, Figures] = dict(fresh)
    for top in tops:
        delta = _diff(stored(listed[top]), fresh[listed[top]])
        for prefix in _chain_paths(top)[:-1]:
            org_id = ancestors[prefix]
            final.setdefault(org_id, stored(org_id)).update(delta)
    _set_values(
        [
            (row.pk, figures[key])
            for org_id, figures in final.items()
            for key, row in rows.get(org_id, {}).items()
            if row.value != figures[key]
        ]
    )


_VALUES = "gh_stat_values"


def _set_values(values: list[tuple[int, int]]) -> None:
    """Set `OrgStat.value` by primary key for many rows: one UPDATE … FROM a temporary table
    (`bulk_update` builds a CASE per row, which takes minutes for hundreds of thousands)."""
    if not values:
        return
    stat = OrgStat._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {_VALUES} (id bigint PRIMARY KEY, value bigint)"
        )
        cursor.execute(f"DELETE FROM {_VALUES}")  # noqa: S608
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {_VALUES} (id, value) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {_VALUES} (id, value) VALUES (%s, %s)", values)  # noqa: S608
        cursor.execute(
            f"UPDATE {stat} SET value = v.value FROM {_VALUES} v WHERE {stat}.id = v.id"  # noqa: S608
        )
        cursor.execute(f"DELETE FROM {_VALUES}")  # noqa: S608


# --- Members written in bulk past the hooks (imports) --------------------------------------

NEW_MEMBERS = "gh_new_members"
_DELTAS = "gh_stat_deltas"
# Ancestor steps of the path prefix join (the tree is far shallower).
_MAX_DEPTH = 16


class NewMemberStats:
    """Adds the roll-up figures of members written in bulk (an import) without a Python row
    per member: their ids go to a temporary table (`add`), then `apply` counts their own-org
    figures with GROUP BY queries, spreads them to every ancestor by path prefix and upserts the
    sums into `OrgStat` (`value = value + delta`, rows taken in key order) — all in SQL, in the
    caller's transaction, so memory stays flat whatever the number of members. Call `apply`
    before each commit that includes new members."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            for table, columns in (
                (NEW_MEMBERS, "id bigint PRIMARY KEY"),
                (_DELTAS, "org_id bigint, metric varchar(40), period varchar(7), value bigint"),
            ):
                cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({columns})")
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        self.pending = 0

    def add(self, ids: list[int]) -> None:
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {NEW_MEMBERS} (id) FROM STDIN") as copy:
                    for pk in ids:
                        copy.write_row((pk,))
            else:
                cursor.executemany(
                    f"INSERT INTO {NEW_MEMBERS} (id) VALUES (%s)",  # noqa: S608
                    [(pk,) for pk in ids],
                )
        self.pending += len(ids)

    def apply(self) -> None:
        if not self.pending:
            return
        member, event = Member._meta.db_table, MembershipEvent._meta.db_table
        org, stat = Org._meta.db_table, OrgStat._meta.db_table
        if self.postgres:
            year, month = "to_char(m.birth_date, 'YYYY')", "to_char(e.changed_on, 'YYYY-MM')"
            collate = ' COLLATE "C"'
        else:
            year, month = "strftime('%%Y', m.birth_date)", "strftime('%%Y-%%m', e.changed_on)"
            collate = ""
        holding = ", ".join(["%s"] * len(HOLDING_STATUSES))
        new_forms = ", ".join(["%s"] * len(NEW_FORMS))
        flow_cases = " ".join(["WHEN %s THEN %s"] * len(METRIC_OF))
        counted = ", ".join(["%s"] * len(METRIC_OF))
        transfers = ", ".join(["%s"] * len(TRANSFER_TYPES))
        members = (
            f"FROM {member} m JOIN {NEW_MEMBERS} n ON n.id = m.id WHERE m.status IN ({holding})"
        )
        families = [
            ("'members'", ""),
            ("'members.' || m.status", ", m.status"),
            ("'category.' || m.category", ", m.category"),
            ("'gender.' || m.gender", ", m.gender"),
            (f"'birth_year.' || COALESCE({year}, 'unknown')", f", {year}"),
        ]
        parts, params = [], []
        for metric, group in families:
            parts.append(
                f"SELECT m.org_id, {metric}, '', COUNT(*) {members} GROUP BY m.org_id{group}"
            )
            params += HOLDING_STATUSES
        parts.append(
            f"SELECT m.org_id, 'new_forms', '', COUNT(*) {members}"
            f" AND m.category IN ({new_forms}) GROUP BY m.org_id"
        )
        params += [*HOLDING_STATUSES, *NEW_FORMS]
        # Flows of a new member's own events count up the whole chain: they have no other side
        # in the system (a transfer between two unions is written by `transfer_approve`).
        parts.append(
            f"SELECT e.org_id, CASE e.change_type {flow_cases} END, {month}, COUNT(*)"
            f" FROM {event} e JOIN {NEW_MEMBERS} n ON n.id = e.member_id"
            f" WHERE e.change_type IN ({counted})"
            f" AND NOT (e.change_type IN ({transfers}) AND e.other_org_id IS NOT NULL)"
            f" GROUP BY e.org_id, e.change_type, {month}"
        )
        params += [p for pair in METRIC_OF.items() for p in pair]
        params += [*METRIC_OF, *TRANSFER_TYPES]
        steps = ", ".join(f"({n})" for n in range(1, _MAX_DEPTH + 1))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {_DELTAS} (org_id, metric, period, value) "  # noqa: S608
                + " UNION ALL ".join(parts),
                params,
            )
            cursor.execute(
                f"WITH steps(n) AS (VALUES {steps}) "  # noqa: S608
                f"INSERT INTO {stat} (org_id, metric, period, value)"
                f" SELECT a.id, d.metric, d.period, SUM(d.value) FROM {_DELTAS} d"
                f" JOIN {org} o ON o.id = d.org_id JOIN steps s ON s.n <= o.depth"
                f" JOIN {org} a ON a.path = substr(o.path, 1, {STEPLEN} * s.n)"
                " WHERE true GROUP BY a.id, d.metric, d.period"
                f" ORDER BY a.id, d.metric{collate}, d.period{collate}"
                " ON CONFLICT (org_id, metric, period)"
                f" DO UPDATE SET value = {stat}.value + excluded.value",
            )
            cursor.execute(f"DELETE FROM {_DELTAS}")  # noqa: S608
            cursor.execute(f"DELETE FROM {NEW_MEMBERS}")  # noqa: S608
        self.pending = 0
