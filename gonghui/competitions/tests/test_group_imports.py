"""Excel imports of unit and team entries: found by name or code in the importer's subtree, the
page's refusals per row, all rows or none."""

from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.competitions.contests.group_imports import (
    CODE,
    CODE_INVALID,
    CODE_NAME_MISMATCH,
    DUPLICATE_TEAM,
    DUPLICATE_UNIT,
    ORG_AMBIGUOUS,
    ORG_UNKNOWN,
    TEAM_HEADERS,
    TEAM_UNKNOWN,
    UNIT_HEADERS,
    UNIT_NAME,
    UNIT_REQUIRED,
    import_team_entries,
    import_unit_entries,
    teams_template,
    units_template,
)
from gonghui.competitions.contests.services import entry_add_team, entry_add_unit
from gonghui.competitions.contests.services.entries import (
    DEADLINE_PASSED,
    OUTSIDE_HOST,
    TEAM_INACTIVE,
    TEAM_TWICE,
    TRADE_NOT_RUN,
    TRADE_REQUIRED,
    UNIT_TWICE,
)
from gonghui.competitions.models import Competition, Entry, EntryKind
from gonghui.competitions.tests.test_imports import xlsx
from gonghui.core.tabular import ErrorReport
from gonghui.members.teams.services import team_create, team_deactivate
from gonghui.orgs.models import Org

pytestmark = pytest.mark.django_db

USCC_A = "91620102MA74ABCD1X"
USCC_B = "91620102MA74EFGH2Y"


@pytest.fixture
def codes(tree):
    Org.objects.filter(pk=tree.base_a.pk).update(uscc=USCC_A)
    Org.objects.filter(pk=tree.base_b.pk).update(uscc=USCC_B)


def reasons(report: ErrorReport) -> list[tuple[int, str, str]]:
    return [(row, column, reason) for row, column, _, reason in report.first]


def test_units_by_name_credit_code_and_org_code(make_contest, staff, tree, codes):
    contest = make_contest()
    report = ErrorReport()
    summary = import_unit_entries(
        actor=staff.county_admin,
        contest=contest,
        upload=xlsx(
            UNIT_HEADERS,
            ["兰州甲公司工会", "", "焊工"],
            ["", USCC_B.lower(), ""],
            ["东岗西路街道工会", "", "电工"],
        ),
        report=report,
    )
    assert (summary.created, summary.failed, summary.rolled_back) == (3, 0, False), report.first
    entries = Entry.objects.filter(competition=contest, kind=EntryKind.UNIT).order_by("id")
    assert [(e.org_id, e.trade) for e in entries] == [
        (tree.base_a.pk, "焊工"),
        (tree.base_b.pk, ""),
        (tree.donggang.pk, "电工"),
    ]
    # The 9-character 组织机构代码 (characters 9–17 of the credit code) names a unit too.
    other = make_contest()
    summary = import_unit_entries(
        actor=staff.county_admin,
        contest=other,
        upload=xlsx(UNIT_HEADERS, ["兰州甲公司工会", USCC_A[8:17], "焊工"]),
        report=ErrorReport(),
    )
    assert summary.created == 1
    assert Entry.objects.get(competition=other).org_id == tree.base_a.pk


def test_one_bad_unit_row_imports_nothing_and_each_says_why(make_contest, staff, tree, codes):
    contest = make_contest(name="焊电赛")
    entry_add_unit(actor=staff.county_admin, contest=contest, unit=tree.base_b)
    report = ErrorReport()
    summary = import_unit_entries(
        actor=staff.county_admin,
        contest=contest,
        upload=xlsx(
            UNIT_HEADERS,
            ["兰州甲公司工会", "", "焊工"],  # 2: fine on its own
            ["兰州乙公司工会", "", ""],  # 3: entered before
            ["兰州丙公司工会", "", ""],  # 4: 七里河's, not the importer's
            ["兰州甲公司工会", "", ""],  # 5: the same unit as row 2
            ["东岗西路街道工会", "", "厨师"],  # 6: a trade the contest does not run
            ["", "12345", ""],  # 7: neither a credit code nor an org code
            ["兰州乙公司工会", USCC_A, ""],  # 8: the code names another unit
            ["", "", "焊工"],  # 9: nothing names the unit
        ),
        report=report,
    )
    assert (summary.failed, summary.rolled_back) == (7, True)
    assert list(Entry.objects.filter(competition=contest).values_list("org_id", flat=True)) == [
        tree.base_b.pk
    ]
    assert reasons(report) == [
        (3, UNIT_NAME, UNIT_TWICE.format(name="兰州乙公司工会")),
        (4, UNIT_NAME, ORG_UNKNOWN.format(value="兰州丙公司工会")),
        (5, UNIT_NAME, DUPLICATE_UNIT.format(other=2)),
        (6, "工种", TRADE_NOT_RUN.format(name="焊电赛", trade="厨师", trades="焊工、电工")),
        (7, CODE, CODE_INVALID.format(value="12345")),
        (8, UNIT_NAME, CODE_NAME_MISMATCH.format(name="兰州甲公司工会")),
        (9, UNIT_NAME, UNIT_REQUIRED),
    ]


