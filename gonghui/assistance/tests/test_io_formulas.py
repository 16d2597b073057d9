"""Formula injection in the archive export: formula-like names and free text are written as
text, and the full export imports back into the same archive."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from gonghui.assistance.imports import HEADER, archive_import
from gonghui.assistance.models import Archive
from gonghui.metrics.services import stats_rollup

EVIL = '=HYPERLINK("http://evil","x")'
TEXTS = {"criterion": "=低于低保标准", "industry": "-制造业"}


def test_the_export_writes_formula_like_text_as_text_and_imports_back(
    client, tree, staff, make_member, make_archive
):
    member = make_member(tree.base_a, name=EVIL)
    make_archive(member, **TEXTS)
    client.force_login(staff.county_admin_pii)
    response = client.get(reverse("assistance:io_export") + "?full=1")
    data = b"".join(response.streaming_content)
    sheet = load_workbook(BytesIO(data)).worksheets[0]
    for column, value in (("姓名", EVIL), ("建档标准", TEXTS["criterion"])):
        cell = sheet.cell(row=2, column=HEADER.index(column) + 1)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (value, "s", True)
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    amounts = {c: sheet.cell(row=2, column=HEADER.index(c) + 1).value for c in ("月收入",)}

    before = Archive.objects.values("criterion", "industry", "monthly_income").get()
    Archive.objects.all().delete()
    stats_rollup()  # the raw delete above skipped the roll-up hooks
    summary = archive_import(actor=staff.county_admin_pii, file=BytesIO(data), filename="x.xlsx")
    assert summary.created == 1
    archive = Archive.objects.get()
    assert archive.member == member and archive.member.name == EVIL
    assert Archive.objects.values("criterion", "industry", "monthly_income").get() == before
    assert isinstance(amounts["月收入"], int | float)  # amounts stay numbers
