"""The audit trail's keyed hash chain: tamper evidence beyond the append-only triggers.

The triggers stop the application; they do not stop the tables' owner (who can disable them) or
whoever holds the SQLite file. So a sealing task links every committed audit row, in id order,
into `AuditSeal`: digest(n) = HMAC-SM3(AUDIT_KEY, digest(n-1) ‖ row n). The key lives outside the
database, like the data keys: without it nobody can recompute the chain over a rewritten row.
`audit_verify` walks the chain again and names the first row that no longer matches; the head
digest it prints is what an operator publishes or archives elsewhere, so that cutting off the
tail (rows and seals together) is caught as well (`audit_verify --head`).

Sealing happens after the fact, not at insert, so the write path takes no global lock: an
insert only takes a shared advisory lock (trigger of migration 0004). Rows must be sealed in id
order, but on PostgreSQL ids are drawn before commit, so a row may become visible after a row
with a higher id. The sealer therefore takes that lock exclusively, waiting a moment only: once
it has it, no transaction that inserted an audit row is still open, and no later insert can
receive an id at or below the highest id then visible — the horizon up to which sealing is
final. On SQLite writers are serialised, so every committed row is already final.
"""

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from gonghui.audit.models import AuditArchive, AuditLog, AuditSeal
from gonghui.core.crypto import hmac_sm3

GENESIS = "0" * 64
# The advisory lock every audit insert holds in shared mode (migration 0004's trigger).
INSERT_FENCE = 6775686173656131
# Held by the sealer itself, so that two sealers never fork the chain.
SEALER_LOCK = 6775686173656132
BATCH = 2000
# Tries at the fence before giving up until the next round, each waiting FENCE_WAIT at most: a
# long transaction that wrote an audit row postpones sealing; it holds writers up 0.1 s at most.
FENCE_TRIES = 5
FENCE_WAIT = "100ms"
FENCE_PAUSE = 0.1

CHANGED = "第 {id} 条审计日志与封存时不符：内容被改动，或顺序被调换。"
DELETED = "第 {id} 条审计日志已封存，却已不在表中：被删除。"
UNSEALED = "第 {id} 条审计日志夹在已封存的记录之间却没有封存：事后插入。"
HEAD_MISSING = "已发布的链头 {head} 不在链中：链尾被截去或改写。"
ARCHIVE_HEAD = (
    "第 {id} 条审计日志已随分区摘除归档，但它的封存链值与摘除时记录的链头不符：封存被改动。"
)
ARCHIVE_COUNT = (
    "已摘除归档的审计日志共 {expected} 条，而第 {last} 条以前表中缺少 {missing} 条已封存的记录："
    "有记录被删除。"
)
SEAL_PENDING = "尚未封存：封存任务每隔几秒把新记录链入审计链。"
SEAL_INTACT = "已封存（{at}），与封存时一致。"
SEAL_BROKEN = "已封存（{at}），但与封存时不符：这条记录或它之前的封存被改动过。"


@cache
def _key() -> bytes:
    key = bytes.fromhex(settings.AUDIT_KEY)
    if len(key) != 32:
        raise ValueError("GONGHUI_AUDIT_KEY must be 64 hex characters (32 bytes)")
    return key


def _fields() -> list[str]:
    return [field.attname for field in AuditLog._meta.concrete_fields]


def _plain(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def canonical(row: dict) -> bytes:
    """The bytes of one audit row that the chain covers: every column, empty ones left out, so
    that a column added later leaves the digests of older rows as they were."""
    values = {name: _plain(v) for name, v in row.items() if v not in (None, "", {}, [])}
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def link(previous: str, row: dict) -> str:
    return hmac_sm3(_key(), bytes.fromhex(previous) + canonical(row)).hex()


def _horizon() -> int | None:
    """The highest audit id whose predecessors are all final, or None if writers kept the
    fence busy (see the module docstring)."""
    if connection.vendor != "postgresql":
        return AuditLog.objects.aggregate(top=Max("id"))["top"] or 0
    for attempt in range(FENCE_TRIES):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                # Waiting for the lock queues later inserts behind the sealer, so it waits a
                # moment only, then gives up and tries again; never a deadlock either.
                cursor.execute("SELECT current_setting('lock_timeout')")
                previous = cursor.fetchone()[0]
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [FENCE_WAIT])
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INSERT_FENCE])
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
                # A new statement, hence a snapshot taken after the lock was granted.
                return AuditLog.objects.aggregate(top=Max("id"))["top"] or 0
        except OperationalError:
            if attempt + 1 < FENCE_TRIES:
                time.sleep(FENCE_PAUSE)
    return None


def _head() -> tuple[int, str]:
    last = AuditSeal.objects.order_by("-audit_id").values_list("audit_id", "digest").first()
    return last or (0, GENESIS)


