"""Excel imports of entries and results: all rows or none, each bad row with its reason."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gonghui.competitions.contests.imports import (
    ENTRY_HEADERS,
    MEMBER_UNKNOWN,
    NAME_MISMATCH,
    RESULT_HEADERS,
    import_entries,
    import_results,
)
from gonghui.competitions.contests.services import entry_add_member
from gonghui.competitions.contests.services.entries import TRADE_NOT_RUN
from gonghui.competitions.models import ContestStatus, Entry
from gonghui.competitions.tests.conftest import advance
from gonghui.conftest import VALID_IDS
from gonghui.core.tabular import ErrorReport

pytestmark = pytest.mark.django_db


def xlsx(headers, *rows) -> SimpleUploadedFile:
    wb = Workbook()
    wb.active.append(headers)
    for row in rows:
        wb.active.append(list(row))
    out = BytesIO()
    wb.save(out)
    return SimpleUploadedFile("f.xlsx", out.getvalue())


def test_entries_by_excel(make_contest, make_member, staff, tree):
    contest = make_contest()
    make_member(tree.base_a, name="甲", id_number=VALID_IDS[0])
    make_member(tree.base_b, name="乙", id_number=VALID_IDS[1])
    report = ErrorReport()
    summary = import_entries(
        actor=staff.county_admin,
        contest=contest,
        upload=xlsx(ENTRY_HEADERS, ["甲", VALID_IDS[0], "焊工"], ["乙", VALID_IDS[1], "电工"]),
        report=report,
    )
    assert (summary.created, summary.failed, summary.rolled_back) == (2, 0, False)
    assert Entry.objects.filter(competition=contest).count() == 2


def test_one_bad_row_imports_nothing_and_says_why(make_contest, make_member, staff, tree):
    contest = make_contest(name="焊电赛")
    make_member(tree.base_a, name="甲", id_number=VALID_IDS[0])
    make_member(tree.base_b, name="乙", id_number=VALID_IDS[1])
    make_member(tree.base_c, name="丙", id_number=VALID_IDS[2])  # 七里河: not 城关's
    report = ErrorReport()
    summary = import_entries(
        actor=staff.county_admin,
        contest=contest,
        upload=xlsx(
            ENTRY_HEADERS,
            ["甲", VALID_IDS[0], "焊工"],
            ["乙", VALID_IDS[1], "厨师"],
            ["丙", VALID_IDS[2], "焊工"],
            ["错名", VALID_IDS[0], "焊工"],
        ),
        report=report,
    )
    assert (summary.failed, summary.rolled_back) == (3, True)
    assert not Entry.objects.exists()
    assert [(row, reason) for row, _, _, reason in report.first] == [
        (3, TRADE_NOT_RUN.format(name="焊电赛", trade="厨师", trades="焊工、电工")),
        (4, MEMBER_UNKNOWN),
        (5, NAME_MISMATCH.format(name="甲")),
    ]


def test_results_by_excel(make_contest, make_member, staff, tree):
    contest = make_contest()
    member = make_member(tree.base_a, name="甲", id_number=VALID_IDS[0], tech_level="4")
    entry_add_member(actor=staff.county_admin, contest=contest, member=member, trade="焊工")
    advance(contest, ContestStatus.JUDGING, actor=staff.sysadmin)
    report = ErrorReport()
    summary = import_results(
        actor=staff.sysadmin,
        contest=contest,
        upload=xlsx(
            RESULT_HEADERS,
            ["甲", VALID_IDS[0], 97.5, 1, "一等奖", "技术状元", "职业资格三级（高级）"],
        ),
        report=report,
    )
    assert (summary.created, summary.failed) == (1, 0), report.first
    entry = Entry.objects.get()
    member.refresh_from_db()
    assert (entry.rank, entry.prize, entry.title, member.tech_level) == (1, "1", "top", "3")
