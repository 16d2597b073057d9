"""Import of teams with their members from Excel (a job of the import framework): one row per
member, all rows or none, with row-level refusals in the error report."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gonghui.audit.models import AuditLog
from gonghui.conftest import VALID_IDS
from gonghui.core.tabular import ErrorReport
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.members.models import Team, TeamKind, TeamMember
from gonghui.members.services import member_leave
from gonghui.members.teams.imports import (
    HEADERS,
    KIND_DIFFERS,
    KIND_UNKNOWN,
    MEMBER_NOT_FOUND,
    MEMBER_TWICE,
    ORG_UNKNOWN,
    ROWS_INVALID,
    team_import,
    template_xlsx,
)
from gonghui.members.teams.services import DUPLICATE_NAME, team_create

pytestmark = pytest.mark.django_db


def xlsx(rows, headers=HEADERS, name="teams.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def run(actor, rows):
    report = ErrorReport()
    upload = xlsx(rows)
    return team_import(actor=actor, upload=upload, filename=upload.name, report=report), report


@pytest.fixture
def people(make_member, tree):
    return {
        "wang": make_member(tree.base_a, id_number=VALID_IDS[0], name="王焊工"),
        "li": make_member(tree.base_a, id_number=VALID_IDS[1], name="李电工"),
        "zhao": make_member(tree.base_b, id_number=VALID_IDS[2], name="赵工"),
        "tian": make_member(tree.base_d, id_number=VALID_IDS[3], name="天水职工"),
    }


def test_one_row_per_member_makes_the_teams(staff, tree, people):
    result, report = run(
        staff.county_admin,
        [
            ["兰州甲公司工会", "焊接一班", "班组", VALID_IDS[0], "班组长"],
            ["兰州甲公司工会", "焊接一班", "班组", VALID_IDS[1], "焊工"],
            ["兰州乙公司工会", "东岗项目部", "项目部", "", ""],
        ],
    )
    assert report.count == 0 and not result.rolled_back
    assert (result.created, result.updated, result.failed) == (2, 1, 0)
    team = Team.objects.get(name="焊接一班")
    assert team.org == tree.base_a and team.kind == TeamKind.TEAM and team.headcount == 2
    roles = dict(TeamMember.objects.filter(team=team).values_list("member__name", "role"))
    assert roles == {"王焊工": "班组长", "李电工": "焊工"}
    empty = Team.objects.get(name="东岗项目部")
    assert empty.kind == TeamKind.PROJECT and empty.headcount == 0
    assert AuditLog.objects.filter(action="team.create").count() == 2
    assert AuditLog.objects.filter(action="team.member_add").count() == 2


def test_refusals_are_row_errors_and_nothing_is_written(staff, tree, people):
    team_create(actor=staff.sysadmin, org=tree.base_a, name="已有班组")
    member_leave(actor=staff.sysadmin, member=people["li"])
    result, report = run(
        staff.county_admin,
        [
            ["兰州甲公司工会", "焊接一班", "班组", VALID_IDS[0], ""],  # 2: fine alone
            ["天水丁公司工会", "天水班", "班组", VALID_IDS[3], ""],  # 3: outside the scope
            ["兰州甲公司工会", "已有班组", "班组", "", ""],  # 4: name taken in that union
            ["兰州甲公司工会", "焊接一班", "班组", VALID_IDS[2], ""],  # 5: 赵 is of 乙
            ["兰州甲公司工会", "焊接一班", "班组", VALID_IDS[1], ""],  # 6: 李 left
            ["兰州甲公司工会", "焊接一班", "车间", "", ""],  # 7: another kind
            ["兰州甲公司工会", "焊接一班", "班组", VALID_IDS[0], ""],  # 8: 王 twice
            ["兰州甲公司工会", "新班组", "小组", "", ""],  # 9: no such kind
        ],
    )
    assert result.rolled_back and result.failed == 7 and result.created == 0
    errors = {row: (column, value, reason) for row, column, value, reason in report.first}
    assert errors[3] == ("所属工会", "天水丁公司工会", ORG_UNKNOWN.format(value="天水丁公司工会"))
    assert errors[4][2] == DUPLICATE_NAME.format(org="兰州甲公司工会", name="已有班组")
    assert errors[5][:2] == ("成员身份证号", VALID_IDS[2][:3] + "*" * 13 + VALID_IDS[2][-2:])
    assert errors[5][2] == MEMBER_NOT_FOUND.format(org="兰州甲公司工会")
    assert errors[6][2] == MEMBER_NOT_FOUND.format(org="兰州甲公司工会")
    assert errors[7][2] == KIND_DIFFERS.format(other=2)
    assert errors[8][2] == MEMBER_TWICE.format(other=2)
    assert errors[9][2] == KIND_UNKNOWN.format(value="小组")
    # No ID number in any message.
    assert not any(number in reason for *_, reason in report.first for number in VALID_IDS)
    assert list(Team.objects.values_list("name", flat=True)) == ["已有班组"]
    assert not TeamMember.objects.exists()


def test_the_page_runs_the_job_and_offers_the_template(
    client, staff, tree, people, django_capture_on_commit_callbacks
):
    client.force_login(staff.county_admin)
    listing = client.get(reverse("members:teams")).content.decode()
    assert reverse("members:teams_import") in listing and "从 Excel 导入" in listing
    page = client.get(reverse("members:teams_import"))
    assert page.status_code == 200 and "下载模板" in page.content.decode()
    template = client.get(reverse("members:teams_import_template"))
    sheet = load_workbook(io.BytesIO(b"".join(template.streaming_content))).active
    assert [c.value for c in sheet[1]] == HEADERS
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("members:teams_import"),
            {"file": xlsx([["兰州甲公司工会", "焊接一班", "班组", VALID_IDS[0], ""]])},
        )
    job = ImportJob.objects.get()
    assert done["Location"] == reverse("imports:job", args=[job.pk])
    assert job.status == ImportStatus.DONE and (job.created, job.failed) == (1, 0)
    assert Team.objects.get().headcount == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("members:teams_import"),
            {"file": xlsx([["兰州甲公司工会", "焊接一班", "班组", VALID_IDS[1], ""]])},
        )
    failed = ImportJob.objects.order_by("-pk").first()
    assert failed.failed == 1 and ROWS_INVALID.format(n=1) in (failed.message or "")
    assert Team.objects.count() == 1
    # An auditor may not import.
    client.force_login(staff.county_auditor)
    assert client.get(reverse("members:teams_import")).status_code == 403


def test_the_template_is_importable(staff, tree, people):
    """The template's example rows (ids of 王 and 李 of 甲) go in as they are."""
    template = template_xlsx()
    result, report = (
        team_import(
            actor=staff.county_admin,
            upload=SimpleUploadedFile("t.xlsx", template.getvalue()),
            filename="t.xlsx",
            report=(errors := ErrorReport()),
        ),
        errors,
    )
    assert report.count == 0 and (result.created, result.updated) == (2, 1)
    assert set(Team.objects.values_list("name", "headcount")) == {
        ("焊接一班", 2),
        ("东岗项目部", 0),
    }
