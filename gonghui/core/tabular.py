"""Reading and writing the federation's spreadsheets (XLSX and CSV), row by row.

Used by the member and org imports and exports. Files are streamed: openpyxl's read-only and
write-only modes, the csv module on a decoded byte stream. Nothing here knows a domain field;
the callers map Chinese column names to fields.

CSV files from Chinese Excel are often GB18030 (GBK), not UTF-8: the encoding is detected from
the first bytes (a BOM, or a trial UTF-8 decode of the first 64 KB) rather than asked of the user.

Hostile files: an XLSX is checked by `uploads.check_xlsx` before openpyxl opens it, rows and
columns are bounded, and whatever openpyxl raises while reading becomes a Chinese message.

Formula injection (OWASP "CSV injection"): a text cell we write that begins with =, +, -, @, a
tab or a carriage return would be run by Excel as a formula. In CSV such a value gets a leading
apostrophe (Excel shows the text, without the apostrophe once edited); in XLSX it is written as
a string cell with the quotePrefix style, so the cell holds exactly the text and Excel never
evaluates it. Our own imports (`text`) drop that protective apostrophe again, so export then
import gives the same names, `+86` phones and negative amounts.
"""

import codecs
import csv
import heapq
import io
import re
import tempfile
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from gonghui.core import uploads
from gonghui.core.errors import ApplicationError
from gonghui.core.rowcount import csv_rows_with_data, xlsx_rows_with_data

FILE_INVALID = "无法读取该文件，请上传 .xlsx 或 .csv 文件（CSV 可为 UTF-8 或 GBK 编码）。"
FILE_EMPTY = "文件中没有表头行，请使用下载的模板。"
HEADER_MISSING = "表头缺少必填列「{names}」，请使用下载的模板（列的顺序可以不同）。"
HEADER_DUPLICATE = "表头中「{name}」列出现了两次，请删除其中一列。"
COLUMNS_IGNORED = (
    "以下列不是模板中的列，已忽略：{names}。如是列名写错，请按下载的模板改正后重新导入。"
)
DATE_INVALID = "日期「{value}」无法识别，请写成 2023-05-01、2023/5/1、2023.5.1 或 2023年5月1日。"

CSV_EXTENSIONS = (".csv", ".txt")


@dataclass
class Table:
    """An open spreadsheet: the header and a lazy stream of (row number, {column: cell}); or
    `records`, the same stream unnamed (row number, raw row; `cells_of(raw, index)` names it)."""

    header: list[str]
    rows: Iterator[tuple[int, dict[str, object]]]
    records: Iterator[tuple[int, object]] = iter(())
    index: list[tuple[int, str]] = field(default_factory=list)
    total: int | None = None  # rows with at least one non-empty cell, header excluded
    warnings: list[str] = field(default_factory=list)
    _close: object = None

    def close(self) -> None:
        if self._close is not None:
            self._close()


def detect_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if exc.start < len(head) - 3:
            return "gb18030"
    return "utf-8"


def header_name(value) -> str:
    """Header cells compared loosely: full-width brackets, spaces and a trailing * are dropped."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = re.sub(r"\s+", "", text).rstrip("*")
    return text.replace("(", "（").replace(")", "）")


def open_table(
    file,
    filename: str,
    *,
    columns: list[str],
    required: set[str],
    unread: Collection[str] = (),
) -> Table:
    """Open an upload or a path; check the header; rows come as {column: raw cell}.

    `columns` are the names read (in any order), `required` must be present; `unread` are the
    columns of our own template that are deliberately not read (the import page says why): they
    are dropped silently. Any other column is unknown: dropped with one warning that names it.
    """
    name = filename.lower()
    if name.endswith(CSV_EXTENSIONS):
        header, raw_rows, total, close = _open_csv(file)
    else:
        header, raw_rows, total, close = _open_xlsx(file)
    header = [header_name(h) for h in header]
    if not any(header):
        close()
        raise ApplicationError(FILE_EMPTY, field="file")
    seen: set[str] = set()
    for h in header:
        if h and h in seen:
            close()
            raise ApplicationError(HEADER_DUPLICATE.format(name=h), field="file")
        seen.add(h)
    missing = [c for c in columns if c in required and c not in header]
    if missing:
        close()
        raise ApplicationError(HEADER_MISSING.format(names="」「".join(missing)), field="file")
    index = [(i, h) for i, h in enumerate(header) if h in columns]
    extra = [h for h in header if h and h not in columns and h not in unread]
    warnings = [COLUMNS_IGNORED.format(names="、".join(extra))] if extra else []

    def records():
        for number, raw in enumerate(raw_rows, start=2):
            if number > uploads.SPREADSHEET_MAX_ROWS:
                raise ApplicationError(
                    uploads.TOO_MANY_ROWS.format(n=uploads.SPREADSHEET_MAX_ROWS), field="file"
                )
            if len(raw) > uploads.SPREADSHEET_MAX_COLUMNS:
                raise ApplicationError(
                    uploads.TOO_MANY_COLUMNS.format(row=number, n=uploads.SPREADSHEET_MAX_COLUMNS),
                    field="file",
                )
            yield number, raw

    def rows():
        for number, raw in raw_records:
            yield number, cells_of(raw, index)

    raw_records = records()
    table = Table(header=header, rows=rows(), total=total, warnings=warnings, _close=close)
    table.records, table.index = raw_records, index
    return table


def cells_of(raw, index: list[tuple[int, str]]) -> dict[str, object]:
    """A record's {column: raw cell} (see `Table.records`)."""
    return {h: (raw[i] if i < len(raw) else None) for i, h in index}


