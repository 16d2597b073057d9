"""Import of existing hardship archives (困难职工档案) from XLSX/CSV: all rows or none.

The columns are STANDARDS.md's "Hardship archive" field names, plus 姓名, 身份证号, 建档日期 and
状态 (`HEADER`; the export writes the same, so an export imports back). A row names the applicant
by 身份证号 or, failing that, by 工会会员服务卡卡号 (so a masked export still imports), who must
be a holding member of a union in the importer's subtree. Each row becomes an archive in 已建档
(channel 批量导入) with the applicant as the household's 本人; other household members are not in
the template, 家庭人口 gives the household size.

Rules of a row:
- labels (or codes) of the code lists; 致困原因 may list several, separated by 、 , ， ; or ；
- 家庭年度总收入 and 家庭月人均收入 are recomputed (annual = 月收入 × 12 + 家庭其他年收入;
  per capita = annual / 12 / 家庭人口, to the fen, half up: `services.archives.archive_income`);
  a file value that disagrees is an error that gives the computed value;
- one open archive per household: a row fails when its applicant is in the household of an
  open archive (his own or another's), except when that archive is his own 已建档 archive with
  the same fields: the row is skipped as unchanged, so re-importing a file creates no duplicates
  and changes nothing (a changed row is refused, not applied: changes go through 年审);
- 状态 must be blank or 已建档: archives under review, rejected or exited are handled in the
  workbench, not imported.

If any row fails, nothing is written (one transaction, rolled back) and every bad row is
reported with its row number, the column and a Chinese reason. A successful import writes one
audit row (`assistance.import`); rows naming members outside the importer's subtree get the
same message as unknown people and are audited as a refusal.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from io import BytesIO

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from gonghui.accounts.permissions import Perm
from gonghui.assistance.codes import (
    OPEN_STATUSES,
    ArchiveStatus,
    Cause,
    Channel,
    Disability,
    EmployerNature,
    EnterpriseState,
    Health,
    Housing,
    Hukou,
    Level,
    Marriage,
    MedicalInsurance,
    ModelWorker,
    Relation,
    WorkStatus,
)
from gonghui.assistance.models import Archive, HouseholdMember
from gonghui.assistance.services.archives import archive_income, poverty_line_for
from gonghui.assistance.stats import stats_archive_changed
from gonghui.audit.models import AuditResult
from gonghui.audit.services import audit_record
from gonghui.core import crypto, uploads
from gonghui.core.cleaning import CELL_CONTROL, control_cell
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.core.tabular import (
    ErrorReport,
    choice_lookup,
    header_name,
    mask_cell,
    open_table,
    parse_date,
    text,
)
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.orgs.models import OrgType
from gonghui.orgs.selectors import ancestor_of_type, org_in_scope

HEADER = [
    "姓名",
    "身份证号",
    "工会会员服务卡卡号",
    "困难类别",
    "建档标准",
    "致困原因",
    "健康情况",
    "残疾类别",
    "劳模类型",
    "住房类型",
    "住房面积",
    "工作状态",
    "所属行业",
    "婚姻状况",
    "户口类型",
    "户口所在地行政区划",
    "工作单位性质",
    "企业状况",
    "是否单亲",
    "是否家庭零就业",
    "是否具有自救能力",
    "医保状况",
    "劳动合同开始日期",
    "劳动合同结束日期",
    "月收入",
    "家庭其他年收入",
    "家庭年度总收入",
    "家庭人口",
    "家庭月人均收入",
    "建档日期",
    "状态",
]
REQUIRED = {
    "姓名",
    "困难类别",
    "致困原因",
    "健康情况",
    "住房类型",
    "工作状态",
    "婚姻状况",
    "户口类型",
    "医保状况",
    "月收入",
    "家庭人口",
    "建档日期",
}
ID_COLUMN, CARD_COLUMN = "身份证号", "工会会员服务卡卡号"

# Code-list columns: (field, choices, required).
_CODES = {
    "困难类别": ("level", Level.choices, True),
    "健康情况": ("health", Health.choices, True),
    "残疾类别": ("disability", Disability.choices, False),
    "劳模类型": ("model_worker", ModelWorker.choices, False),
    "住房类型": ("housing", Housing.choices, True),
    "工作状态": ("work_status", WorkStatus.choices, True),
    "婚姻状况": ("marriage", Marriage.choices, True),
    "户口类型": ("hukou", Hukou.choices, True),
    "工作单位性质": ("employer_nature", EmployerNature.choices, False),
    "企业状况": ("enterprise_state", EnterpriseState.choices, False),
    "医保状况": ("medical_insurance", MedicalInsurance.choices, True),
}
_LOOKUPS = {column: choice_lookup(choices) for column, (_, choices, _) in _CODES.items()}
_CAUSES = choice_lookup(Cause.choices)
# Yes/no columns: (field, value when blank).
_FLAGS = {
    "是否单亲": ("single_parent", False),
    "是否家庭零就业": ("zero_employment", False),
    "是否具有自救能力": ("self_reliant", True),
}
_YES = {"是", "有", "y", "yes", "true", "1", "√"}
_NO = {"否", "无", "n", "no", "false", "0", "×"}
_CAUSE_SEPARATORS = re.compile(r"[、,，;；/\s]+")
CENT = Decimal("0.01")
MAX_ROWS = 5000

NO_PERMISSION = "您没有管理困难职工档案的权限。"
NO_ROWS = "文件中没有数据行。"
TOO_MANY_ROWS = "一次最多导入 {n} 行，请拆分文件。"
ROWS_INVALID = "有 {n} 行数据有误，全部未导入，请修改后重新上传。"
REQUIRED_EMPTY = "请填写「{name}」。"
PERSON_REQUIRED = "请填写申请人的身份证号或工会会员服务卡卡号。"
CODE_UNKNOWN = "「{value}」不是有效的{name}，可填：{choices}。"
FLAG_INVALID = "「{name}」请填写“是”或“否”。"
NUMBER_INVALID = "「{name}」应为不小于0的数字（元），如 2400 或 2400.50。"
SIZE_INVALID = "家庭人口应为1到20之间的整数。"
AREA_INVALID = "住房面积应为不小于0的数字（平方米）。"
DIVISION_INVALID = "户口所在地行政区划应为6位或12位行政区划代码，如 620102。"
ANNUAL_MISMATCH = (
    "家庭年度总收入应为 月收入×12＋家庭其他年收入 ＝ {expected} 元，文件中为 {given} 元，"
    "请核对后重新填写（或留空由系统计算）。"
)
PER_CAPITA_MISMATCH = (
    "家庭月人均收入应为 家庭年度总收入÷12÷家庭人口 ＝ {expected} 元，文件中为 {given} 元，"
    "请核对后重新填写（或留空由系统计算）。"
)
CONTRACT_ORDER = "劳动合同结束日期不能早于开始日期。"
ARCHIVED_IN_FUTURE = "建档日期不能晚于今天。"
STATUS_NOT_IMPORTABLE = (
    "只能导入已建档的档案（状态留空或填“已建档”），“{value}”的档案请在系统中办理。"
)
ID_MASKED = "身份证号已脱敏（含 *），无法识别申请人，请填写完整号码或工会会员服务卡卡号。"
MEMBER_UNKNOWN = "找不到该申请人：须为您管理范围内的在会会员（含保留会籍），请先办理入会。"
NAME_MISMATCH = "姓名与会员档案中的姓名（{name}）不一致，请核对。"
NO_COUNTY = "申请人所在的「{org}」不属于任何县区总工会，无法建档。"
OPEN_ARCHIVE_EXISTS = (
    "该职工或其家庭成员已有未结束的困难职工档案（{org}，状态：{status}），一户只能有一个档案。"
)
DUPLICATE_ROW = "与第{other}行是同一申请人，一户只能有一个档案。"


class ImportRejected(ApplicationError):
    """The file was read but some rows are wrong: nothing was imported."""

    def __init__(self, message: str, errors: list[tuple[int, str, str]]):
        super().__init__(message, field="file")
        self.errors = errors


@dataclass
class ArchiveImportSummary:
    read: int = 0
    created: int = 0
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)
    archives: list[Archive] = field(default_factory=list)


class _RowError(ApplicationError):
    def __init__(self, message: str, column: str, value=""):
        super().__init__(message, field=column)
        self.column, self.value = column, text(value)


def template_xlsx() -> BytesIO:
    """The import template: the header, one example row and a sheet of the code lists."""
    book = Workbook()
    sheet = book.active
    sheet.title = "困难职工档案"
    sheet.append(HEADER)
    example = {
        "姓名": "张三",
        "身份证号": "620102197001151234",
        "困难类别": Level.DEEP.label,
        "建档标准": "家庭月人均收入低于当地低保标准",
        "致困原因": f"{Cause.ILLNESS.label}、{Cause.EDUCATION.label}",
        "健康情况": Health.SERIOUS.label,
        "残疾类别": Disability.NONE.label,
        "劳模类型": ModelWorker.NONE.label,
        "住房类型": Housing.RENTED.label,
        "住房面积": 45,
        "工作状态": WorkStatus.EMPLOYED.label,
        "所属行业": "制造业",
        "婚姻状况": Marriage.MARRIED.label,
        "户口类型": Hukou.URBAN.label,
        "户口所在地行政区划": "620102",
        "工作单位性质": EmployerNature.PRIVATE.label,
        "企业状况": EnterpriseState.DIFFICULT.label,
        "是否单亲": "否",
        "是否家庭零就业": "否",
        "是否具有自救能力": "是",
        "医保状况": MedicalInsurance.URBAN_EMPLOYEE.label,
        "劳动合同开始日期": "2020-01-01",
        "劳动合同结束日期": "2025-12-31",
        "月收入": 2400,
        "家庭其他年收入": 1200,
        "家庭年度总收入": 30000,
        "家庭人口": 3,
        "家庭月人均收入": Decimal("833.33"),
        "建档日期": "2026-03-20",
        "状态": ArchiveStatus.ARCHIVED.label,
    }
    sheet.append([example.get(column, "") for column in HEADER])
    for index, column in enumerate(HEADER):
        width = 22 if column in ("身份证号", "致困原因", "建档标准", "工会会员服务卡卡号") else 14
        sheet.column_dimensions[sheet.cell(1, index + 1).column_letter].width = width
    notes = book.create_sheet("填写说明")
    notes.append(["列", "说明"])
    notes.append(["身份证号 / 工会会员服务卡卡号", "至少填一项；申请人须是您管理范围内的在会会员"])
    notes.append(["致困原因", "可填多个，用顿号分隔：" + "、".join(Cause.labels)])
    for column, (_, choices, required) in _CODES.items():
        labels = "、".join(label for _, label in choices)
        notes.append([column, ("必填，" if required else "可留空，") + "可填：" + labels])
    notes.append(["是否单亲 / 是否家庭零就业 / 是否具有自救能力", "填“是”或“否”"])
    notes.append(["月收入", "家庭月收入（元）"])
    notes.append(["家庭年度总收入", "可留空；填写时须等于 月收入×12＋家庭其他年收入"])
    notes.append(["家庭月人均收入", "可留空；填写时须等于 家庭年度总收入÷12÷家庭人口（保留两位）"])
    notes.append(["家庭人口", "含申请人本人；其他家庭成员导入后在档案中补录"])
    notes.append(["状态", "留空或填“已建档”；审核中、未通过、已解困的档案不能导入"])
    notes.append(["重复导入", "申请人已有相同内容的已建档档案时跳过该行，不会重复建档"])
    notes.column_dimensions["A"].width = 40
    notes.column_dimensions["B"].width = 90
    out = BytesIO()
    book.save(out)
    out.seek(0)
    return out


# --- cells ---------------------------------------------------------------------------------------


def _money(cells: dict, column: str, *, required: bool = False) -> Decimal | None:
    raw = text(cells.get(column)).replace(",", "").removesuffix("元")
    if not raw:
        if required:
            raise _RowError(REQUIRED_EMPTY.format(name=column), column)
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise _RowError(NUMBER_INVALID.format(name=column), column, raw) from None
    if not value.is_finite() or value < 0 or value >= Decimal("1e10"):
        raise _RowError(NUMBER_INVALID.format(name=column), column, raw)
    return value.quantize(CENT, ROUND_HALF_UP)


def _flag(cells: dict, column: str, default: bool) -> bool:
    raw = text(cells.get(column)).lower()
    if not raw:
        return default
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise _RowError(FLAG_INVALID.format(name=column), column, raw)


def _date(cells: dict, column: str) -> date | None:
    try:
        return parse_date(cells.get(column))
    except ApplicationError as exc:
        raise _RowError(exc.message, column, cells.get(column)) from None


def _causes(cells: dict) -> list[str]:
    raw = text(cells.get("致困原因"))
    causes: list[str] = []
    for part in _CAUSE_SEPARATORS.split(raw):
        if not part:
            continue
        code = _CAUSES.get(header_name(part))
        if code is None:
            choices = "、".join(Cause.labels)
            raise _RowError(
                CODE_UNKNOWN.format(value=part, name="致困原因", choices=choices), "致困原因", raw
            )
        if code not in causes:
            causes.append(code)
    if not causes:
        raise _RowError(REQUIRED_EMPTY.format(name="致困原因"), "致困原因")
    return causes


def _fields(cells: dict, *, today: date) -> dict:
    """The archive's own fields from one row (no applicant, org or poverty line yet)."""
    for column in HEADER:
        if column in REQUIRED and not text(cells.get(column)):
            raise _RowError(REQUIRED_EMPTY.format(name=column), column)
    status = text(cells.get("状态"))
    if status and status not in (ArchiveStatus.ARCHIVED.label, ArchiveStatus.ARCHIVED.value):
        raise _RowError(STATUS_NOT_IMPORTABLE.format(value=status), "状态", status)
    fields: dict = {}
    for column, (name, choices, _) in _CODES.items():
        raw = text(cells.get(column))
        if not raw:
            fields[name] = ""
            continue
        code = _LOOKUPS[column].get(header_name(raw))
        if code is None:
            labels = "、".join(label for _, label in choices)
            raise _RowError(
                CODE_UNKNOWN.format(value=raw, name=column, choices=labels), column, raw
            )
        fields[name] = code
    fields["causes"] = _causes(cells)
    for column, (name, default) in _FLAGS.items():
        fields[name] = _flag(cells, column, default)
    fields["criterion"] = text(cells.get("建档标准"))[:200]
    fields["industry"] = text(cells.get("所属行业"))[:40]
    division = text(cells.get("户口所在地行政区划"))
    if division and (not division.isdigit() or len(division) not in (6, 12)):
        raise _RowError(DIVISION_INVALID, "户口所在地行政区划", division)
    fields["hukou_division"] = division
    area = text(cells.get("住房面积"))
    if area:
        try:
            fields["housing_area"] = Decimal(area).quantize(Decimal("0.1"), ROUND_HALF_UP)
        except InvalidOperation:
            raise _RowError(AREA_INVALID, "住房面积", area) from None
        if fields["housing_area"] < 0 or fields["housing_area"] >= 1_000_000:
            raise _RowError(AREA_INVALID, "住房面积", area)
    else:
        fields["housing_area"] = None
    fields["contract_start"] = _date(cells, "劳动合同开始日期")
    fields["contract_end"] = _date(cells, "劳动合同结束日期")
    if (
        fields["contract_start"]
        and fields["contract_end"]
        and fields["contract_end"] < fields["contract_start"]
    ):
        raise _RowError(CONTRACT_ORDER, "劳动合同结束日期", cells.get("劳动合同结束日期"))
    archived_on = _date(cells, "建档日期")
    if archived_on > today:
        raise _RowError(ARCHIVED_IN_FUTURE, "建档日期", cells.get("建档日期"))
    fields["archived_on"] = archived_on
    fields.update(_income(cells))
    return fields


