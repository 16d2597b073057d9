"""How many rows of a spreadsheet hold data, counted cheaply before an import reads them.

The progress of an import is "rows read / rows in the file". An XLSX's dimension (openpyxl's
`max_row`) counts every row that carries formatting, so a template with 2,000 pre-formatted blank
rows and 5 members says 2,000; a CSV saved by Excel can carry lines of bare commas. Only rows
with at least one non-empty cell count here.

Counting must not cost what reading costs: openpyxl builds a cell object per cell (measured: about
45 s for 100,000 rows of 30 columns), so the worksheet's XML is scanned as bytes instead (2–4 s
for the same file) for row starts and for values (`<v>` with text, or an inline string's
`<t>` with text), one megabyte at a time. A CSV is counted with the csv module in one streaming
pass. Neither holds more than a chunk in memory. A shared string (Excel's usual cell) is taken as
data without looking it up: Excel does not store empty strings.
"""

import csv
import io
import re

# A row start (group 1), or a value with more than spaces in it: <v>…</v> or an inline string's
# <t>…</t> (the importers trim cells, so a cell of spaces is blank to them too). Namespace
# prefixes (x:row) are allowed, as some generators write them.
_MARKS = re.compile(
    rb"<(?:\w{1,20}:)?(?:(row)[\s>/]|v>\s{0,16}[^<\s]|t(?:\s[^>]{0,200})?>\s{0,16}[^<\s])"
)
_CHUNK = 1 << 20
# Longer than any match, so a match cut at a chunk's end is found whole in the next buffer.
_OVERLAP = 256


def xlsx_rows_with_data(book, sheet) -> int | None:
    """Rows of `sheet` (of a read-only `book`) with at least one non-blank value; None if the sheet's XML
    cannot be reached (then no total is shown)."""
    archive = getattr(book, "_archive", None)
    path = getattr(sheet, "_worksheet_path", None)
    if archive is None or path is None:
        return None
    with archive.open(path) as xml:
        return _scan(xml)


def _scan(xml) -> int:
    rows, has_value, carry = 0, False, b""
    while True:
        chunk = xml.read(_CHUNK)
        buffer = carry + chunk
        limit = len(buffer) - _OVERLAP if chunk else len(buffer)
        end = 0
        for match in _MARKS.finditer(buffer):
            if match.start() >= limit:
                break
            if match.group(1):
                rows += has_value
                has_value = False
            else:
                has_value = True
            end = match.end()
        if not chunk:
            return rows + has_value
        carry = buffer[max(limit, end, 0) :]


def csv_rows_with_data(binary, encoding: str) -> int | None:
    """Records of a CSV byte stream with at least one non-blank field, the stream left
    rewound; None if it does not decode (the reader then says what is wrong)."""
    binary.seek(0)
    text = io.TextIOWrapper(binary, encoding=encoding, errors="strict", newline="")
    try:
        return sum(1 for record in csv.reader(text) if any(field.strip() for field in record))
    except (UnicodeDecodeError, csv.Error):
        return None
    finally:
        text.detach()
        binary.seek(0)
