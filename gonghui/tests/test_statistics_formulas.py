"""Statistics downloads (dashboard tables, hotline statistics) write a name that looks like a
formula as text."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from gonghui.orgs.models import Org

EVIL = '=HYPERLINK("http://evil","x")'


def test_an_org_name_like_a_formula_is_written_as_text(client, staff, tree):
    Org.objects.filter(pk=tree.chengguan.pk).update(name=EVIL)
    client.force_login(staff.city_admin)
    response = client.get(reverse("stats:export", args=[tree.lanzhou.pk, "children"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["下级工会分布"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == EVIL]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_the_hotline_statistics_write_the_org_name_as_text(client, staff, tree):
    Org.objects.filter(pk=tree.province.pk).update(name="@省总工会")
    client.force_login(staff.sysadmin)
    response = client.get(
        reverse("hotline_stats:export"),
        {"org": tree.province.pk, "start": "2026-03-01", "end": "2026-03-31"},
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["概览"]
    cell = sheet.cell(row=1, column=2)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("@省总工会（含下级）", "s", True)
