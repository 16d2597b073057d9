"""Excel imports of a contest's entries and results (openpyxl): all rows or none.

Each row goes through the same service as the page (`entry_add_member`,
`entry_record_result`) inside one transaction; a bad row's message is kept with its row number
and column and, if any row is bad, the whole transaction is rolled back. A member is named by
his ID number (looked up by its hash, within the importer's scope). The workbench runs them as
import jobs (`competitions/import_kinds.py`): progress, cancel, error report and result page
are the framework's.
"""

from collections.abc import Callable
from io import BytesIO

from django.db import transaction
from openpyxl import Workbook, load_workbook

from gonghui.accounts.models import User
from gonghui.competitions.contests.services import entry_add_member, entry_record_result
from gonghui.competitions.models import Competition, EntryKind, EntryStatus, Prize, Title
from gonghui.core import crypto, uploads
from gonghui.core.cleaning import CELL_CONTROL, control_cell
from gonghui.core.errors import ApplicationError
from gonghui.core.tabular import ErrorReport, unprotect, xlsx_rows
from gonghui.imports.kinds import JobSummary
from gonghui.members.codes import TECH_LEVEL_CHOICES
from gonghui.members.idnumber import parse_id_number
from gonghui.members.pickers import members_holding

ENTRY_HEADERS = ["姓名", "身份证号", "工种"]
RESULT_HEADERS = ["姓名", "身份证号", "成绩", "名次", "奖项", "称号", "晋升技术等级"]
REQUIRED = {"姓名", "身份证号"}
MAX_ROWS = 5000
PROGRESS_ROWS = 100

FILE_INVALID = "无法读取该文件，请上传用「下载模板」得到的 .xlsx 文件。"
HEADER_MISSING = "表头缺少「{names}」列，请使用下载的模板。"
NO_ROWS = "文件中没有数据行。"
TOO_MANY_ROWS = "一次最多导入 {n} 行，请拆分文件。"
ROWS_INVALID = "有 {n} 行数据有误，全部未导入，请下载错误报告修改后重新上传。"
REQUIRED_EMPTY = "请填写「{name}」。"
MEMBER_UNKNOWN = "身份证号对应的会员不在您管理的范围内，或尚未入会。"
NAME_MISMATCH = "姓名与身份证号对应的会员（{name}）不一致。"
NOT_ENTERED = "该职工没有报名参加本竞赛（或报名尚未确认）。"
CODE_UNKNOWN = "「{column}」无法识别：{value}，可选：{choices}。"
DUPLICATE_ROW = "与第{other}行是同一职工。"

FIELD_COLUMNS = {
    "member": "身份证号",
    "trade": "工种",
    "score": "成绩",
    "rank": "名次",
    "prize": "奖项",
    "title": "称号",
    "promoted_to": "晋升技术等级",
}


def template_xlsx(headers: list[str], example: list, title: str) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    ws.append(example)
    for index in range(len(headers)):
        ws.column_dimensions[chr(ord("A") + index)].width = 22
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def entries_template() -> BytesIO:
    return template_xlsx(ENTRY_HEADERS, ["张三", "620102198506060044", "焊工"], "参赛职工")


def results_template() -> BytesIO:
    example = ["张三", "620102198506060044", 95.5, 1, "一等奖", "技术能手", "职业资格三级（高级）"]
    return template_xlsx(RESULT_HEADERS, example, "竞赛成绩")


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unprotect(str(value)).strip()


def read_rows(
    upload, headers: list[str], required: set[str] = REQUIRED
) -> list[tuple[int, dict[str, str]]]:
    uploads.check_spreadsheet(upload)
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except uploads.XLSX_ERRORS:
        raise ApplicationError(FILE_INVALID, field="file") from None
    try:
        ws = wb.worksheets[0]
        width = min(
            ws.max_column or uploads.SPREADSHEET_MAX_COLUMNS, uploads.SPREADSHEET_MAX_COLUMNS
        )
        rows = xlsx_rows(ws, max_col=width)
        header = [cell_text(v) for v in next(rows, ())]
        missing = [h for h in headers if h in required and h not in header]
        if missing:
            raise ApplicationError(HEADER_MISSING.format(names="」「".join(missing)), field="file")
        index = {name: header.index(name) for name in headers if name in header}
        out = []
        for number, row in enumerate(rows, start=2):
            values = {name: cell_text(row[i]) if i < len(row) else "" for name, i in index.items()}
            if any(values.values()):
                out.append((number, values))
            if len(out) > MAX_ROWS:
                raise ApplicationError(TOO_MANY_ROWS.format(n=MAX_ROWS), field="file")
    except uploads.XLSX_ERRORS:
        raise ApplicationError(FILE_INVALID, field="file") from None
    finally:
        wb.close()
    if not out:
        raise ApplicationError(NO_ROWS, field="file")
    return out


