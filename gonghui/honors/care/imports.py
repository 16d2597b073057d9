"""Historical import of honorees (荣誉对象) from Excel: all rows or none.

One row is one honor held by one person: the person is found by the ID-number hash or
registered (and linked to the member record when one matches), the honor added with
source=imported. A row whose honoree already holds that honor type for that year changes
nothing, so importing the same file twice adds nothing. Bad rows go to the job's error report
with their row number and column, and roll the whole file back.
"""

from collections.abc import Callable
from io import BytesIO

from django.db import transaction
from django.db.models import Q
from openpyxl import Workbook, load_workbook

from gonghui.core import uploads
from gonghui.core.cleaning import CELL_CONTROL, control_cell
from gonghui.core.errors import ApplicationError
from gonghui.core.tabular import ErrorReport, unprotect, xlsx_rows
from gonghui.honors.care.metrics import honoree_figures, stats_honoree_changed
from gonghui.honors.care.services.honorees import honoree_find_or_create
from gonghui.honors.models import Honor, HonorSubject, HonorType
from gonghui.honors.models.honorees import HonorSource
from gonghui.imports.kinds import JobSummary
from gonghui.orgs.selectors import orgs_in_scope

HEADERS = [
    "姓名",
    "身份证号",
    "性别",
    "所属工会",
    "工作单位",
    "荣誉称号",
    "年度",
    "表彰决定文号",
    "证书号",
    "是否健在",
]
REQUIRED = {"姓名", "身份证号", "所属工会", "荣誉称号", "年度"}
EXAMPLE = [
    "张秀兰",
    "620102196805123421",
    "女",
    "城关区总工会",
    "兰州市城关区环卫局",
    "甘肃省劳动模范",
    2015,
    "甘政发〔2015〕40号",
    "GS2015-0001",
    "是",
]
FIELD_COLUMNS = {
    "name": "姓名",
    "id_number": "身份证号",
    "gender": "性别",
    "org": "所属工会",
    "employer": "工作单位",
    "honor_type": "荣誉称号",
    "year": "年度",
    "decision_no": "表彰决定文号",
    "certificate_no": "证书号",
    "alive": "是否健在",
}
PROGRESS_ROWS = 100
MAX_ROWS = 5000

FILE_INVALID = "无法读取该文件，请上传用「下载模板」得到的 .xlsx 文件。"
HEADER_MISSING = "表头缺少「{names}」列，请使用下载的模板。"
NO_ROWS = "文件中没有数据行。"
TOO_MANY_ROWS = "一次最多导入 {n} 行，请拆分文件。"
ROWS_INVALID = "有 {n} 行数据有误，全部未导入，请修改后重新上传。"
REQUIRED_EMPTY = "请填写「{name}」。"
ORG_UNKNOWN = "所属工会「{value}」不在您管理的范围内，或名称、行政区划代码不正确。"
ORG_AMBIGUOUS = "所属工会「{value}」有重名，请改填行政区划代码。"
TYPE_UNKNOWN = "荣誉称号「{value}」不在荣誉目录中（或不是个人荣誉），请按目录中的称号填写。"
YEAR_INVALID = "年度「{value}」应为 1950 到 2100 之间的四位年份。"
ALIVE_INVALID = "是否健在只能填写「是」或「否」（留空为是）。"
CERTIFICATE_TAKEN = "证书号「{value}」已被另一条荣誉记录使用。"
DUPLICATE_ROW = "与第{other}行是同一人的同一荣誉。"
ALIVE = {"": True, "是": True, "健在": True, "否": False, "已故": False, "去世": False}


def template_xlsx() -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "历史荣誉"
    ws.append(HEADERS)
    ws.append(EXAMPLE)
    for column, width in zip("ABCDEFGHIJ", [10, 22, 6, 20, 26, 22, 8, 22, 16, 10], strict=True):
        ws.column_dimensions[column].width = width
    notes = wb.create_sheet("填写说明")
    notes.append(["列", "说明"])
    notes.append(["身份证号", "18 位，用于去重：同一人多项荣誉填多行"])
    notes.append(["所属工会", "本工会或下级工会的全称，或其行政区划代码"])
    notes.append(["荣誉称号", "荣誉目录中的称号，如「甘肃省劳动模范」「全国五一劳动奖章」"])
    notes.append(["是否健在", "是 / 否，留空为是"])
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unprotect(str(value)).strip()


