"""Write new members and their events in bulk, below the ORM.

`bulk_create` spends most of an import's time compiling SQL for each value (measured: about two
thirds of a 10,000-row import on SQLite). Here the ids are reserved first (a sequence on
PostgreSQL; on SQLite, which holds the write lock for the whole transaction, the next free
ids), so the card number (county code + 10-digit id, as `member_create` issues it) is known
before the insert, and the rows go in with COPY on PostgreSQL and one executemany on SQLite.
Column lists are read from the models, so a column added later takes its field default.

A new member's columns are in three parts: the keys the writer sets (`KEY_COLUMNS`: id, union,
card number), the columns that come from the file (`member_part`, made where the row is
parsed and sealed — in a worker process for a large file — as the COPY text of those columns
on PostgreSQL, so the one writer only joins strings), and the time stamps.
"""

from datetime import date, datetime
from functools import cache

from django.db import connection
from django.utils import timezone

from gonghui.members.models import Member, MembershipEvent

KEY_COLUMNS = ("id", "org_id", "card_number")
STAMP_COLUMNS = ("created_at", "updated_at")
EVENT_COLUMNS = ("member_id", "org_id", "actor_id", "change_type", "changed_on", "reason")


def copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bytes | memoryview):
        return "\\\\x" + bytes(value).hex()
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
        text = text.replace("\r", "\\r")
    return text


@cache
def _file_columns() -> tuple[tuple[str, ...], dict]:
    """Member columns that come from the file, in the writer's order, and every default."""
    fields = Member._meta.concrete_fields
    columns = tuple(f.column for f in fields if f.column not in KEY_COLUMNS + STAMP_COLUMNS)
    return columns, {f.column: f.get_default() for f in fields}


def member_part(values: dict, *, text: bool) -> str | tuple:
    """A new member's file columns ({column: value}; missing ones take their defaults): their
    COPY text (`text`, PostgreSQL) or their values in order (SQLite)."""
    columns, defaults = _file_columns()
    ordered = [values[c] if c in values else defaults[c] for c in columns]
    return "\t".join(map(copy_text, ordered)) if text else tuple(ordered)


def _adapted(row: list) -> list:
    adapt = connection.ops.adapt_datetimefield_value
    for i, value in enumerate(row):
        if isinstance(value, datetime):
            row[i] = adapt(value)
        elif isinstance(value, date):
            row[i] = value.isoformat()
    return row


class MemberWriter:
    def __init__(self):
        now = timezone.now()
        file_columns, _ = _file_columns()
        self.member_cols = [*KEY_COLUMNS, *file_columns, *STAMP_COLUMNS]
        self.stamps = [now, now]
        fields = [f for f in MembershipEvent._meta.concrete_fields if not f.primary_key]
        rest = [f for f in fields if f.column not in EVENT_COLUMNS]
        self.event_cols = [*EVENT_COLUMNS, *(f.column for f in rest)]
        self.event_rest = [now if f.column == "created_at" else f.get_default() for f in rest]
        self.postgres = connection.vendor == "postgresql"
        self.stamps_text = "\t".join(map(copy_text, self.stamps))
        self.event_rest_text = "\t".join(map(copy_text, self.event_rest))

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

    def write(self, members: list[tuple], events: list[tuple]) -> None:
        """`members`: (id, org id, card number, `member_part`); `events`: values of
        `EVENT_COLUMNS`."""
        member_table, event_table = Member._meta.db_table, MembershipEvent._meta.db_table
        if self.postgres:
            stamps, rest = self.stamps_text, self.event_rest_text
            self._copy(
                member_table,
                self.member_cols,
                "".join([f"{m[0]}\t{m[1]}\t{m[2]}\t{m[3]}\t{stamps}\n" for m in members]),
            )
            self._copy(
                event_table,
                self.event_cols,
                "".join(["\t".join(map(copy_text, e)) + f"\t{rest}\n" for e in events]),
            )
            return
        self._insert(
            member_table, self.member_cols, [[*m[:3], *m[3], *self.stamps] for m in members]
        )
        self._insert(event_table, self.event_cols, [[*e, *self.event_rest] for e in events])

    def _copy(self, table: str, columns: list[str], data: str) -> None:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as wrapper, wrapper.cursor.copy(sql) as copy:
            copy.write(data)

    def _insert(self, table: str, columns: list[str], rows: list[list]) -> None:
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                [_adapted(row) for row in rows],
            )
