"""core.uploads and the hostile-file side of core.tabular: content sniffing, zip bombs, XML
entities, bounded rows and columns, and formula injection in what we write."""

import io
import re

import openpyxl
import pytest
from defusedxml import ElementTree as defused
from openpyxl import load_workbook
from openpyxl.xml import functions as openpyxl_xml

from gonghui.core import uploads
from gonghui.core.errors import ApplicationError
from gonghui.core.tabular import csv_lines, open_table, text, xlsx_file
from gonghui.core.tests import hostile
from gonghui.core.uploads import XLSX_BOMB

HEADER = ["姓名", "金额"]


@pytest.fixture(scope="module")
def bomb():
    return hostile.shared_string_bomb(HEADER)


def test_openpyxl_parses_uploads_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True
    assert openpyxl_xml.iterparse is defused.iterparse


@pytest.mark.parametrize(
    "head,allowed,expected",
    [
        (b"%PDF-1.7\n", uploads.PROOF_TYPES, uploads.PDF),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", uploads.PHOTO_TYPES, uploads.JPEG),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 8, uploads.PHOTO_TYPES, uploads.PNG),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", uploads.PHOTO_TYPES, uploads.WEBP),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", [uploads.WAV], uploads.WAV),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", [uploads.OLE2], uploads.OLE2),
        (b"PK\x03\x04\x14\x00", [uploads.ZIP], uploads.ZIP),
        (b"ID3\x04\x00", [uploads.MP3], uploads.MP3),
        (b"\xff\xfb\x90\x00", [uploads.MP3], uploads.MP3),
        (b"\xff\xf3\x64\xc4", [uploads.MP3], uploads.MP3),  # MPEG-2 (telephone recordings)
        (b"#!AMR\n", [uploads.AMR], uploads.AMR),
        # what the hand-written sniffers refused stays refused
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", uploads.PHOTO_TYPES, None),
        (b"RIFF\x00\x00\x00\x00XXXXdata", [uploads.WAV], None),
        (b"%PDF-1.7\n", uploads.PHOTO_TYPES, None),
        (b"\x89PNG\r\n\x1a\n0000", [uploads.PDF], None),
        (b"GIF89a", uploads.PHOTO_TYPES, None),
        (b"MZ\x90\x00", [uploads.OLE2, uploads.ZIP], None),
        (b"", uploads.PROOF_TYPES, None),
    ],
)
def test_content_type_by_first_bytes(head, allowed, expected):
    assert uploads.content_type(head, allowed) == expected


def test_a_decompression_bomb_is_refused_from_the_zip_directory(bomb):
    assert len(bomb) < 2 * uploads.MB
    with hostile.PeakMemory() as memory, pytest.raises(ApplicationError) as exc:
        open_table(io.BytesIO(bomb), "bomb.xlsx", columns=HEADER, required={"姓名"})
    assert exc.value.message == uploads.XLSX_BOMB
    assert memory.growth_mb < 200


def test_a_directory_that_lies_about_the_size_does_not_get_past(bomb):
    """zipfile stops a part at its declared size: the 1 GiB behind a declared 1 KB is never
    inflated, and the file is refused as unreadable."""
    liar = hostile.lie_about_size(bomb, "xl/sharedStrings.xml", 1024)
    uploads.check_xlsx(io.BytesIO(liar))  # the directory alone looks harmless
    with hostile.PeakMemory() as memory, pytest.raises(ApplicationError) as exc:
        table = open_table(io.BytesIO(liar), "x.xlsx", columns=HEADER, required={"姓名"})
        list(table.rows)
    assert memory.growth_mb < 200
    assert exc.value.message == uploads.XLSX_UNREADABLE


def test_every_part_and_the_ratio_are_bounded():
    one_big_part = hostile.shared_string_bomb(HEADER, size=uploads.XLSX_MAX_PART_BYTES + uploads.MB)
    with pytest.raises(ApplicationError, match=re.escape(XLSX_BOMB)):
        uploads.check_xlsx(io.BytesIO(one_big_part))
    ratio_only = hostile.shared_string_bomb(HEADER, size=8 * uploads.MB)
    with pytest.raises(ApplicationError, match=re.escape(XLSX_BOMB)):
        uploads.check_xlsx(io.BytesIO(ratio_only))
    uploads.check_xlsx(io.BytesIO(hostile.plain_workbook(HEADER)))  # a normal file passes


