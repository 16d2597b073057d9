"""Member import: stream the file, check it in chunks, write each chunk in bulk.

The file side — parsing each row and encrypting and hashing its ID number and phone — is
`members.imports.rows`: batches of `chunk_size` rows, in two worker processes for a large file,
while this process (the one writer) checks each chunk against the database and writes it.

What it writes for a new member is what `member_create` writes (encrypted and hashed ID number
and phone, the card number from the record id, a 入会 event; a 保留 event for a retained member),
batched: per chunk one look-up of the ID hashes already held, then the new members and their
events written below the ORM (`MemberWriter`: COPY on PostgreSQL, executemany on SQLite). One
audit row is written per import, not per member. The roll-ups get the new members' figures in
SQL (`members.metrics.bulk.NewMemberStats`) and the updated members' differences through the usual
deltas, in the transaction that writes them.

Re-importing: a person (ID number) already holding a membership in the *same* union is updated
from the file when a kept field differs (counted as updated) and otherwise skipped as unchanged;
in *another* union the row fails (a change of union is a 转会, not an import). A second row with
the same ID number in one file fails, naming the first row.

Modes: `all` runs in one transaction and rolls it back if any row failed or the import was
cancelled; `valid` commits every `COMMIT_ROWS` rows on PostgreSQL, every chunk on SQLite (and at
a cancel), roll-ups included, so a cancelled import keeps what was done and a crash loses at
most the uncommitted rows, never leaving rows without their roll-ups.
"""

import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from gonghui.accounts.permissions import Perm
from gonghui.audit.models import AuditResult
from gonghui.audit.services import audit_record
from gonghui.core import crypto
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.core.masking import mask_id_number
from gonghui.core.tabular import ErrorReport, mask_cell, open_table, text
from gonghui.imports.models import ImportMode
from gonghui.members.codes import HOLDING_STATUSES, Category, ChangeType, MemberStatus
from gonghui.members.imports import rows as rows_module
from gonghui.members.imports.rows import Sealed, parsed_batches
from gonghui.members.imports.template import (
    COLUMNS,
    ORG_COLUMN,
    REQUIRED,
    REQUIRED_EMPTY,
    UNREAD,
    CellError,
    MemberRow,
)
from gonghui.members.imports.unions import UnionResolver
from gonghui.members.imports.writer import MemberWriter
from gonghui.members.metrics import MemberState, member_state, stats_members_updated
from gonghui.members.metrics.bulk import NewMemberStats
from gonghui.members.models import Member
from gonghui.members.services import (
    DUPLICATE_MEMBER,
    JOINED_BEFORE_BIRTH,
    OUT_OF_SCOPE,
)
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope

NO_PERMISSION = "您没有导入会员的权限。"
ORG_COLUMN_MISSING = "文件没有「所属企业/工会」列，请在导入页选择默认工会，或在文件中加上这一列。"
DUPLICATE_IN_FILE = "证件号码与第{other}行重复，同一人只能登记一次。"
JOINED_IN_FUTURE = "入会日期不能晚于今天。"

CHUNK_SIZE = 2000
# Mode `valid`: rows per transaction. Each commit adds the roll-ups of its rows (cost grows with
# the orgs and months touched, not with the rows: ~140,000 OrgStat rows upserted for 30,000
# members of the bench's 3,000 unions), so fewer, larger commits are cheaper; a crash loses at
# most this many rows, which a re-import of the same file then adds (the others are skipped).
COMMIT_ROWS = 100_000


@dataclass
class ImportSummary:
    read: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    cancelled: bool = False
    rolled_back: bool = False
    total: int | None = None
    warnings: list[str] = field(default_factory=list)
    # The first errors, for the page and the command; all of them are in the report.
    errors: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return not self.rolled_back and (self.created + self.updated) > 0

    def as_dict(self) -> dict:
        return {
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "failed": self.failed,
            "cancelled": self.cancelled,
            "rolled_back": self.rolled_back,
        }