def test_units_outside_the_host_and_after_the_deadline(make_contest, staff, tree):
    # A 城关 contest: 兰州's admin reaches 七里河's unit, but it is outside the host's subtree.
    contest = make_contest(actor=staff.county_admin, host=tree.chengguan)
    report = ErrorReport()
    import_unit_entries(
        actor=staff.city_admin,
        contest=contest,
        upload=xlsx(UNIT_HEADERS, ["兰州丙公司工会", "", "焊工"]),
        report=report,
    )
    assert reasons(report) == [
        (2, "", OUTSIDE_HOST.format(who="兰州丙公司工会", host="城关区总工会"))
    ]
    yesterday = timezone.localdate() - timedelta(days=1)
    Competition.objects.filter(pk=contest.pk).update(entry_deadline=yesterday)
    contest.refresh_from_db()
    report = ErrorReport()
    import_unit_entries(
        actor=staff.county_admin,
        contest=contest,
        upload=xlsx(UNIT_HEADERS, ["兰州甲公司工会", "", ""]),
        report=report,
    )
    assert reasons(report) == [
        (2, "", DEADLINE_PASSED.format(name=contest.name, deadline=yesterday))
    ]
    assert not Entry.objects.exists()


def test_a_name_shared_by_two_unions_asks_for_the_code(make_contest, staff, tree):
    twin = {"name": "兰州甲公司工会", "org_type": "base", "level": tree.base_a.level}
    Org.objects.add_child(tree.donggang, create_kwargs=twin)
    report = ErrorReport()
    import_unit_entries(
        actor=staff.county_admin,
        contest=make_contest(),
        upload=xlsx(UNIT_HEADERS, ["兰州甲公司工会", "", ""]),
        report=report,
    )
    assert reasons(report) == [(2, UNIT_NAME, ORG_AMBIGUOUS.format(value="兰州甲公司工会", n=2))]


def test_teams_by_union_and_name_with_the_page_refusals(make_contest, staff, tree, codes):
    contest = make_contest(name="焊电赛")
    repair = team_create(actor=staff.sysadmin, org=tree.base_a, name="检修一班")
    welding = team_create(actor=staff.sysadmin, org=tree.base_b, name="焊接班")
    closed = team_deactivate(
        actor=staff.sysadmin, team=team_create(actor=staff.sysadmin, org=tree.base_a, name="旧班")
    )
    team_create(actor=staff.sysadmin, org=tree.base_c, name="七里河班")
    entry_add_team(actor=staff.county_admin, contest=contest, team=welding, trade="电工")
    report = ErrorReport()
    rows = [
        ["兰州甲公司工会", "检修一班", "焊工"],  # 2: fine
        [USCC_B, "焊接班", "焊工"],  # 3: entered before
        ["兰州甲公司工会", "检修一班", "电工"],  # 4: the same team as row 2
        ["兰州甲公司工会", "二班", "焊工"],  # 5: no such team
        ["兰州丙公司工会", "七里河班", "焊工"],  # 6: 七里河's union
        ["兰州甲公司工会", "旧班", "焊工"],  # 7: deactivated
        ["兰州乙公司工会", "", "焊工"],  # 8: no team name
    ]
    summary = import_team_entries(
        actor=staff.county_admin, contest=contest, upload=xlsx(TEAM_HEADERS, *rows), report=report
    )
    assert (summary.failed, summary.rolled_back) == (6, True)
    assert reasons(report) == [
        (3, "班组名称", TEAM_TWICE.format(name="焊接班")),
        (4, "班组名称", DUPLICATE_TEAM.format(other=2)),
        (5, "班组名称", TEAM_UNKNOWN.format(union="兰州甲公司工会", name="二班")),
        (6, "所在工会", ORG_UNKNOWN.format(value="兰州丙公司工会")),
        (7, "班组名称", TEAM_INACTIVE.format(name=closed.name)),
        (8, "班组名称", "请填写「班组名称」。"),
    ]
    # A trade is required when the contest runs trades; the good rows alone go in.
    report = ErrorReport()
    summary = import_team_entries(
        actor=staff.county_admin,
        contest=contest,
        upload=xlsx(TEAM_HEADERS, ["兰州甲公司工会", "检修一班", ""]),
        report=report,
    )
    assert reasons(report) == [(2, "工种", TRADE_REQUIRED)]
    summary = import_team_entries(
        actor=staff.county_admin,
        contest=contest,
        upload=xlsx(TEAM_HEADERS, [USCC_A[8:17], "检修一班", "焊工"]),  # by its 组织机构代码
        report=ErrorReport(),
    )
    assert summary.created == 1
    assert Entry.objects.filter(competition=contest, team=repair, trade="焊工").exists()


def test_templates_have_the_columns_the_imports_read():
    for template, headers in ((units_template(), UNIT_HEADERS), (teams_template(), TEAM_HEADERS)):
        rows = list(load_workbook(template).active.values)
        assert list(rows[0]) == headers
        assert len(rows) == 2  # one example row