def _open_csv(file):
    if isinstance(file, str | bytes) or hasattr(file, "__fspath__"):
        binary = open(file, "rb")  # noqa: SIM115 (closed by Table.close)
    else:
        binary = file
        binary.seek(0)
    encoding = detect_encoding(binary.read(65536))
    records = csv_rows_with_data(binary, encoding)
    text = io.TextIOWrapper(binary, encoding=encoding, errors="strict", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader, [])
    except (UnicodeDecodeError, csv.Error):
        raise ApplicationError(FILE_INVALID, field="file") from None

    def rows():
        try:
            yield from reader
        except (UnicodeDecodeError, csv.Error):
            raise ApplicationError(FILE_INVALID, field="file") from None

    total = max(records - 1, 0) if records is not None else None
    return header, rows(), total, text.detach


def _open_xlsx(file):
    is_zip = uploads.check_xlsx(file)
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except uploads.NOT_A_ZIP:
        # A zip whose parts fail (a lying directory, a bad CRC) is a damaged Excel file.
        message = uploads.XLSX_UNREADABLE if is_zip else FILE_INVALID
        raise ApplicationError(message, field="file") from None
    except uploads.XLSX_ERRORS:
        raise ApplicationError(uploads.XLSX_UNREADABLE, field="file") from None
    try:
        sheet = book.worksheets[0]
        # Not `max_row`: it counts formatted blank rows (a template's 2,000 empty lines).
        try:
            records = xlsx_rows_with_data(book, sheet)
        except uploads.XLSX_ERRORS:
            raise ApplicationError(uploads.XLSX_UNREADABLE, field="file") from None
        total = max(records - 1, 0) if records is not None else None
        # Columns past the limit are never read (a CSV row that wide is refused in `rows`).
        width = min(
            sheet.max_column or uploads.SPREADSHEET_MAX_COLUMNS, uploads.SPREADSHEET_MAX_COLUMNS
        )
        rows = xlsx_rows(sheet, max_col=width)
        header = list(next(rows, ()))
    except (*uploads.XLSX_ERRORS, ApplicationError):
        book.close()
        raise
    return header, rows, total, book.close


def xlsx_rows(sheet, *, max_col: int | None = None) -> Iterator[tuple]:
    """A read-only sheet's rows as tuples of values; a fault of the file while streaming (the
    sheet's XML is parsed as rows are read) becomes a Chinese message."""
    try:
        yield from sheet.iter_rows(values_only=True, max_col=max_col)
    except uploads.XLSX_ERRORS:
        raise ApplicationError(uploads.XLSX_UNREADABLE, field="file") from None


# --- cells ---------------------------------------------------------------------------------------


def text(value) -> str:
    """A cell as text: full-width letters, digits and spaces to ASCII, trimmed. Whole floats
    (Excel's numbers) lose their `.0`; the apostrophe that protects a formula-like value in our
    exports is dropped."""
    if value.__class__ is str:  # the common case first; NFKC leaves ASCII as it is
        value = unprotect(value) if value.startswith("'") else value
        return (value if value.isascii() else unicodedata.normalize("NFKC", value)).strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return unicodedata.normalize("NFKC", unprotect(str(value))).strip()


_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_PARTS = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{4,5}(\.0+)?$")