class _Importer:
    def __init__(self, *, actor, mode: str, default_org: Org | None, report: ErrorReport):
        self.actor = actor
        self.mode = mode
        self.default_org = default_org
        self.report = report
        self.summary = ImportSummary()
        self.orgs = UnionResolver(actor)
        # First 8 bytes of each ID hash seen → its row: compact enough for millions of rows.
        self.seen: dict[int, int] = {}
        self.today = timezone.localdate()
        self.writer = MemberWriter()
        self.new_stats = NewMemberStats()

    def fail(self, number: int, column: str, value, message: str) -> None:
        self.summary.failed += 1
        self.report.add(number, column, mask_cell(text(value)) if value else "", message)
        if len(self.summary.errors) < 200:
            self.summary.errors.append((number, column, message))

    def chunk(self, rows: list[MemberRow], sealed: list[Sealed]) -> None:
        self.orgs.load({r.org_name for r in rows})
        # Hash looked for → the row's current hash. During a key rotation a member not yet
        # re-encrypted carries an older version's hash (README "Key rotation").
        found_by = {s.id_hash: s.id_hash for s in sealed}
        if len(crypto.readable_versions()) > 1:
            found_by = {
                h: hs[0] for r in rows for hs in [crypto.lookup_hashes(r.id.number)] for h in hs
            }
        existing = {
            found_by[m.id_number_hash]: m
            for m in Member.objects.filter(
                **self._held_filter(list(found_by)), status__in=HOLDING_STATUSES
            ).select_related("org")
        }
        new: list[dict] = []
        changed: list[Member] = []
        changed_fields: set[str] = set()
        before: list[MemberState] = []
        for row, seal in zip(rows, sealed, strict=True):
            try:
                org = self.orgs.get(row.org_name) if row.org_name else self.default_org
                if org is None:
                    raise CellError(REQUIRED_EMPTY.format(name=ORG_COLUMN), column=ORG_COLUMN)
                id_hash = seal.id_hash
                key = int(id_hash[:16], 16)
                if key in self.seen:
                    raise CellError(
                        DUPLICATE_IN_FILE.format(other=self.seen[key]),
                        column="证件号码",
                        value=row.id.number,
                    )
                self.seen[key] = row.number
                joined_on = row.joined_on or self.today
                if joined_on > self.today:
                    raise CellError(JOINED_IN_FUTURE, column="入会日期", value=joined_on)
                if joined_on < row.id.birth_date:
                    raise CellError(JOINED_BEFORE_BIRTH, column="入会日期", value=joined_on)
                member = existing.get(id_hash)
                if member is not None and member.org_id != org.pk:
                    # Masked whoever imports: the error report is a kept file.
                    raise CellError(
                        DUPLICATE_MEMBER.format(
                            id=mask_id_number(row.id.number),
                            org=member.org.name,
                            status=member.get_status_display(),
                        ),
                        column="证件号码",
                        value=row.id.number,
                    )
            except CellError as exc:
                self.fail(row.number, exc.column, exc.value, exc.message)
                continue
            if member is None:
                new.append(self._member(row, org, joined_on, seal))
                continue
            state = member_state(member)
            fields = self._changes(member, row)
            if fields:
                before.append(state)
                changed.append(member)
                changed_fields.update(fields)
                self.summary.updated += 1
            else:
                self.summary.skipped += 1
        if changed:
            Member.objects.bulk_update(changed, sorted(changed_fields | {"updated_at"}))
            stats_members_updated(list(zip(before, changed, strict=True)))
        self._create(new)

    def _held_filter(self, hashes: list[str]) -> dict:
        """The chunk's members already held, by ID hash. On PostgreSQL the ids are found first
        with one array parameter (`= ANY`): an `IN` of 2,000 hashes costs more to build and
        parse than to run, and the rows are fetched only when there are any."""
        if connection.vendor != "postgresql":
            return {"id_number_hash__in": set(hashes)}
        table = Member._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {table} WHERE id_number_hash = ANY(%s)",  # noqa: S608
                [hashes],
            )
            return {"pk__in": [pk for (pk,) in cursor.fetchall()]}

    def _member(self, row: MemberRow, org: Org, joined_on: date, seal: Sealed) -> dict:
        """The new member's columns (Member field names; see MemberWriter)."""
        retained = row.status == MemberStatus.RETAINED
        return {
            "category": Category.EMPLOYED,
            **row.fields,
            "org_id": org.pk,
            "card_prefix": org.county_code,
            "name": row.name,
            "id_number_enc": seal.id_enc,
            "id_number_hash": seal.id_hash,
            "phone_enc": seal.phone_enc,
            "phone_hash": seal.phone_hash,
            "gender": row.id.gender,
            "birth_date": row.id.birth_date,
            "joined_on": joined_on,
            "status": row.status,
            "status_changed_on": (row.status_changed_on or joined_on) if retained else joined_on,
            "change_reason": row.change_reason,
        }

    def _changes(self, member: Member, row: MemberRow) -> list[str]:
        changed = []
        for name, value in [("name", row.name), *row.fields.items()]:
            if getattr(member, name) != value:
                setattr(member, name, value)
                changed.append(name)
        if member.phone != row.phone:
            member.phone_enc = crypto.encrypt(row.phone)
            member.phone_hash = crypto.lookup_hash(row.phone)
            changed += ["phone_enc", "phone_hash"]
        if changed:
            member.updated_at = timezone.now()
        return changed

    def _create(self, new: list[dict]) -> None:
        if not new:
            return
        events = []
        for member, pk in zip(new, self.writer.reserve_ids(len(new)), strict=True):
            member["id"] = pk
            member["card_number"] = f"{member.pop('card_prefix')}{pk:010d}"
            # The file's 会籍变化原因 belongs to the change its 会籍变化类型 names: the last one.
            reason = member.pop("change_reason")
            retained = member["status"] == MemberStatus.RETAINED
            event = {"member_id": pk, "org_id": member["org_id"], "actor_id": self.actor.pk}
            events.append(
                {
                    **event,
                    "change_type": ChangeType.JOIN,
                    "changed_on": member["joined_on"],
                    "reason": "" if retained else reason,
                }
            )
            if retained:
                events.append(
                    {
                        **event,
                        "change_type": ChangeType.RETAIN,
                        "changed_on": member["status_changed_on"],
                        "reason": reason,
                    }
                )
        self.writer.write(new, events)
        self.new_stats.add([member["id"] for member in new])
        self.summary.created += len(new)

    def finish(self, filename: str) -> None:
        """The import's audit row (mode all: in the import's transaction)."""
        audit_record(
            actor=self.actor,
            action="member.import",
            org=self.default_org,
            changes={"file": filename, "mode": self.mode, **self.summary.as_dict()},
        )


