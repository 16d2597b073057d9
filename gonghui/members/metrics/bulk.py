"""Members written in bulk past the hooks (an import): their roll-up figures counted and
spread to the ancestors in SQL (`NewMemberStats`), without a Python row per member.

The metric keys are listed in `gonghui.members.metrics`.
"""

from django.db import connection

from gonghui.members.codes import HOLDING_STATUSES, NEW_FORMS
from gonghui.members.metrics.flows import METRIC_OF, TRANSFER_TYPES
from gonghui.members.models import Member, MembershipEvent
from gonghui.metrics.models import OrgStat
from gonghui.orgs.models import Org

STEPLEN = Org.steplen

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
            if self.postgres:  # one array parameter: no Python call per id
                cursor.execute(
                    f"INSERT INTO {NEW_MEMBERS} (id) SELECT unnest(%s::bigint[])",  # noqa: S608
                    [ids],
                )
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
            if self.postgres:
                # The spread to the ancestors sorts a few hundred thousand rows: in memory, not
                # on disk (4 MB by default). Until the end of this transaction only.
                cursor.execute("SET LOCAL work_mem = '64MB'")
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
