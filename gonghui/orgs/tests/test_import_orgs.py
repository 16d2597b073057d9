"""Org import and export with real XLSX/CSV files: parents by name, both modes, round trip."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gonghui.accounts.models import User
from gonghui.audit.models import AuditLog
from gonghui.core.errors import Forbidden
from gonghui.core.tabular import ErrorReport
from gonghui.metrics.services import stats_differences, stats_rollup
from gonghui.orgs.imports import HEADER, PARENT_UNKNOWN, org_import
from gonghui.orgs.models import Org, OrgType
from gonghui.orgs.services import USCC_INVALID

HEAD = [
    "单位名称",
    "上级工会（企业）名称",
    "社会信用代码",
    "单位性质类别",
    "单位所属行业",
    "建会日期",
]


@pytest.fixture(autouse=True)
def rolled_up(tree):
    stats_rollup()


def valid_uscc() -> str:
    from stdnum.cn import uscc

    body = "91620102MA7123456"
    return body + uscc.calc_check_digit(body)


def xlsx(path, rows, header=HEAD):
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def run(actor, path, mode="all"):
    report = ErrorReport()
    summary = org_import(actor=actor, file=str(path), filename=path.name, mode=mode, report=report)
    lines = list(load_workbook(report.save()).active.iter_rows(values_only=True))
    return summary, lines[1:]


def rows():
    return [
        ["兰州丁公司工会", "东岗西路街道工会", valid_uscc(), "私营企业", "制造业", "2015.3.1"],
        ["兰州丁公司第一分会", "兰州丁公司工会", "", "170", "C", "2016年5月1日"],
    ]


def test_orgs_are_created_under_parents_in_scope_or_earlier_in_the_file(staff, tree, tmp_path):
    summary, errors = run(staff.county_admin, xlsx(tmp_path / "o.xlsx", rows()))
    assert (summary.read, summary.created, summary.failed) == (2, 2, 0), errors
    company = Org.objects.get(name="兰州丁公司工会")
    assert Org.objects.get_parent(company) == tree.donggang
    assert (company.uscc, company.unit_nature, company.industry) == (valid_uscc(), "170", "C")
    assert company.founded_on == date(2015, 3, 1)
    assert company.org_type == OrgType.BASE
    assert company.division_code == tree.donggang.division_code
    branch = Org.objects.get(name="兰州丁公司第一分会")
    assert Org.objects.get_parent(branch) == company
    assert branch.founded_on == date(2016, 5, 1)
    assert AuditLog.objects.filter(action="org.import").count() == 1
    assert stats_differences() == []

    again, _ = run(staff.county_admin, xlsx(tmp_path / "o.xlsx", rows()))
    assert (again.created, again.skipped) == (0, 2)
    assert Org.objects.filter(name="兰州丁公司工会").count() == 1


def test_mode_all_rolls_back_and_mode_valid_keeps_good_rows(staff, tmp_path):
    bad = rows() + [["坏单位工会", "东岗西路街道工会", "91620102MA71234560", "", "", ""]]
    before = Org.objects.count()
    summary, errors = run(staff.county_admin, xlsx(tmp_path / "o.xlsx", bad))
    assert summary.rolled_back and summary.failed == 1
    assert Org.objects.count() == before
    assert errors == [(4, "社会信用代码", "916*************60", USCC_INVALID)]

    summary, _ = run(staff.county_admin, xlsx(tmp_path / "o.xlsx", bad), mode="valid")
    assert (summary.created, summary.failed) == (2, 1)
    assert Org.objects.count() == before + 2
    assert stats_differences() == []


def test_parent_outside_the_subtree_is_unknown_with_suggestions(staff, tmp_path):
    path = xlsx(
        tmp_path / "o.xlsx",
        [["甲", "西园街道工会", "", "", "", ""], ["乙", "东岗西路街道", "", "", "", ""]],
    )
    summary, errors = run(staff.county_admin, path)
    assert summary.failed == 2
    assert errors[0][3].startswith(PARENT_UNKNOWN.format(value="西园街道工会"))  # 七里河
    assert "东岗西路街道工会" in errors[1][3]


def test_code_lists_and_dates_are_checked(staff, tmp_path):
    path = xlsx(tmp_path / "o.xlsx", [["甲", "东岗西路街道工会", "", "外星企业", "", "2015-13-01"]])
    summary, errors = run(staff.county_admin, path)
    assert summary.failed == 1
    assert errors[0][1] == "单位性质类别"


def test_import_needs_the_manage_permission(staff, tmp_path):
    with pytest.raises(Forbidden):
        run(staff.county_staff, xlsx(tmp_path / "o.xlsx", rows()))


def test_export_then_import_into_an_empty_subtree_gives_the_same_orgs(
    client, staff, tree, tmp_path
):
    run(staff.county_admin, xlsx(tmp_path / "o.xlsx", rows()))
    fields = ["name", "org_type", "level", "division_code", "uscc", "industry", "unit_nature"]
    fields += ["address", "chair_name", "founded_on", "workers_count", "short_name", "depth"]
    scope = Org.objects.filter(path__startswith=tree.chengguan.path)
    before = sorted(scope.values_list(*fields))
    client.force_login(staff.county_admin)
    for fmt in ("xlsx", "csv"):
        response = client.get(reverse("orgs:export"), {"format": fmt})
        assert response.status_code == 200
        path = tmp_path / f"orgs.{fmt}"
        path.write_bytes(b"".join(response.streaming_content))
        if fmt == "xlsx":
            header = [c.value for c in load_workbook(path).active[1]]
            assert header == HEADER
        # Empty the subtree below the county (deepest first), then import the file back.
        User.objects.filter(org__in=scope).update(org=tree.chengguan)
        for org in sorted(scope.exclude(pk=tree.chengguan.pk), key=lambda o: -o.depth):
            org.delete()
        stats_rollup()
        summary, errors = run(staff.county_admin, path)
        assert summary.failed == 0, errors
        assert sorted(scope.values_list(*fields)) == before, fmt
    assert AuditLog.objects.filter(action="org.export").count() == 2


def test_import_orgs_command(staff, tmp_path):
    from django.core.management import call_command

    path = xlsx(tmp_path / "o.xlsx", rows() + [["坏", "没有的工会", "", "", "", ""]])
    out = io.StringIO()
    call_command("import_orgs", str(path), "--mode", "valid", "--user", "cg_admin", stdout=out)
    assert "新增 2" in out.getvalue() and "错误 1" in out.getvalue()
    assert load_workbook(tmp_path / "o.xlsx.errors.xlsx").active.max_row == 2
