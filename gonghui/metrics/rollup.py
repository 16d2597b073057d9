"""Recounting the roll-ups from the raw tables, through every registered provider
(`gonghui.metrics.registry`): `stats_rollup` rebuilds every row (`manage.py rollup_stats`),
`stats_differences` lists what disagrees with a recount (`manage.py check_stats`),
`stats_refresh_orgs` recounts some orgs after bulk writes that skipped the hooks.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q

from gonghui.metrics.models import OrgStat
from gonghui.metrics.registry import Figures, providers
from gonghui.metrics.tree import chain_paths, diff, org_model

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
    for provider in providers():
        for org_id, metric, period, n in provider.count_own(org_ids):
            if n:
                own.setdefault(org_id, Figures())[metric, period] += n
    return own


def stats_expected() -> dict[int, Figures]:
    """Every org's subtree totals, recounted from the raw tables by every provider: own counts
    added up each chain, then the figures that are not sums (flows) as their providers count
    them."""
    own = _own_counts()
    path_of = dict(org_model().objects.values_list("pk", "path"))
    id_of = {path: pk for pk, path in path_of.items()}
    totals: dict[int, Figures] = {}
    for org_id, figures in own.items():
        for prefix in chain_paths(path_of[org_id]):
            totals.setdefault(id_of[prefix], Figures()).update(figures)
    for provider in providers():
        for org_id, figures in provider.count_unsummed(path_of, id_of).items():
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

    Figures that are not sums over a subtree (the membership flows) are recounted by their
    provider (`count_unsummed_within`) for the listed orgs, and their changes passed on to the
    ancestors as they are, which is right for events with no other side in the tree (入会,
    退会, 除名) — the only ones bulk writers write; transfers go through the hooks."""
    wanted = set(org_ids)
    if not wanted:
        return
    listed = dict(org_model().objects.filter(pk__in=wanted).values_list("path", "pk"))
    tops = [p for p in listed if not any(q in listed for q in chain_paths(p)[:-1])]
    if len(tops) <= 50:
        under = Q()
        for path in tops:
            under |= Q(path__startswith=path)
        tree = dict(org_model().objects.filter(under).values_list("pk", "path"))
        total_orgs = org_model().objects.count()
    else:
        everything = dict(org_model().objects.values_list("pk", "path"))
        total_orgs = len(everything)
        top_set = set(tops)
        tree = {
            pk: path
            for pk, path in everything.items()
            if any(prefix in top_set for prefix in chain_paths(path))
        }
    full_scan = len(tree) > FULL_SCAN_SHARE * total_orgs
    own = _own_counts() if full_scan else _own_counts(sorted(tree))
    fresh: dict[int, Figures] = {pk: Figures() for pk in listed.values()}
    for org_id, figures in own.items():
        path = tree.get(org_id)
        if path is None:
            continue
        for prefix in chain_paths(path):
            if prefix in listed:
                fresh[listed[prefix]].update(figures)
    ancestor_paths = {a for top in tops for a in chain_paths(top)[:-1]}
    ancestors = dict(org_model().objects.filter(path__in=ancestor_paths).values_list("path", "pk"))
    for provider in providers():
        unsummed = provider.count_unsummed_within(
            tree, ancestors, full_scan=full_scan, chunk=ORG_CHUNK
        )
        for org_id in listed.values():
            fresh[org_id].update(unsummed.get(org_id, Figures()))

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
        delta = diff(stored(listed[top]), fresh[listed[top]])
        for prefix in chain_paths(top)[:-1]:
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
