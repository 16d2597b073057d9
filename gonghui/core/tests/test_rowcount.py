"""Rows with data, counted from the XLSX's XML bytes or a CSV stream (`core.rowcount`), and the
error report's first errors in row order (`tabular.ErrorReport.first`)."""

import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from gonghui.core import rowcount
from gonghui.core.tabular import ErrorReport, open_table, text


def workbook_bytes(write_only: bool) -> tuple[bytes, int]:
    """Rows with values (shared or inline strings, numbers, a formula's cached value absent)
    between formatted blank rows; returns the file and its rows with data."""
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("s") if write_only else book.active
    with_data = 0
    for n in range(1, 400):
        if n % 7 == 0:
            row = ["", None, "  "]  # blank: an empty string, spaces
        elif n % 3 == 0:
            row = [None] * 5  # blank
        else:
            row = [f"名字{n}", n, n * 1.5]
            with_data += 1
        sheet.append(row)
    if not write_only:
        for n in range(400, 2400):  # the template's formatted blank rows
            sheet.cell(row=n, column=2).number_format = "@"
            sheet.cell(row=n, column=3).font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), with_data


@pytest.mark.parametrize("write_only", [False, True])
@pytest.mark.parametrize("chunk", [300, 1000, 1 << 20])
def test_xlsx_rows_with_data_across_chunk_boundaries(monkeypatch, write_only, chunk):
    monkeypatch.setattr(rowcount, "_CHUNK", chunk)
    data, expected = workbook_bytes(write_only)
    book = load_workbook(io.BytesIO(data), read_only=True)
    sheet = book.worksheets[0]
    assert rowcount.xlsx_rows_with_data(book, sheet) == expected
    if not write_only:
        assert sheet.max_row == 2399  # what the progress used to show


def test_prefixed_namespaces_and_other_elements_named_like_rows():
    xml = (
        b'<x:worksheet xmlns:x="urn:x"><x:sheetData>'
        b'<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t xml:space="preserve">a</x:t>'
        b"</x:is></x:c></x:row>"
        b'<x:row r="2" s="3" customFormat="1"/>'
        b'<x:row r="3"><x:c r="A3" s="1"/><x:c r="B3" t="inlineStr"><x:is><x:t/></x:is></x:c>'
        b"</x:row>"
        b'<x:row r="4"><x:c r="A4"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>'
        b'<x:row r="5"><x:c r="A5" t="s"><x:v>0</x:v></x:c></x:row>'
        b'</x:sheetData><x:rowBreaks count="1"><x:brk id="2"/></x:rowBreaks></x:worksheet>'
    )
    assert rowcount._scan(io.BytesIO(xml)) == 3  # rows 1, 4 and 5 (Excel's shared string)


def test_open_table_total_excludes_the_header_and_blank_csv_records():
    data = '姓名,电话\r\n王芳,139\r\n,\r\n\r\n"李\n强",\r\n , \r\n'
    table = open_table(
        io.BytesIO(data.encode("utf-8")), "m.csv", columns=["姓名", "电话"], required=set()
    )
    try:
        assert table.total == 2
        assert [n for n, cells in table.rows if any(text(v) for v in cells.values())] == [2, 5]
    finally:
        table.close()


def test_error_report_keeps_the_first_errors_in_row_order():
    report = ErrorReport(keep=3)
    for row in (9, 4, 12, 4, 2, 30, 3):
        report.add(row, "列", "***", f"第{row}行")
    assert report.count == 7
    assert [(e[0], e[3]) for e in report.first] == [(2, "第2行"), (3, "第3行"), (4, "第4行")]
    report = ErrorReport(keep=2)
    report.add(5, "甲", "", "先")
    report.add(5, "乙", "", "后")
    report.add(5, "丙", "", "再后")
    assert [e[1] for e in report.first] == ["甲", "乙"]  # same row: in the order found
