from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from gonghui.audit.models import AuditLog
from gonghui.sites.geo import haversine_m, wgs84_to_gcj02
from gonghui.sites.imports import (
    EXAMPLE,
    FILE_INVALID,
    HEADER_MISSING,
    HEADERS,
    ROWS_INVALID,
    ImportRejected,
    site_import,
    template_xlsx,
)
from gonghui.sites.models import Facility, Site


def xlsx(rows, headers=HEADERS) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def row(**changes):
    values = dict(zip(HEADERS, EXAMPLE, strict=True))
    values.update(changes)
    return [values[h] for h in HEADERS]


def test_template_has_chinese_headers_and_a_valid_example(staff, tree):
    wb = load_workbook(template_xlsx())
    assert [c.value for c in wb.active[1]] == HEADERS
    # The example row imports as it is (城关区总工会 is in the test tree).
    result = site_import(actor=staff.county_admin, upload=template_xlsx())
    assert result.created == 1
    site = Site.objects.get()
    assert site.org == tree.chengguan and site.county == tree.chengguan
    assert site.facilities == (
        Facility.WATER | Facility.MEAL | Facility.CHARGING | Facility.TOILET | Facility.REST
    )
    assert site.hours["6"] == [["09:00", "18:00"]]


def test_reimport_updates_instead_of_duplicating(staff):
    rows = [row(名称="甲驿站"), row(名称="乙驿站", 地址="旧地址")]
    first = site_import(actor=staff.county_admin, upload=xlsx(rows))
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    again = site_import(actor=staff.county_admin, upload=xlsx(rows))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    rows[1] = row(名称="乙驿站", 地址="新地址")
    third = site_import(actor=staff.county_admin, upload=xlsx(rows))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    assert Site.objects.count() == 2
    assert Site.objects.get(name="乙驿站").address == "新地址"


def test_any_bad_row_imports_nothing_and_names_each_row(staff):
    rows = [
        row(名称="好的一行"),
        row(名称="", 类型="火车站"),
        row(名称="坐标错", 纬度="abc"),
        row(名称="时间错", 开放时间="早八晚六"),
        row(名称="越权", 所属工会="七里河区总工会"),
        row(名称="县错", 所在县区="火星区"),
        row(名称="好的一行"),
    ]
    with pytest.raises(ImportRejected) as exc:
        site_import(actor=staff.county_admin, upload=xlsx(rows))
    errors = exc.value.errors
    assert exc.value.message == ROWS_INVALID.format(n=6)
    assert errors[0] == "第3行：请填写「名称」。"
    assert errors[1].startswith("第4行：坐标不正确")
    assert errors[2].startswith("第5行：开放时间「早八晚六」无法识别")
    assert errors[3] == "第6行：所属工会「七里河区总工会」不在您管理的范围内或名称不正确。"
    assert errors[4].startswith("第7行：所在县区「火星区」")
    assert errors[5] == "第8行：与第2行的所属工会和名称相同。"
    assert not Site.objects.exists()
    assert not AuditLog.objects.filter(action="site.create").exists()


def test_gcj02_column_is_converted(staff):
    glat, glng = wgs84_to_gcj02(36.0561, 103.8512)
    site_import(
        actor=staff.county_admin,
        upload=xlsx([row(名称="高德坐标", 纬度=glat, 经度=glng, 坐标系="GCJ-02")]),
    )
    site = Site.objects.get()
    assert haversine_m(site.lat, site.lng, 36.0561, 103.8512) < 0.05


def test_page_option_applies_when_column_empty(staff):
    glat, glng = wgs84_to_gcj02(36.0561, 103.8512)
    site_import(
        actor=staff.county_admin,
        upload=xlsx([row(名称="留空", 纬度=glat, 经度=glng, 坐标系="")]),
        crs="GCJ-02",
    )
    site = Site.objects.get()
    assert haversine_m(site.lat, site.lng, 36.0561, 103.8512) < 0.05


def test_not_an_excel_file(staff):
    with pytest.raises(ImportRejected) as exc:
        site_import(actor=staff.county_admin, upload=BytesIO(b"name,type\n1,2\n"))
    assert exc.value.message == FILE_INVALID


def test_missing_required_column(staff):
    headers = [h for h in HEADERS if h != "纬度"]
    with pytest.raises(ImportRejected) as exc:
        site_import(actor=staff.county_admin, upload=xlsx([], headers=headers))
    assert exc.value.message == HEADER_MISSING.format(names="纬度")
