"""Write new members and their events in bulk, below the ORM.

`bulk_create` spends most of an import's time compiling SQL for each value (measured: about two
thirds of a 10,000-row import on SQLite). Here the ids are reserved first (a sequence on
PostgreSQL; on SQLite, which holds the write lock for the whole transaction, the next free
ids), so the card number (county code + 10-digit id, as `member_create` issues it) is known
before the insert, and the rows go in with COPY on PostgreSQL and one executemany on SQLite.
Column lists are read from the models, so a column added later takes its field default.
"""

from datetime import date, datetime
from operator import itemgetter

from django.db import connection
from django.utils import timezone

from gonghui.members.models import Member, MembershipEvent


class MemberWriter:
    def __init__(self):
        now = timezone.now()
        fields = Member._meta.concrete_fields
        self.member_cols = [f.column for f in fields]
        self.member_defaults = {f.column: f.get_default() for f in fields}
        self.member_defaults.update(created_at=now, updated_at=now)
        fields = [f for f in MembershipEvent._meta.concrete_fields if not f.primary_key]
        self.event_cols = [f.column for f in fields]
        self.event_defaults = {f.column: f.get_default() for f in fields}
        self.event_defaults["created_at"] = now
        self.postgres = connection.vendor == "postgresql"

    def reserve_ids(self, n: int) -> list[int]:
        table = Member._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"  # noqa: S608
                    " FROM generate_series(1, %s)",
                    [n],
                )
                return [row[0] for row in cursor.fetchall()]
            # AUTOINCREMENT never reuses an id: start above both the table and its sequence.
            cursor.execute(
                f"SELECT MAX(m) FROM (SELECT MAX(id) AS m FROM {table}"  # noqa: S608
                " UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
                [table],
            )
            first = (cursor.fetchone()[0] or 0) + 1
        return list(range(first, first + n))

    def write(self, members: list[dict], events: list[dict]) -> None:
        """`members` and `events` are {column: value}; members carry their reserved `id`."""
        member_of, event_of = itemgetter(*self.member_cols), itemgetter(*self.event_cols)
        member_rows = [list(member_of({**self.member_defaults, **m})) for m in members]
        event_rows = [list(event_of({**self.event_defaults, **e})) for e in events]
        if self.postgres:
            self._copy(Member._meta.db_table, self.member_cols, member_rows)
            self._copy(MembershipEvent._meta.db_table, self.event_cols, event_rows)
        else:
            self._insert(Member._meta.db_table, self.member_cols, member_rows)
            self._insert(MembershipEvent._meta.db_table, self.event_cols, event_rows)

    def _copy(self, table: str, columns: list[str], rows: list[list]) -> None:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as wrapper, wrapper.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def _insert(self, table: str, columns: list[str], rows: list[list]) -> None:
        adapt = connection.ops.adapt_datetimefield_value
        for row in rows:
            for i, value in enumerate(row):
                if isinstance(value, datetime):
                    row[i] = adapt(value)
                elif isinstance(value, date):
                    row[i] = value.isoformat()
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                rows,
            )
