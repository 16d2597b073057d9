"""Members written in bulk past the hooks (an import): their roll-up figures counted in the
writing process and added to `OrgStat` in one statement per commit unit (`NewMemberStats`).

The metric keys are listed in `gonghui.members.metrics`.
"""

from collections import Counter
from datetime import date

from django.db import connection

from gonghui.members.metrics import MemberState, _member_figures
from gonghui.members.metrics.flows import METRIC_OF
from gonghui.metrics.models import OrgStat
from gonghui.metrics.services import month_key
from gonghui.metrics.tree import chain_paths
from gonghui.orgs.models import Org

_DELTAS = "gh_stat_deltas"
_BATCH = 500  # ids or paths per look-up (SQLite's limit on parameters)


class NewMemberStats:
    """Adds the roll-up figures of members written in bulk (an import). `member` and `event`
    count each new member and 会籍变化 by the few fields the figures depend on (a counter of
    distinct combinations, not a row per member); `apply` turns them into each org's own
    figures (`members.metrics._member_figures`, the hooks' own function; flows of a new
    member's events count up the whole chain, having no other side in the system), spreads
    them to every ancestor, writes the sums to a temporary table (COPY on PostgreSQL) and adds
    them to `OrgStat` in one statement (`value = value + delta`, rows taken in key order, so two
    writers cannot deadlock), in the caller's transaction. Call `apply` before each commit that
    includes new members."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {_DELTAS}"
                " (org_id bigint, metric varchar(40), period varchar(7), value bigint)"
            )
            cursor.execute(f"DELETE FROM {_DELTAS}")  # noqa: S608
        self.members: Counter[tuple] = Counter()  # (org id, status, category, gender, year)
        self.events: Counter[tuple] = Counter()  # (org id, change type, month)

    def member(self, org_id: int, status: str, category: str, gender: str, birth: date | None):
        self.members[org_id, status, category, gender, birth.year if birth else None] += 1

    def event(self, org_id: int, change_type: str, changed_on: date) -> None:
        if change_type in METRIC_OF:
            self.events[org_id, change_type, changed_on.year * 100 + changed_on.month] += 1

    def _own(self) -> Counter:
        own: Counter[tuple] = Counter()
        figures: dict[tuple, list] = {}  # a few hundred states, whatever the members
        for (org_id, *state), n in self.members.items():
            items = figures.get(key := tuple(state))
            if items is None:
                items = figures[key] = list(_member_figures(MemberState(org_id, *state)).items())
            for (metric, period), m in items:
                own[org_id, metric, period] += m * n
        for (org_id, change_type, month), n in self.events.items():
            period = month_key(date(month // 100, month % 100, 1))
            own[org_id, METRIC_OF[change_type], period] += n
        return own

    def _chains(self, org_ids: set[int]) -> dict[int, list[int]]:
        """Each org's id and its ancestors' (read at each apply: the tree may change)."""
        orgs = Org.objects
        ids = sorted(org_ids)
        path_of: dict[int, str] = {}
        for i in range(0, len(ids), _BATCH):
            path_of.update(orgs.filter(pk__in=ids[i : i + _BATCH]).values_list("pk", "path"))
        paths = sorted({p for path in path_of.values() for p in chain_paths(path)})
        id_of: dict[str, int] = {}
        for i in range(0, len(paths), _BATCH):
            id_of.update(
                (path, pk)
                for pk, path in orgs.filter(path__in=paths[i : i + _BATCH]).values_list(
                    "pk", "path"
                )
            )
        return {pk: [id_of[p] for p in chain_paths(path)] for pk, path in path_of.items()}

    def apply(self) -> None:
        if not self.members and not self.events:
            return
        own = self._own()
        self.members.clear()
        self.events.clear()
        chains = self._chains({org_id for org_id, _m, _p in own})
        total: Counter[tuple] = Counter()
        for (org_id, metric, period), n in own.items():
            for chain_id in chains[org_id]:
                total[chain_id, metric, period] += n
        del own
        stat = OrgStat._meta.db_table
        collate = ' COLLATE "C"' if self.postgres else ""
        with connection.cursor() as cursor:
            if self.postgres:
                sql = f"COPY {_DELTAS} (org_id, metric, period, value) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    copy.write("".join([f"{o}\t{m}\t{p}\t{n}\n" for (o, m, p), n in total.items()]))
            else:
                cursor.executemany(
                    f"INSERT INTO {_DELTAS} (org_id, metric, period, value)"  # noqa: S608
                    " VALUES (%s, %s, %s, %s)",
                    [(o, m, p, n) for (o, m, p), n in total.items()],
                )
            del total
            cursor.execute(
                f"INSERT INTO {stat} (org_id, metric, period, value)"  # noqa: S608
                f" SELECT org_id, metric, period, value FROM {_DELTAS} WHERE true"
                f" ORDER BY org_id, metric{collate}, period{collate}"
                " ON CONFLICT (org_id, metric, period)"
                f" DO UPDATE SET value = {stat}.value + excluded.value",
            )
            cursor.execute(f"DELETE FROM {_DELTAS}")  # noqa: S608
