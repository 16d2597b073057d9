"""Excel import of service sites (openpyxl): all rows or none.

Each row goes through the same services as the form, inside one transaction; a bad row's message
is kept with its row number and column and, if any row is bad, the whole transaction is rolled
back. A row whose owning org already has a site of that name updates it, so importing the same
file twice changes nothing. The workbench runs it as an import job (`import_kinds`): progress,
cancel, the error report and the result page are the framework's.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO

from django.db import transaction
from openpyxl import Workbook, load_workbook

from gonghui.core import uploads
from gonghui.core.cleaning import CELL_CONTROL, control_cell
from gonghui.core.errors import ApplicationError
from gonghui.core.tabular import ErrorReport, unprotect, xlsx_rows
from gonghui.orgs.models import OrgType
from gonghui.orgs.selectors import orgs_in_scope
from gonghui.sites.models import Facility, Site, SiteType
from gonghui.sites.parsing import parse_facilities
from gonghui.sites.selectors import county_choices
from gonghui.sites.services import site_create, site_snapshot, site_update

HEADERS = [
    "名称",
    "类型",
    "所属工会",
    "所在县区",
    "地址",
    "经度",
    "纬度",
    "坐标系",
    "联系电话",
    "开放时间",
    "服务设施",
    "说明",
]
REQUIRED = {"名称", "类型", "所属工会", "所在县区", "地址", "经度", "纬度"}
EXAMPLE = [
    "城关区东岗户外劳动者驿站",
    "户外劳动者驿站",
    "城关区总工会",
    "城关区总工会",
    "兰州市城关区东岗西路 100 号",
    103.8512,
    36.0561,
    "WGS-84",
    "0931-8888888",
    "周一至周五 08:00-20:00；周六至周日 09:00-18:00",
    "饮水、热饭、充电、如厕、休息",
    "",
]
MAX_ROWS = 5000
# Rows between two progress reports (and looks at the cancel flag).
PROGRESS_ROWS = 100
# The column of the file a service's refusal points at (ApplicationError.field).
FIELD_COLUMNS = {
    "name": "名称",
    "site_type": "类型",
    "org": "所属工会",
    "county": "所在县区",
    "address": "地址",
    "lat": "纬度",
    "lng": "经度",
    "crs": "坐标系",
    "phone": "联系电话",
    "hours": "开放时间",
    "facilities": "服务设施",
    "note": "说明",
}

FILE_INVALID = "无法读取该文件，请上传用「下载模板」得到的 .xlsx 文件。"
HEADER_MISSING = "表头缺少「{names}」列，请使用下载的模板。"
NO_ROWS = "文件中没有数据行。"
TOO_MANY_ROWS = "一次最多导入 {n} 行，请拆分文件。"
ROWS_INVALID = "有 {n} 行数据有误，全部未导入，请修改后重新上传。"
ROW_ERROR = "第{row}行：{message}"
REQUIRED_EMPTY = "请填写「{name}」。"
TYPE_UNKNOWN = "类型「{value}」无法识别，可选：{choices}。"
ORG_UNKNOWN = "所属工会「{value}」不在您管理的范围内或名称不正确。"
ORG_AMBIGUOUS = "所属工会「{value}」有重名，请在系统中改用唯一名称后再导入。"
COUNTY_UNKNOWN = "所在县区「{value}」不是县区总工会的名称（例如「城关区总工会」）。"
DUPLICATE_ROW = "与第{other}行的所属工会和名称相同。"


class ImportRejected(ApplicationError):
    """Nothing was imported: the file (no `rows`) or some of its rows (`rows`: row number,
    column, value, reason; `errors`: one sentence each) are wrong."""

    def __init__(self, message: str, rows: list[tuple[int, str, str, str]] | None = None):
        super().__init__(message, field="file")
        self.rows = rows or []
        self.errors = [ROW_ERROR.format(row=row, message=reason) for row, *_, reason in self.rows]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    sites: list[Site] = field(default_factory=list)
    # The counters and the ending an import job shows (gonghui.imports.kinds.Summary).
    read: int = 0
    total: int | None = None
    failed: int = 0
    rolled_back: bool = False
    cancelled: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return self.unchanged


def template_xlsx() -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "服务阵地"
    ws.append(HEADERS)
    ws.append(EXAMPLE)
    for column, width in zip(
        "ABCDEFGHIJKL", [28, 16, 18, 16, 30, 11, 11, 9, 15, 44, 30, 20], strict=True
    ):
        ws.column_dimensions[column].width = width
    notes = wb.create_sheet("填写说明")
    notes.append(["列", "说明"])
    notes.append(["类型", "、".join(SiteType.labels)])
    notes.append(["所属工会", "本工会或下级工会的全称"])
    notes.append(["所在县区", "县区总工会的全称，如「城关区总工会」"])
    notes.append(["经度/纬度", "十进制度，如 103.8512 / 36.0561"])
    notes.append(["坐标系", "WGS-84（GPS、天地图）或 GCJ-02（高德、腾讯地图），留空按导入页所选"])
    notes.append(
        ["开放时间", "周一至周五 08:00-18:00；周六 09:00-12:00，或「24小时」，留空为不开放"]
    )
    notes.append(["服务设施", "用顿号分隔：" + "、".join(Facility.labels)])
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


def _read_rows(upload) -> list[tuple[int, dict[str, str]]]:
    try:
        uploads.check_spreadsheet(upload)
    except ApplicationError as exc:
        raise ImportRejected(exc.message) from None
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except uploads.XLSX_ERRORS:
        raise ImportRejected(FILE_INVALID) from None
    try:
        return _rows_of(wb.worksheets[0])
    except ImportRejected:
        raise
    except ApplicationError as exc:  # a fault of the file met while streaming its rows
        raise ImportRejected(exc.message) from None
    except uploads.XLSX_ERRORS:
        raise ImportRejected(FILE_INVALID) from None
    finally:
        wb.close()


def _rows_of(ws) -> list[tuple[int, dict[str, str]]]:
    width = min(ws.max_column or uploads.SPREADSHEET_MAX_COLUMNS, uploads.SPREADSHEET_MAX_COLUMNS)
    rows = xlsx_rows(ws, max_col=width)
    header = [_text(v) for v in next(rows, ())]
    missing = [h for h in HEADERS if h in REQUIRED and h not in header]
    if missing:
        raise ImportRejected(HEADER_MISSING.format(names="」「".join(missing)))
    index = {name: header.index(name) for name in HEADERS if name in header}
    out = []
    for number, row in enumerate(rows, start=2):
        values = {name: _text(row[i]) if i < len(row) else "" for name, i in index.items()}
        if not any(values.values()):
            continue
        out.append((number, values))
        if len(out) > MAX_ROWS:
            raise ImportRejected(TOO_MANY_ROWS.format(n=MAX_ROWS))
    if not out:
        raise ImportRejected(NO_ROWS)
    return out


def site_import(
    *,
    actor,
    upload,
    crs: str = "WGS-84",
    report: ErrorReport | None = None,
    on_progress: Callable[[ImportResult], bool] | None = None,
) -> ImportResult:
    """Import every row or none. Bad rows raise `ImportRejected` with each of them; given a
    `report`, they go there instead and the result says `rolled_back`. `on_progress(result)`
    every `PROGRESS_ROWS` rows stops the import (nothing written) when it returns True."""
    rows = _read_rows(upload)
    types = {label: value for value, label in SiteType.choices}
    counties = {}
    for county in county_choices().filter(org_type=OrgType.COUNTY):
        counties.setdefault(county.name, county)
        counties.setdefault(county.name.removesuffix("总工会"), county)
    org_cache: dict[str, object] = {}
    errors: list[tuple[int, str, str, str]] = []
    seen: dict[tuple, int] = {}
    result = ImportResult(total=len(rows))

    def org_named(name: str):
        if name not in org_cache:
            found = list(orgs_in_scope(actor).filter(name=name)[:2])
            org_cache[name] = found
        found = org_cache[name]
        if not found:
            raise ApplicationError(ORG_UNKNOWN.format(value=name), field="org")
        if len(found) > 1:
            raise ApplicationError(ORG_AMBIGUOUS.format(value=name), field="org")
        return found[0]

    with transaction.atomic():
        for number, values in rows:
            if on_progress and result.read % PROGRESS_ROWS == 0 and result.read:
                result.failed = len(errors)
                if on_progress(result):
                    result.cancelled = True
                    break
            result.read += 1
            try:
                if column := control_cell(values):
                    raise ApplicationError(CELL_CONTROL.format(column=column), field=column)
                for name in HEADERS:
                    if name in REQUIRED and not values.get(name):
                        raise ApplicationError(REQUIRED_EMPTY.format(name=name), field=name)
                site_type = types.get(values["类型"])
                if site_type is None:
                    raise ApplicationError(
                        TYPE_UNKNOWN.format(value=values["类型"], choices="、".join(types)),
                        field="site_type",
                    )
                org = org_named(values["所属工会"])
                county = counties.get(values["所在县区"])
                if county is None:
                    raise ApplicationError(
                        COUNTY_UNKNOWN.format(value=values["所在县区"]), field="county"
                    )
                key = (org.pk, values["名称"])
                if key in seen:
                    raise ApplicationError(DUPLICATE_ROW.format(other=seen[key]), field="name")
                seen[key] = number

                fields = dict(
                    org=org,
                    name=values["名称"],
                    site_type=site_type,
                    county=county,
                    address=values["地址"],
                    lat=values["纬度"],
                    lng=values["经度"],
                    crs=values.get("坐标系") or crs,
                    phone=values.get("联系电话", ""),
                    hours=values.get("开放时间", ""),
                    facilities=parse_facilities(values.get("服务设施", "")),
                    note=values.get("说明", ""),
                )
                existing = Site.objects.filter(org=org, name=fields["name"].strip()).first()
                if existing is None:
                    result.sites.append(site_create(actor=actor, **fields))
                    result.created += 1
                else:
                    before = site_snapshot(existing)
                    site = site_update(actor=actor, site=existing, **fields)
                    result.sites.append(site)
                    if site_snapshot(site) == before:
                        result.unchanged += 1
                    else:
                        result.updated += 1
            except ApplicationError as exc:
                column = FIELD_COLUMNS.get(exc.field or "", exc.field or "")
                errors.append((number, column, values.get(column, ""), exc.message))
        if errors or result.cancelled:
            transaction.set_rollback(True)
            result.rolled_back = True
    result.failed = len(errors)
    if errors and report is None:
        raise ImportRejected(ROWS_INVALID.format(n=len(errors)), errors)
    for error in errors:
        report.add(*error)
    return result