def member_import(
    *,
    actor,
    file,
    filename: str,
    mode: str = ImportMode.ALL,
    default_org: Org | None = None,
    report: ErrorReport | None = None,
    on_progress: Callable[[ImportSummary], bool] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> ImportSummary:
    """Import members from an XLSX or CSV `file` (path or file object).

    `on_progress(summary)` is called after each chunk; if it returns True the import stops
    (cancel). Bad rows go to `report`. Raises ApplicationError only for a file it cannot read at
    all (not a spreadsheet, header without the required columns): then nothing is written.
    """
    if not actor.has_perm(Perm.MEMBER_ADD):
        audit_record(actor=actor, action="member.import", result=AuditResult.DENIED)
        raise Forbidden(NO_PERMISSION)
    if default_org is not None and not org_in_scope(actor, default_org):
        audit_record(
            actor=actor,
            action="access.denied",
            obj=default_org,
            org=default_org,
            result=AuditResult.DENIED,
        )
        raise Forbidden(OUT_OF_SCOPE)
    report = report if report is not None else ErrorReport()
    table = open_table(file, filename, columns=COLUMNS, required=REQUIRED, unread=UNREAD)
    chunks = None
    # The objects loaded before the import (Django, the app: millions) are left out of the
    # cyclic GC's full collections while it runs: they are not garbage, and traversing them
    # again and again cost a fifth of an import's time.
    gc.freeze()
    try:
        if ORG_COLUMN not in table.header and default_org is None:
            raise ApplicationError(ORG_COLUMN_MISSING, field="file")
        importer = _Importer(actor=actor, mode=mode, default_org=default_org, report=report)
        importer.summary.warnings = table.warnings
        importer.summary.total = table.total
        chunks = _chunks(importer, table, chunk_size)
        if mode == ImportMode.ALL:
            with transaction.atomic():
                _write(importer, chunks, on_progress, commit_rows=None)
                if importer.summary.failed or importer.summary.cancelled:
                    transaction.set_rollback(True)
                    importer.summary.rolled_back = True
                else:
                    importer.finish(filename)
        else:
            # SQLite has one writer: the progress bar and the cancel button are only seen
            # through commits there, so it commits every chunk.
            every = COMMIT_ROWS if connection.vendor == "postgresql" else chunk_size
            while _write(importer, chunks, on_progress, commit_rows=every):
                pass
            with transaction.atomic():
                importer.finish(filename)
    finally:
        if chunks is not None:
            chunks.close()  # ends the worker processes at once, whatever happened
        table.close()
        gc.unfreeze()
    return importer.summary


def _chunks(importer: _Importer, table, chunk_size: int) -> Iterator[tuple[list, list]]:
    """The file's parsed and sealed rows, `chunk_size` at a time (`rows.parsed_batches`: in
    worker processes for a large file); rows that cannot be parsed are reported here and left
    out."""
    summary = importer.summary
    parallel = (table.total or 0) >= rows_module.PARALLEL_MIN_ROWS
    for batch in parsed_batches(
        table.records,
        index=table.index,
        size=chunk_size,
        today=importer.today,
        workers=rows_module.WORKERS if parallel else 1,
    ):
        summary.read += batch.read
        for number, column, value, message in batch.errors:
            importer.fail(number, column, value, message)
        if batch.rows:
            yield batch.rows, batch.sealed


def _write(importer: _Importer, chunks, on_progress, *, commit_rows: int | None) -> bool:
    """Write chunks in one transaction (the caller's, when `commit_rows` is None) until the
    file ends, the import is cancelled or `commit_rows` rows are written; the roll-ups of the
    new members are added before the commit. Returns True if there is more to write."""
    summary = importer.summary
    more = False
    with transaction.atomic():
        rows = 0
        for chunk, sealed in chunks:
            importer.chunk(chunk, sealed)
            rows += len(chunk)
            if on_progress is not None and on_progress(summary):
                summary.cancelled = True
                break
            if commit_rows is not None and rows >= commit_rows:
                more = True
                break
        importer.new_stats.apply()
        if commit_rows is not None and on_progress is not None:  # the job's checkpoint, last:
            on_progress(summary, committing=True)  # its row stays locked until the commit
    return more