def _income(cells: dict) -> dict:
    monthly = _money(cells, "月收入", required=True)
    other = _money(cells, "家庭其他年收入") or Decimal(0)
    size_raw = text(cells.get("家庭人口"))
    if not size_raw.isdigit() or not 1 <= int(size_raw) <= 20:
        raise _RowError(SIZE_INVALID, "家庭人口", size_raw)
    size = int(size_raw)
    annual, per_capita = archive_income(monthly, other, size)
    given = _money(cells, "家庭年度总收入")
    if given is not None and given != annual:
        raise _RowError(
            ANNUAL_MISMATCH.format(expected=annual, given=given), "家庭年度总收入", given
        )
    given = _money(cells, "家庭月人均收入")
    if given is not None and given != per_capita:
        raise _RowError(
            PER_CAPITA_MISMATCH.format(expected=per_capita, given=given), "家庭月人均收入", given
        )
    return {
        "monthly_income": monthly,
        "other_annual_income": other,
        "annual_income": annual,
        "household_size": size,
        "per_capita_monthly": per_capita,
    }


# --- rows ----------------------------------------------------------------------------------------

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
                id_number_hash=crypto.lookup_hash(id_number), status__in=HOLDING_STATUSES
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
                household__id_number_hash=member.id_number_hash,
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
    *, actor, file, filename: str, report: ErrorReport | None = None
) -> ArchiveImportSummary:
    """Import archives from an upload (all rows or none). Raises ImportRejected with the row
    errors [(row, column, message)] when any row is wrong; ApplicationError for an unreadable
    file or header; Forbidden without the permission."""
    if not actor.has_perm(Perm.ASSIST_MANAGE):
        audit_record(actor=actor, action="assistance.import", result=AuditResult.DENIED)
        raise Forbidden(NO_PERMISSION)
    uploads.check_spreadsheet(file, filename=filename)
    report = report if report is not None else ErrorReport()
    table = open_table(file, filename, columns=HEADER, required=REQUIRED)
    summary = ArchiveImportSummary(warnings=table.warnings)
    importer = _Importer(actor)
    errors: list[tuple[int, str, str]] = []
    try:
        with transaction.atomic():
            for number, cells in table.rows:
                if not any(text(v) for v in cells.values()):
                    continue
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
            if errors:
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
    if errors:
        raise ImportRejected(ROWS_INVALID.format(n=len(errors)), errors)
    if not summary.read:
        raise ApplicationError(NO_ROWS, field="file")
    return summary
