"""The import of archives: each row's applicant found in the importer's subtree, one open archive
per household, the archive created in 已建档 (channel 批量导入); all rows or none, audited."""

from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.permissions import Perm
from gonghui.assistance.codes import OPEN_STATUSES, ArchiveStatus, Channel, Relation
from gonghui.assistance.imports.cells import _fields
from gonghui.assistance.imports.common import (
    CARD_COLUMN,
    DUPLICATE_ROW,
    HEADER,
    ID_COLUMN,
    ID_MASKED,
    MAX_ROWS,
    MEMBER_UNKNOWN,
    NAME_MISMATCH,
    NO_COUNTY,
    NO_PERMISSION,
    NO_ROWS,
    OPEN_ARCHIVE_EXISTS,
    PERSON_REQUIRED,
    REQUIRED,
    ROWS_INVALID,
    TOO_MANY_ROWS,
    ArchiveImportSummary,
    ImportRejected,
    _RowError,
)
from gonghui.assistance.metrics import stats_archive_changed
from gonghui.assistance.models import Archive, HouseholdMember
from gonghui.assistance.services.archives import poverty_line_for
from gonghui.audit.models import AuditResult
from gonghui.audit.services import audit_record
from gonghui.core import crypto, uploads
from gonghui.core.cleaning import CELL_CONTROL, control_cell
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.core.tabular import ErrorReport, mask_cell, open_table, text
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.orgs.models import OrgType
from gonghui.orgs.selectors import ancestor_of_type, org_in_scope

# The fields compared when a row meets the applicant's existing archive (re-import).
COMPARED = [
    "level",
    "causes",
    "criterion",
    "health",
    "disability",
    "model_worker",
    "housing",
    "housing_area",
    "work_status",
    "industry",
    "marriage",
    "hukou",
    "hukou_division",
    "employer_nature",
    "enterprise_state",
    "single_parent",
    "zero_employment",
    "self_reliant",
    "medical_insurance",
    "contract_start",
    "contract_end",
    "monthly_income",
    "other_annual_income",
    "annual_income",
    "household_size",
    "per_capita_monthly",
    "archived_on",
]

# Rows between two progress reports (and chances to cancel) of an import job.
PROGRESS_ROWS = 100


def _same(archive: Archive, fields: dict) -> bool:
    for name in COMPARED:
        current, new = getattr(archive, name), fields[name]
        if name == "causes":
            current, new = sorted(current or []), sorted(new)
        if current != new:
            return False
    return True


class _Importer:
    def __init__(self, actor):
        self.actor = actor
        self.today = timezone.localdate()
        self.seen: dict[int, int] = {}  # member pk → row number
        self.out_of_scope: list[int] = []
        self.lines: dict[tuple[int, int], Decimal | None] = {}

    def applicant(self, number: int, cells: dict) -> Member:
        id_number = text(cells.get(ID_COLUMN)).upper()
        card = text(cells.get(CARD_COLUMN))
        if id_number and "*" not in id_number:
            found = Member.objects.filter(
                id_number_hash__in=crypto.lookup_hashes(id_number), status__in=HOLDING_STATUSES
            )
            column, value = ID_COLUMN, id_number
        elif card:
            found = Member.objects.filter(card_number=card, status__in=HOLDING_STATUSES)
            column, value = CARD_COLUMN, card
        elif id_number:
            raise _RowError(ID_MASKED, ID_COLUMN, id_number)
        else:
            raise _RowError(PERSON_REQUIRED, ID_COLUMN)
        member = found.select_related("org").first()
        if member is None:
            raise _RowError(MEMBER_UNKNOWN, column, value)
        if not org_in_scope(self.actor, member.org):
            # Same message as "missing": a file must not reveal who is a member elsewhere.
            self.out_of_scope.append(number)
            raise _RowError(MEMBER_UNKNOWN, column, value)
        name = text(cells.get("姓名"))
        if name != member.name:
            raise _RowError(NAME_MISMATCH.format(name=member.name), "姓名", name)
        return member

    def poverty_line(self, county, year: int) -> Decimal | None:
        key = (county.pk, year)
        if key not in self.lines:
            self.lines[key] = poverty_line_for(county, year)
        return self.lines[key]

    def row(self, number: int, cells: dict, summary: ArchiveImportSummary) -> None:
        if column := control_cell(cells):
            raise _RowError(CELL_CONTROL.format(column=column), column)
        fields = _fields(cells, today=self.today)
        member = self.applicant(number, cells)
        if member.pk in self.seen:
            raise _RowError(
                DUPLICATE_ROW.format(other=self.seen[member.pk]), ID_COLUMN, cells.get(ID_COLUMN)
            )
        self.seen[member.pk] = number
        open_archive = (
            Archive.objects.filter(
                status__in=OPEN_STATUSES,
                household__id_number_hash__in=crypto.stored_hashes(
                    member.id_number_hash, member.id_number_enc
                ),
            )
            .select_related("org")
            .order_by("-pk")
            .first()
        )
        if open_archive is not None:
            if (
                open_archive.member_id == member.pk
                and open_archive.status == ArchiveStatus.ARCHIVED
                and _same(open_archive, fields)
            ):
                summary.skipped += 1
                return
            raise _RowError(
                OPEN_ARCHIVE_EXISTS.format(
                    org=open_archive.org.name, status=open_archive.get_status_display()
                ),
                ID_COLUMN,
                cells.get(ID_COLUMN) or cells.get(CARD_COLUMN),
            )
        county = ancestor_of_type(member.org, OrgType.COUNTY)
        if county is None:
            raise _RowError(NO_COUNTY.format(org=member.org.name), ID_COLUMN)
        previous = (
            Archive.objects.filter(member=member, status=ArchiveStatus.EXITED, next__isnull=True)
            .order_by("-period")
            .first()
        )
        archive = Archive.objects.create(
            org=member.org,
            county=county,
            member=member,
            period=previous.period + 1 if previous else 1,
            previous=previous,
            status=ArchiveStatus.ARCHIVED,
            channel=Channel.IMPORT,
            applied_on=fields["archived_on"],
            poverty_line=self.poverty_line(county, fields["archived_on"].year),
            created_by=self.actor,
            **fields,
        )
        HouseholdMember.objects.create(
            archive=archive,
            relation=Relation.SELF,
            name=member.name,
            id_number_enc=member.id_number_enc,
            id_number_hash=member.id_number_hash,
            birth_date=member.birth_date,
            gender=member.gender,
            monthly_income=Decimal(0),
            health=fields["health"],
        )
        stats_archive_changed(before=None, after=archive)
        summary.created += 1
        summary.archives.append(archive)