def _member(actor: User, values: dict[str, str], contest: Competition):
    for name in REQUIRED:
        if not values.get(name):
            raise ApplicationError(REQUIRED_EMPTY.format(name=name), field=name)
    number = parse_id_number(values["身份证号"]).number
    member = (
        members_holding(actor)
        .select_related("org")
        .filter(id_number_hash__in=crypto.lookup_hashes(number))
        .first()
    )
    if member is None:
        raise ApplicationError(MEMBER_UNKNOWN, field="member")
    if member.name != values["姓名"]:
        raise ApplicationError(NAME_MISMATCH.format(name=member.name), field="姓名")
    return member


def _code(values: dict[str, str], column: str, choices) -> str:
    value = values.get(column, "")
    if not value:
        return ""
    by_label = {str(label): str(code) for code, label in choices}
    if value in by_label:
        return by_label[value]
    raise ApplicationError(
        CODE_UNKNOWN.format(column=column, value=value, choices="、".join(by_label)), field=column
    )


def run_rows(
    rows,
    report: ErrorReport,
    on_progress: Callable | None,
    handle: Callable,
    columns: dict[str, str] = FIELD_COLUMNS,
) -> JobSummary:
    """Each row through `handle(values, seen, number) -> (key, changed)` in one transaction,
    rolled back if any row is bad; `seen` maps the keys of earlier rows to their numbers."""
    summary = JobSummary(total=len(rows))
    errors: list[tuple[int, str, str, str]] = []
    seen: dict = {}
    with transaction.atomic():
        for number, values in rows:
            if on_progress and summary.read and summary.read % PROGRESS_ROWS == 0:
                summary.failed = len(errors)
                if on_progress(summary):
                    summary.cancelled = True
                    break
            summary.read += 1
            try:
                if column := control_cell(values):
                    raise ApplicationError(CELL_CONTROL.format(column=column), field=column)
                key, changed = handle(values, seen, number)
                seen[key] = number
                if changed:
                    summary.created += 1
                else:
                    summary.skipped += 1
            except ApplicationError as exc:
                column = columns.get(exc.field or "", exc.field or "")
                errors.append((number, column, values.get(column, ""), exc.message))
        if errors or summary.cancelled:
            transaction.set_rollback(True)
            summary.rolled_back = True
    summary.failed = len(errors)
    for error in errors:
        report.add(*error)
    return summary


def _not_twice(member, seen: dict[int, int]) -> None:
    if member.pk in seen:
        raise ApplicationError(DUPLICATE_ROW.format(other=seen[member.pk]), field="member")


def import_entries(
    *, actor: User, contest: Competition, upload, report: ErrorReport, on_progress=None
) -> JobSummary:
    rows = read_rows(upload, ENTRY_HEADERS)

    def handle(values, seen, number):
        member = _member(actor, values, contest)
        _not_twice(member, seen)
        entry_add_member(actor=actor, contest=contest, member=member, trade=values.get("工种", ""))
        return member.pk, True

    return run_rows(rows, report, on_progress, handle)


def import_results(
    *, actor: User, contest: Competition, upload, report: ErrorReport, on_progress=None
) -> JobSummary:
    rows = read_rows(upload, RESULT_HEADERS)

    def handle(values, seen, number):
        member = _member(actor, values, contest)
        _not_twice(member, seen)
        entry = contest.entries.filter(
            member=member, kind=EntryKind.MEMBER, status=EntryStatus.CONFIRMED
        ).first()
        if entry is None:
            raise ApplicationError(NOT_ENTERED, field="member")
        before = (entry.score, entry.rank, entry.prize, entry.title, entry.promoted_to)
        entry = entry_record_result(
            actor=actor,
            entry=entry,
            score=values.get("成绩", ""),
            rank=values.get("名次", ""),
            prize=_code(values, "奖项", Prize.choices),
            title=_code(values, "称号", Title.choices),
            promoted_to=_code(values, "晋升技术等级", TECH_LEVEL_CHOICES),
        )
        after = (entry.score, entry.rank, entry.prize, entry.title, entry.promoted_to)
        return member.pk, before != after

    return run_rows(rows, report, on_progress, handle)