def read_rows(upload) -> list[tuple[int, dict[str, str]]]:
    """(row number, values by header) of the first sheet; the file's faults as ApplicationError."""
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
        header = [_text(v) for v in next(rows, ())]
        missing = [h for h in HEADERS if h in REQUIRED and h not in header]
        if missing:
            raise ApplicationError(HEADER_MISSING.format(names="」「".join(missing)), field="file")
        index = {name: header.index(name) for name in HEADERS if name in header}
        out = []
        for number, row in enumerate(rows, start=2):
            values = {name: _text(row[i]) if i < len(row) else "" for name, i in index.items()}
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


def _org_finder(actor):
    cache: dict[str, list] = {}

    def find(value: str):
        if value not in cache:
            cache[value] = list(
                orgs_in_scope(actor).filter(Q(name=value) | Q(division_code=value))[:2]
            )
        found = cache[value]
        if not found:
            raise ApplicationError(ORG_UNKNOWN.format(value=value), field="org")
        if len(found) > 1:
            raise ApplicationError(ORG_AMBIGUOUS.format(value=value), field="org")
        return found[0]

    return find


def _year(value: str) -> int:
    try:
        year = int(float(value))
    except ValueError:
        year = 0
    if not 1950 <= year <= 2100:
        raise ApplicationError(YEAR_INVALID.format(value=value), field="year")
    return year


def _import_row(actor, values: dict[str, str], *, org_named, types) -> str:
    """One row: 'created' (a new honoree), 'updated' (an honor added) or 'skipped'."""
    if column := control_cell(values):
        raise ApplicationError(CELL_CONTROL.format(column=column), field=column)
    for name in HEADERS:
        if name in REQUIRED and not values.get(name):
            raise ApplicationError(REQUIRED_EMPTY.format(name=name), field=name)
    org = org_named(values["所属工会"])
    honor_type = types.get(values["荣誉称号"])
    if honor_type is None:
        raise ApplicationError(TYPE_UNKNOWN.format(value=values["荣誉称号"]), field="honor_type")
    year = _year(values["年度"])
    alive = ALIVE.get(values.get("是否健在", ""))
    if alive is None:
        raise ApplicationError(ALIVE_INVALID, field="alive")
    honoree, created = honoree_find_or_create(
        actor=actor,
        name=values["姓名"],
        org=org,
        id_number=values["身份证号"],
        gender=values.get("性别", ""),
        employer=values.get("工作单位", ""),
        alive=alive,
    )
    if Honor.objects.filter(honoree=honoree, honor_type=honor_type, year=year).exists():
        return "skipped"
    certificate_no = values.get("证书号", "")[:40]
    if certificate_no and Honor.objects.filter(certificate_no=certificate_no).exists():
        raise ApplicationError(
            CERTIFICATE_TAKEN.format(value=certificate_no), field="certificate_no"
        )
    before = honoree_figures(honoree)
    Honor.objects.create(
        honoree=honoree,
        honor_type=honor_type,
        year=year,
        decision_no=values.get("表彰决定文号", "")[:60],
        certificate_no=certificate_no,
        source=HonorSource.IMPORTED,
    )
    stats_honoree_changed(before=before, honoree=honoree)
    return "created" if created else "updated"


def honoree_import(
    *,
    actor,
    upload,
    report: ErrorReport,
    on_progress: Callable[[JobSummary], bool] | None = None,
) -> JobSummary:
    rows = read_rows(upload)
    types = {t.title: t for t in HonorType.objects.filter(subject=HonorSubject.PERSON)}
    org_named = _org_finder(actor)
    result = JobSummary(total=len(rows))
    seen: dict[tuple[str, str, str], int] = {}
    with transaction.atomic():
        for number, values in rows:
            at_step = result.read and result.read % PROGRESS_ROWS == 0
            if on_progress and at_step and on_progress(result):
                result.cancelled = True
                break
            result.read += 1
            key = (
                values.get("身份证号", "").upper(),
                values.get("荣誉称号", ""),
                values.get("年度", ""),
            )
            try:
                if key in seen:
                    raise ApplicationError(DUPLICATE_ROW.format(other=seen[key]), field="name")
                seen[key] = number
                with transaction.atomic():
                    outcome = _import_row(actor, values, org_named=org_named, types=types)
                setattr(result, outcome, getattr(result, outcome) + 1)
            except ApplicationError as exc:
                column = FIELD_COLUMNS.get(exc.field or "", exc.field or "")
                report.add(number, column, values.get(column, ""), exc.message)
                result.failed += 1
        if result.failed or result.cancelled:
            transaction.set_rollback(True)
            result.rolled_back = True
    if result.rolled_back:
        result.created = result.updated = result.skipped = 0
    return result