def archive_import(
    *,
    actor,
    file,
    filename: str,
    report: ErrorReport | None = None,
    on_progress: Callable[[ArchiveImportSummary], bool] | None = None,
) -> ArchiveImportSummary:
    """Import archives from an upload (all rows or none). Raises ImportRejected with the row
    errors [(row, column, message)] when any row is wrong; ApplicationError for an unreadable
    file or header; Forbidden without the permission. `on_progress(summary)` every
    `PROGRESS_ROWS` rows stops the import (nothing written) when it returns True."""
    if not actor.has_perm(Perm.ASSIST_MANAGE):
        audit_record(actor=actor, action="assistance.import", result=AuditResult.DENIED)
        raise Forbidden(NO_PERMISSION)
    uploads.check_spreadsheet(file, filename=filename)
    report = report if report is not None else ErrorReport()
    table = open_table(file, filename, columns=HEADER, required=REQUIRED)
    summary = ArchiveImportSummary(warnings=table.warnings, total=table.total)
    importer = _Importer(actor)
    errors: list[tuple[int, str, str]] = []
    try:
        with transaction.atomic():
            for number, cells in table.rows:
                if not any(text(v) for v in cells.values()):
                    continue
                if on_progress and summary.read and summary.read % PROGRESS_ROWS == 0:
                    summary.failed = len(errors)
                    if on_progress(summary):
                        summary.cancelled = True
                        break
                summary.read += 1
                if summary.read > MAX_ROWS:
                    transaction.set_rollback(True)
                    raise ApplicationError(TOO_MANY_ROWS.format(n=MAX_ROWS), field="file")
                try:
                    with transaction.atomic():
                        importer.row(number, cells, summary)
                except _RowError as exc:
                    report.add(number, exc.column, mask_cell(exc.value), exc.message)
                    errors.append((number, exc.column, exc.message))
            if errors or summary.cancelled:
                transaction.set_rollback(True)
            elif summary.read:
                audit_record(
                    actor=actor,
                    action="assistance.import",
                    changes={
                        "file": filename,
                        "read": summary.read,
                        "created": summary.created,
                        "skipped": summary.skipped,
                    },
                )
    finally:
        table.close()
    if importer.out_of_scope:
        audit_record(
            actor=actor,
            action="access.denied",
            result=AuditResult.DENIED,
            object_repr="assistance.import",
            changes={"file": filename, "rows": importer.out_of_scope[:100]},
        )
    if summary.cancelled:  # nothing was written: the job says so
        summary.failed, summary.rolled_back = len(errors), True
        return summary
    if errors:
        summary.failed, summary.rolled_back = len(errors), True
        raise ImportRejected(ROWS_INVALID.format(n=len(errors)), errors, summary)
    if not summary.read:
        raise ApplicationError(NO_ROWS, field="file")
    return summary