def parse_date(value) -> date | None:
    """A date as spreadsheets hold it: a date cell, an Excel serial number (45047), or text
    2023-05-01, 2023/5/1, 2023.5.1, 2023年5月1日, 20230501. Blank gives None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    if not raw:
        return None
    if isinstance(value, int | float) or _SERIAL.match(raw):
        serial = float(raw)
        if 1 <= serial < 2958466:
            return _EXCEL_EPOCH + timedelta(days=int(serial))
        raise ApplicationError(DATE_INVALID.format(value=raw))
    match = _DATE_PARTS.match(raw) or _DATE_COMPACT.match(raw)
    if match:
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise ApplicationError(DATE_INVALID.format(value=raw))


def choice_lookup(choices, aliases: dict[str, str] | None = None) -> dict[str, str]:
    """Code list → {code or label or alias: code}, so a file may give either."""
    lookup = {}
    for code, label in choices:
        lookup[str(code)] = code
        lookup[header_name(label)] = code
    for alias, code in (aliases or {}).items():
        lookup[alias] = code
    return lookup


# --- writing -------------------------------------------------------------------------------------

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_cell(value):
    """A CSV value that Excel will not run as a formula (see the module note)."""
    return "'" + value if is_formula_like(value) else value


def unprotect(value: str) -> str:
    """Undo `csv_cell`: an apostrophe before a formula trigger is ours, not the user's."""
    if value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value


def xlsx_row(sheet, row) -> list:
    """A row for a write-only sheet's `append`, formula-like text as quote-prefixed string
    cells: openpyxl would otherwise write any text starting with = as a live formula."""
    out = []
    for value in row:
        if is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            value = cell
        out.append(value)
    return out


class Echo:
    """A file-like object whose write returns the line, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows) -> Iterator[str]:
    """UTF-8 with BOM (so Excel opens it right), one line at a time for StreamingHttpResponse."""
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        yield writer.writerow(["" if v is None else csv_cell(v) for v in row])


def xlsx_file(sheet_title: str, header: list[str], rows, out) -> int:
    """Write rows to `out` with openpyxl's write-only mode; returns the number of rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)
    sheet.append(xlsx_row(sheet, header))
    count = 0
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
        count += 1
    book.save(out)
    return count


def mask_cell(value: str) -> str:
    """Any value that may be personal, masked for the error report: keep 3 + last 2 characters."""
    value = str(value or "")
    if len(value) <= 5:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


# --- error report ------------------------------------------------------------------------------

REPORT_HEADER = ["行号", "列", "填写的值（已脱敏）", "错误原因"]
# Errors an import's result page lists; the rest are in the downloadable report.
FIRST_ERRORS = 100


class ErrorReport:
    """Rows are spooled to a temporary file as they come and turned into XLSX (openpyxl
    write-only) on `save`, so a file with a million bad rows does not fill memory.

    `first` keeps the errors of the lowest row numbers, in row order, for the result page:
    importers check rows in chunks and report a chunk's own checks after its parsing errors, so
    errors do not arrive in row order. A bounded heap keeps them without holding them all."""

    def __init__(self, keep: int = FIRST_ERRORS):
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
        self._writer = csv.writer(self._spool)
        self.count = 0
        self._keep = keep
        self._first: list[tuple[int, int, list]] = []  # (-row, -arrival, error): largest on top

    def add(self, row: int, column: str, value: str, reason: str) -> None:
        self._writer.writerow([row, column, value, reason])
        self.count += 1
        entry = (-row, -self.count, [row, column, value, reason])
        if len(self._first) < self._keep:
            heapq.heappush(self._first, entry)
        elif entry[:2] > self._first[0][:2]:
            heapq.heapreplace(self._first, entry)

    @property
    def first(self) -> list[list]:
        """The first `keep` errors by row (then by arrival): [row, column, masked value, reason]."""
        return [error for *_, error in sorted(self._first, reverse=True)]

    def save(self):
        """The report as a rewound temporary XLSX file (the caller closes it)."""
        book = Workbook(write_only=True)
        sheet = book.create_sheet("错误报告")
        for column, width in zip("ABCD", [8, 16, 24, 90], strict=True):
            sheet.column_dimensions[column].width = width
        sheet.append(REPORT_HEADER)
        self._spool.seek(0)
        for row, column, value, reason in csv.reader(self._spool):
            sheet.append(xlsx_row(sheet, [int(row), column, value, reason]))
        self._spool.seek(0, 2)
        out = tempfile.TemporaryFile()  # noqa: SIM115
        book.save(out)
        out.seek(0)
        return out
