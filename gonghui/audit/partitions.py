"""The audit table's monthly partitions on PostgreSQL (migration 0006): months created ahead,
and old months detached for archiving — never deleted by the application.

A month is detached only when it ended at least `ONLINE_DAYS` ago and every row in it is sealed.
Before it is detached, an `AuditArchive` row records how many rows leave, their first and last
ids and the chain's link at the last one (the head): `audit_verify` then accepts the seals of
those rows without their rows, counts them against the archives and goes on from their links.
The detached table is an ordinary table the operator dumps (`pg_dump -t`) and then drops.

All of it runs as the tables' owner (`GONGHUI_DB_MIGRATE_URL`, as `migrate` does): the
application's role can neither create, detach nor drop a partition.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from gonghui.audit.models import AuditArchive, AuditLog, AuditSeal

TABLE = AuditLog._meta.db_table
# The audit trail stays online this long at least (issue 18: ≥ 180 days).
ONLINE_DAYS = 180

NOT_POSTGRES = "审计日志按月分区只用于 PostgreSQL；SQLite 不分区，无需此操作。"
TOO_RECENT = (
    "不能摘除 {month} 及以后的月份：审计日志至少在线保留 {days} 天（最早可摘除到 {latest} 之前）。"
)
UNSEALED = "{partition} 中有尚未封存的记录（至第 {id} 条）：请先让 audit_seal 封存后再摘除。"
IN_DEFAULT = "默认分区中已有 {month} 的记录，不能再建这个月的分区（请联系运维处理）。"


def _next(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _start(month: date) -> datetime:
    return datetime(month.year, month.month, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))


def partition_name(month: date) -> str:
    return f"{TABLE}_p{month:%Y%m}"


def _month_of(name: str) -> date | None:
    suffix = name.removeprefix(f"{TABLE}_p")
    if suffix == name or len(suffix) != 6 or not suffix.isdigit():
        return None
    return date(int(suffix[:4]), int(suffix[4:]), 1)


def is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = %s::regclass", [TABLE])
        return cursor.fetchone()[0] == "p"


def attached_months() -> list[date]:
    """The months that have a partition attached, oldest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = %s::regclass",
            [TABLE],
        )
        months = [_month_of(name) for (name,) in cursor.fetchall()]
    return sorted(m for m in months if m is not None)


def this_month(now: datetime | None = None) -> date:
    local = timezone.localtime(now or timezone.now())
    return date(local.year, local.month, 1)


def create_ahead(
    *, months: int = 3, since: date | None = None, now: datetime | None = None
) -> tuple[list[str], list[str]]:
    """Create the missing partitions from `since` (default: this month) to `months` after this
    month (at least `since` itself); returns the names created and the warnings (a month whose rows already went to the
    default partition: they would have to move, which the triggers forbid)."""
    if not is_partitioned():
        raise ValueError(NOT_POSTGRES)
    have = set(attached_months())
    last = this_month(now)
    for _ in range(months):
        last = _next(last)
    month, created, warnings = since or this_month(now), [], []
    last = max(last, month)
    quote = connection.ops.quote_name
    while month <= last:
        if month not in have:
            start, end = _start(month), _start(_next(month))
            with transaction.atomic(), connection.cursor() as cursor:
                # Without a partition of its own, a row of the month can only be in the default.
                cursor.execute(
                    f"SELECT EXISTS (SELECT 1 FROM {quote(TABLE)}"  # noqa: S608
                    " WHERE at >= %s AND at < %s)",
                    [start, end],
                )
                if cursor.fetchone()[0]:
                    warnings.append(IN_DEFAULT.format(month=f"{month:%Y-%m}"))
                else:
                    cursor.execute(
                        f"CREATE TABLE {quote(partition_name(month))} PARTITION OF {quote(TABLE)}"
                        f" FOR VALUES FROM ('{start.isoformat()}') TO ('{end.isoformat()}')"
                    )
                    created.append(partition_name(month))
        month = _next(month)
    return created, warnings


def latest_detachable(now: datetime | None = None) -> date:
    """The first month that must stay: months before it ended `ONLINE_DAYS` ago or more."""
    oldest_online = timezone.localtime(now or timezone.now()) - timedelta(days=ONLINE_DAYS)
    return date(oldest_online.year, oldest_online.month, 1)


@dataclass(frozen=True)
class Detached:
    partition: str
    rows: int
    first_id: int | None
    last_id: int | None
    head: str


def detach_before(month: date, *, now: datetime | None = None) -> list[Detached]:
    """Detach every monthly partition before `month` (its first day), oldest first, recording
    each one's chain head first. Refused for a month less than `ONLINE_DAYS` old, and for a
    partition holding a row not sealed yet."""
    if not is_partitioned():
        raise ValueError(NOT_POSTGRES)
    latest = latest_detachable(now)
    if month > latest:
        raise ValueError(
            TOO_RECENT.format(month=f"{month:%Y-%m}", days=ONLINE_DAYS, latest=f"{latest:%Y-%m}")
        )
    done = []
    for old in attached_months():
        if old >= month:
            break
        done.append(_detach(old))
    return done


def _detach(month: date) -> Detached:
    name = partition_name(month)
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # No insert may land in the month while it is counted and detached (there should be
        # none: it ended long ago); a lock on the partition keeps the count exact.
        cursor.execute(f"LOCK TABLE {quote(name)} IN SHARE MODE")
        cursor.execute(f"SELECT count(*), min(id), max(id) FROM {quote(name)}")  # noqa: S608
        rows, first_id, last_id = cursor.fetchone()
        sealed_to = AuditSeal.objects.aggregate(top=Max("audit_id"))["top"] or 0
        if last_id is not None and last_id > sealed_to:
            raise ValueError(UNSEALED.format(partition=name, id=last_id))
        head = ""
        if last_id is not None:
            head = AuditSeal.objects.get(audit_id=last_id).digest
        AuditArchive.objects.create(
            partition=name, month=month, rows=rows, first_id=first_id, last_id=last_id, head=head
        )
        cursor.execute(f"ALTER TABLE {quote(TABLE)} DETACH PARTITION {quote(name)}")
    return Detached(name, rows, first_id, last_id, head)
