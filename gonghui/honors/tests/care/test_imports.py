from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gonghui.conftest import id_with_check
from gonghui.core.errors import ApplicationError
from gonghui.core.tabular import ErrorReport
from gonghui.honors.care.imports import (
    HEADER_MISSING,
    HEADERS,
    ORG_UNKNOWN,
    TYPE_UNKNOWN,
    YEAR_INVALID,
    honoree_import,
    template_xlsx,
)
from gonghui.honors.models import Honor, Honoree
from gonghui.honors.models.honorees import HonorSource

ZHANG = id_with_check("62010219680512342")
LI = id_with_check("62010219550307001")


def xlsx(rows, headers=HEADERS) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    return SimpleUploadedFile("h.xlsx", out.getvalue())


def row(
    name="张秀兰", id_number=ZHANG, org="城关区总工会", title="甘肃省劳动模范", year=2015, **kw
):
    values = dict(
        gender="女", employer="环卫局", decision="甘政发〔2015〕40号", cert="", alive="是"
    )
    values.update(kw)
    return [
        name,
        id_number,
        values["gender"],
        org,
        values["employer"],
        title,
        year,
        values["decision"],
        values["cert"],
        values["alive"],
    ]


def run(actor, upload):
    report = ErrorReport()
    return honoree_import(actor=actor, upload=upload, report=report), report


def test_import_creates_honorees_and_imported_honors_once(staff, tree, types, make_member):
    member = make_member(tree.base_a, id_number=LI, name="李建国")
    upload = xlsx(
        [
            row(cert="GS2015-0001"),
            row(title="全国劳动模范和先进工作者", year=2020),
            row(name="李建国", id_number=LI, org="620102000000", alive="否"),
        ]
    )
    result, report = run(staff.county_admin, upload)
    assert report.count == 0 and not result.rolled_back
    assert (result.created, result.updated, result.skipped) == (2, 1, 0)
    zhang = Honoree.objects.get(name="张秀兰")
    assert zhang.honors.count() == 2
    assert set(zhang.honors.values_list("source", flat=True)) == {HonorSource.IMPORTED}
    li = Honoree.objects.get(name="李建国")
    assert li.member_id == member.pk and not li.alive
    # The same file again adds nothing.
    upload.seek(0)
    again, _ = run(staff.county_admin, upload)
    assert (again.created, again.updated, again.skipped) == (0, 0, 3)
    assert Honor.objects.count() == 3


def test_bad_rows_are_reported_and_nothing_is_written(staff, tree, types):
    upload = xlsx(
        [
            row(),
            row(name="王五", id_number=id_with_check("62050219550307001"), org="秦州区总工会"),
            row(name="赵六", id_number=id_with_check("62010219700101001"), title="劳动英雄"),
            row(name="钱七", id_number=id_with_check("62010219700101002"), year="二〇一五"),
            row(name="孙八", id_number="620102197001010000"),
        ]
    )
    result, report = run(staff.county_admin, upload)
    assert result.rolled_back and result.failed == 4
    reasons = {r[0]: (r[1], r[3]) for r in report.first}
    assert reasons[3] == ("所属工会", ORG_UNKNOWN.format(value="秦州区总工会"))
    assert reasons[4] == ("荣誉称号", TYPE_UNKNOWN.format(value="劳动英雄"))
    assert reasons[5] == ("年度", YEAR_INVALID.format(value="二〇一五"))
    assert reasons[6][0] == "身份证号"
    assert not Honoree.objects.exists() and not Honor.objects.exists()


def test_missing_header_refuses_the_file(staff, tree, types):
    with pytest.raises(ApplicationError) as err:
        run(staff.county_admin, xlsx([row()[:5]], headers=HEADERS[:5]))
    assert err.value.message == HEADER_MISSING.format(names="荣誉称号」「年度")


def test_the_template_imports_as_is(staff, tree, types):
    upload = SimpleUploadedFile("t.xlsx", template_xlsx().getvalue())
    result, report = run(staff.county_admin, upload)
    assert report.count == 0 and result.created == 1


def test_import_page_and_template(staff):
    from gonghui.conftest import login

    client = login(staff.county_admin)
    assert client.get("/honors/honorees/import/").status_code == 200
    assert client.get("/honors/honorees/import/template/").status_code == 200
    assert login(staff.county_auditor).get("/honors/honorees/import/").status_code == 403