@pytest.mark.parametrize("kind", ["billion_laughs", "workbook_laughs", "external_entity"])
def test_xml_entities_answer_a_clear_message(kind):
    data = hostile.entity_workbooks(HEADER)[kind]
    with hostile.PeakMemory() as memory, pytest.raises(ApplicationError) as exc:
        table = open_table(io.BytesIO(data), "x.xlsx", columns=HEADER, required={"姓名"})
        list(table.rows)
    assert exc.value.message == uploads.XLSX_UNREADABLE
    assert memory.growth_mb < 200


def test_the_control_workbook_reads():
    table = open_table(
        io.BytesIO(hostile.plain_workbook(HEADER, "张三")), "x.xlsx", columns=HEADER, required=set()
    )
    assert [row["姓名"] for _, row in table.rows] == ["张三"]


def test_a_csv_row_too_wide_is_refused():
    data = ("姓名,金额\n" + "张三," * (uploads.SPREADSHEET_MAX_COLUMNS + 1) + "\n").encode()
    table = open_table(io.BytesIO(data), "x.csv", columns=HEADER, required={"姓名"})
    with pytest.raises(
        ApplicationError, match=re.escape(uploads.TOO_MANY_COLUMNS.format(row=2, n=200))
    ):
        list(table.rows)


def test_a_spreadsheet_upload_over_the_limit_is_refused():
    class Upload:
        name, size = "大.xlsx", uploads.SPREADSHEET_MAX_BYTES + 1

    with pytest.raises(
        ApplicationError,
        match=re.escape(uploads.SPREADSHEET_TOO_LARGE.format(limit=20, size=20.0)),
    ):
        uploads.check_spreadsheet(Upload())


# --- formula injection ---------------------------------------------------------------------------

EVIL = '=HYPERLINK("http://evil","x")'
VALUES = [EVIL, "+8613912345678", "-120.50", "@SUM(A1)", "\tTAB", "\rCR", "王芳", "a=b"]


def test_xlsx_cells_that_look_like_formulas_are_quoted_text():
    out = io.BytesIO()
    xlsx_file("表", ["值", "数"], [[v, -5] for v in VALUES], out)
    out.seek(0)
    sheet = load_workbook(out).active
    cells = [sheet.cell(row=i + 2, column=1) for i in range(len(VALUES))]
    assert [c.data_type for c in cells] == ["s"] * len(VALUES)
    assert [c.value for c in cells] == VALUES  # the text itself is unchanged
    assert [c.quotePrefix for c in cells] == [True] * 6 + [False, False]
    assert all(sheet.cell(row=i + 2, column=2).value == -5 for i in range(len(VALUES)))


def test_csv_values_that_look_like_formulas_get_an_apostrophe():
    lines = list(csv_lines(["值", "数"], [[v, -5] for v in VALUES]))
    assert lines[1] == '"\'=HYPERLINK(""http://evil"",""x"")",-5\r\n'
    assert lines[2] == "'+8613912345678,-5\r\n" and lines[3] == "'-120.50,-5\r\n"
    assert lines[7] == "王芳,-5\r\n" and lines[8] == "a=b,-5\r\n"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_gives_the_same_values(fmt):
    rows = [[v, -120.5] for v in VALUES[:4] + VALUES[6:]]
    if fmt == "xlsx":
        out = io.BytesIO()
        xlsx_file("表", HEADER, rows, out)
        data = out.getvalue()
    else:
        data = "".join(csv_lines(HEADER, rows)).encode()
    table = open_table(io.BytesIO(data), f"x.{fmt}", columns=HEADER, required=set(HEADER))
    back = [[text(row["姓名"]), text(row["金额"])] for _, row in table.rows]
    assert back == [[v, "-120.5"] for v, _ in rows]


def test_a_users_own_apostrophe_before_ordinary_text_stays():
    assert text("'张三") == "'张三" and text("'=1") == "=1"


def test_the_error_report_writes_formula_like_values_as_text():
    from gonghui.core.tabular import ErrorReport, mask_cell

    report = ErrorReport()
    report.add(2, "姓名", mask_cell(EVIL), "=不是公式")
    with report.save() as out:
        sheet = load_workbook(out).active
    value, reason = sheet.cell(row=2, column=3), sheet.cell(row=2, column=4)
    assert value.value == mask_cell(EVIL) and value.data_type == "s" and value.quotePrefix
    assert reason.value == "=不是公式" and reason.data_type == "s"