def audit_seal(*, batch: int = BATCH) -> int:
    """Chain the committed audit rows not sealed yet; returns how many were sealed."""
    horizon = _horizon()
    if horizon is None:
        return 0
    sealed = 0
    while AuditLog.objects.filter(id__gt=_head()[0], id__lte=horizon).exists():
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEALER_LOCK])
            last_id, digest = _head()
            rows = AuditLog.objects.filter(id__gt=last_id, id__lte=horizon).order_by("id")
            seals = []
            for row in rows.values(*_fields())[:batch]:
                digest = link(digest, row)
                seals.append(AuditSeal(audit_id=row["id"], digest=digest))
            AuditSeal.objects.bulk_create(seals)
            sealed += len(seals)
    return sealed


def _in_order(queryset, key: str, chunk: int = BATCH) -> Iterator[dict]:
    last = None
    while True:
        page = queryset if last is None else queryset.filter(**{f"{key}__gt": last})
        rows = list(page.order_by(key)[:chunk])
        if not rows:
            return
        yield from rows
        last = rows[-1][key]


@dataclass(frozen=True)
class Verdict:
    sealed: int
    last_id: int
    head: str
    unsealed: int
    broken_id: int | None = None
    problem: str = ""
    archived: int = 0

    @property
    def intact(self) -> bool:
        return not self.problem


def audit_verify(*, head: str = "") -> Verdict:
    """Recompute the chain over the audit table as it is now. `head`: a head digest published
    earlier, which must still be a link of the chain.

    Rows of months detached for archiving (`AuditArchive`, PostgreSQL) are not in the table:
    a seal without its row at or below the last archived id counts as archived, and the chain
    goes on from that seal's link. The archived seals must number what the archives recorded,
    and the link at each archive's last row must be the head it recorded."""
    archives = list(AuditArchive.objects.exclude(last_id=None).values_list("last_id", "head"))
    archive_heads = dict(archives)
    archived_to = max(archive_heads, default=0)
    archived_total = sum(AuditArchive.objects.values_list("rows", flat=True))
    rows = _in_order(AuditLog.objects.values(*_fields()), "id")
    seals = _in_order(AuditSeal.objects.values("audit_id", "digest"), "audit_id")
    digest, sealed, last_id, head_seen, archived = GENESIS, 0, 0, not head, 0
    row = next(rows, None)

    def broken(audit_id: int, message: str) -> Verdict:
        return Verdict(sealed, last_id, digest, 0, audit_id, message.format(id=audit_id))

    for seal in seals:
        if row is not None and row["id"] < seal["audit_id"]:
            return broken(row["id"], UNSEALED)
        if row is None or row["id"] > seal["audit_id"]:
            if seal["audit_id"] > archived_to:
                return broken(seal["audit_id"], DELETED)
            recorded = archive_heads.pop(seal["audit_id"], None)
            if recorded is not None and recorded != seal["digest"]:
                return broken(seal["audit_id"], ARCHIVE_HEAD)
            digest, archived = seal["digest"], archived + 1
            head_seen = head_seen or digest == head
            continue
        expected = link(digest, row)
        if expected != seal["digest"]:
            return broken(row["id"], CHANGED)
        digest, sealed, last_id = expected, sealed + 1, row["id"]
        head_seen = head_seen or digest == head
        row = next(rows, None)
    unsealed = 0 if row is None else 1 + sum(1 for _ in rows)
    if archive_heads:  # an archive's last seal is gone
        return broken(min(archive_heads), ARCHIVE_HEAD)
    if archived != archived_total:
        problem = ARCHIVE_COUNT.format(expected=archived_total, last=archived_to, missing=archived)
        return Verdict(sealed, last_id, digest, unsealed, None, problem, archived)
    if not head_seen:
        problem = HEAD_MISSING.format(head=head)
        return Verdict(sealed, last_id, digest, unsealed, None, problem, archived)
    return Verdict(sealed, last_id, digest, unsealed, archived=archived)


@dataclass(frozen=True)
class SealStatus:
    sealed: bool
    intact: bool
    message: str


def seal_status(row: AuditLog) -> SealStatus:
    """One row checked against its own link of the chain (two queries): its seal, recomputed
    from the previous link. The whole chain is `audit_verify`'s."""
    seal = AuditSeal.objects.filter(audit_id=row.pk).first()
    if seal is None:
        return SealStatus(False, True, SEAL_PENDING)
    previous = (
        AuditSeal.objects.filter(audit_id__lt=row.pk)
        .order_by("-audit_id")
        .values_list("digest", flat=True)
        .first()
    )
    values = {name: getattr(row, name) for name in _fields()}
    intact = link(previous or GENESIS, values) == seal.digest
    at = seal.sealed_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d %H:%M:%S")
    return SealStatus(True, intact, (SEAL_INTACT if intact else SEAL_BROKEN).format(at=at))
