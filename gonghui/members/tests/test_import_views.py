"""The workbench import (upload → background job → progress → report), the command, and the
export → import round trip."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gonghui.audit.models import AuditLog
from gonghui.conftest import VALID_IDS
from gonghui.imports.jobs import (
    CANCELLED,
    CANCELLED_NOTHING,
    ROLLED_BACK,
    import_job_run,
)
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.members.codes import Category, MemberStatus
from gonghui.members.exports import HEADER
from gonghui.members.import_kinds import MEMBERS
from gonghui.members.models import Member, MembershipEvent
from gonghui.members.services import member_retain
from gonghui.stats.services import stats_differences, stats_rollup

HEAD = ["姓名", "证件号码", "移动电话", "所属企业/工会", "入会日期"]


@pytest.fixture(autouse=True)
def rolled_up(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    stats_rollup()


def xlsx_upload(rows, header=HEAD, name="会员.xlsx"):
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def mixed_rows():
    return [
        ["王芳", VALID_IDS[1], "13912345678", "兰州甲公司工会", "2021-03-01"],
        ["坏号", "620102196812150023", "13912345677", "兰州甲公司工会", "2021-03-01"],
        ["李强", VALID_IDS[0], "13912345679", "兰州乙公司工会", "2020-05-01"],
        ["无名", VALID_IDS[3], "13912345670", "不存在的公司工会", ""],
    ]


def upload(client, django_capture_on_commit_callbacks, rows, mode="valid", **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("members:import"), {"file": xlsx_upload(rows), "mode": mode, **extra}
        )


def test_upload_page_needs_the_add_permission(client, staff):
    client.force_login(staff.county_auditor)
    assert client.get(reverse("members:import")).status_code == 403
    client.force_login(staff.county_admin)
    page = client.get(reverse("members:import"))
    assert page.status_code == 200
    assert "导入会员" in page.content.decode()


def test_upload_in_valid_mode_runs_the_job_and_reports_bad_rows(
    client, staff, tree, django_capture_on_commit_callbacks
):
    client.force_login(staff.county_admin)
    response = upload(client, django_capture_on_commit_callbacks, mixed_rows())
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    assert job.status == ImportStatus.DONE
    assert (job.read, job.created, job.failed, job.percent) == (4, 2, 2, 100)
    assert set(Member.objects.values_list("name", flat=True)) == {"王芳", "李强"}

    progress = client.get(reverse("imports:job_progress", args=[job.pk]))
    html = progress.content.decode()
    assert 'value="100"' in html and "hx-trigger" not in html  # finished: polling stops
    report = client.get(reverse("imports:job_report", args=[job.pk]))
    assert report.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(report.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [(r[0], r[1]) for r in rows[1:]] == [(3, "证件号码"), (5, "所属企业/工会")]
    assert "620102196812150023" not in str(rows)  # masked
    assert stats_differences() == []


def test_upload_in_all_mode_writes_nothing_when_a_row_fails(
    client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff.county_admin)
    upload(client, django_capture_on_commit_callbacks, mixed_rows(), mode="all")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert job.message == ROLLED_BACK.format(n=2)
    assert (job.created, job.failed) == (0, 2)
    assert Member.objects.count() == 0
    assert job.error_report


def test_gbk_csv_upload_runs_through_the_job(client, staff, django_capture_on_commit_callbacks):
    lines = ["姓名,证件号码,移动电话,所属企业/工会"]
    lines += [",".join(row[:4]) for row in mixed_rows()]
    data = ("\r\n".join(lines) + "\r\n").encode("gb18030")
    client.force_login(staff.county_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("members:import"),
            {"file": SimpleUploadedFile("会员.csv", data), "mode": "valid"},
        )
    job = ImportJob.objects.get()
    assert (job.status, job.created, job.failed, job.total) == (ImportStatus.DONE, 2, 2, 4)


def test_running_page_polls_every_second(client, staff):
    client.force_login(staff.county_admin)
    job = ImportJob.objects.create(
        created_by=staff.county_admin,
        kind=MEMBERS,
        mode="valid",
        filename="a.xlsx",
        file="imports/a.xlsx",
    )
    html = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert "取消导入" in html


def test_a_job_is_only_its_uploaders(client, staff, django_capture_on_commit_callbacks):
    client.force_login(staff.county_admin)
    upload(client, django_capture_on_commit_callbacks, mixed_rows())
    job = ImportJob.objects.get()
    client.force_login(staff.city_admin)
    for name in ("job", "job_progress", "job_report"):
        assert client.get(reverse(f"imports:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:job_cancel", args=[job.pk])).status_code == 404


def test_default_union_outside_the_subtree_is_not_offered(
    client, staff, tree, django_capture_on_commit_callbacks
):
    client.force_login(staff.county_admin)
    response = upload(
        client, django_capture_on_commit_callbacks, mixed_rows(), org=str(tree.base_c.pk)
    )
    assert response.status_code == 400
    assert ImportJob.objects.count() == 0


def test_cancel_before_the_job_starts_writes_nothing(client, staff):
    client.force_login(staff.county_admin)
    job = ImportJob.objects.create(
        created_by=staff.county_admin,
        kind=MEMBERS,
        mode="all",
        filename="会员.xlsx",
        file=SimpleUploadedFile("会员.xlsx", xlsx_upload(mixed_rows()[:1]).read()),
    )
    response = client.post(reverse("imports:job_cancel", args=[job.pk]))
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="member.import_cancel").exists()
    job = import_job_run(job_id=job.pk)
    assert job.status == ImportStatus.CANCELLED
    assert job.message == CANCELLED.format(kept=CANCELLED_NOTHING)
    assert Member.objects.count() == 0


def test_template_has_the_federation_header(client, staff):
    client.force_login(staff.county_admin)
    response = client.get(reverse("members:import_template"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [c.value for c in book["会员"][1]] == HEADER
    assert book["会员"]["H2"].number_format == "@"  # 证件号码 as text
    assert "填写说明" in book.sheetnames


def test_command_prints_progress_and_summary_and_writes_the_report(staff, tree, tmp_path):
    path = tmp_path / "会员.xlsx"
    path.write_bytes(xlsx_upload(mixed_rows()).read())
    out = io.StringIO()
    call_command(
        "import_members",
        str(path),
        "--mode",
        "valid",
        "--user",
        "cg_admin",
        "--chunk",
        "2",
        stdout=out,
    )
    text = out.getvalue()
    assert "已读 4/4 行：新增 2" in text
    assert "读取 4 行，新增 2，更新 0，未变跳过 0，错误 2" in text
    report = load_workbook(tmp_path / "会员.xlsx.errors.xlsx").active
    assert report.max_row == 3
    assert Member.objects.count() == 2


def test_command_with_a_default_union_by_name_and_mode_all(staff, tree, tmp_path):
    path = tmp_path / "m.xlsx"
    path.write_bytes(xlsx_upload([["王芳", VALID_IDS[1], "13912345678"]], header=HEAD[:3]).read())
    call_command("import_members", str(path), "--org", "兰州乙公司工会", "--user", "cg_admin")
    assert Member.objects.get().org == tree.base_b
    with pytest.raises(CommandError):
        call_command("import_members", str(path), "--org", "没有这个工会", "--user", "cg_admin")


def test_full_export_imports_back_into_an_empty_registry(
    client, staff, tree, make_member, tmp_path
):
    """Round trip: a full (PII) export, the members deleted, the file imported: same records."""
    make_member(
        tree.base_a,
        name="王小红",
        id_number=VALID_IDS[1],
        phone="13987654321",
        category=Category.NF_COURIER,
        education="20",
        political_status="01",
        ethnicity="03",
        employment_status="1",
        household_type="2",
        tech_level="3",
        job="快递员",
        employee_no="E001",
        title="助理工程师",
        work_start_year=2010,
        email="wxh@example.com",
        native_place="甘肃兰州",
        employer="兰州甲公司",
        member_type="2",
        joined_on=date(2019, 4, 1),
    )
    retained = make_member(tree.base_b, name="李强", id_number=VALID_IDS[0])
    member_retain(actor=staff.sysadmin, member=retained, on=date(2024, 1, 2), note="退休")
    fields = [
        f.name
        for f in Member._meta.concrete_fields
        if f.name
        not in ("id", "id_number_enc", "phone_enc", "card_number", "created_at", "updated_at")
    ]
    before = sorted(Member.objects.values_list(*fields))
    client.force_login(staff.county_admin_pii)
    for fmt in ("xlsx", "csv"):
        response = client.get(reverse("members:export"), {"full": "1", "format": fmt})
        path = tmp_path / f"export.{fmt}"
        path.write_bytes(b"".join(response.streaming_content))
        MembershipEvent.objects.all().delete()
        Member.objects.all().delete()
        stats_rollup()  # the raw deletes above skipped the roll-up hooks
        call_command("import_members", str(path), "--user", "cg_admin_pii", stdout=io.StringIO())
        assert sorted(Member.objects.values_list(*fields)) == before, fmt
    assert Member.objects.get(name="李强").status == MemberStatus.RETAINED


def test_masked_export_cannot_be_imported_back(client, staff, tree, make_member, tmp_path):
    make_member(tree.base_a, name="王小红", id_number=VALID_IDS[1])
    client.force_login(staff.county_admin)
    response = client.get(reverse("members:export"), {"format": "csv"})
    path = tmp_path / "masked.csv"
    path.write_bytes(b"".join(response.streaming_content))
    Member.objects.all().delete()
    stats_rollup()  # the raw delete above skipped the roll-up hooks
    out = io.StringIO()
    call_command("import_members", str(path), "--mode", "valid", "--user", "cg_admin", stdout=out)
    assert "错误 1" in out.getvalue()
    assert Member.objects.count() == 0
