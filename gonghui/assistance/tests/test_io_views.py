from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.assistance.codes import ArchiveStatus
from gonghui.assistance.imports import HEADER
from gonghui.assistance.models import Archive
from gonghui.assistance.tests.test_io_import import row, xlsx
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.core.masking import mask_id_number
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.tests.test_existence_oracle import normalised


def login(client, user):
    client.force_login(user)
    return client


def upload(rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("档案.xlsx", xlsx(rows).getvalue())


def exported(response) -> list[dict]:
    book = load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    return [dict(zip(HEADER, r, strict=True)) for r in rows[1:]]


def post(client, url, data, capture):
    """The import runs as a job (gonghui.imports), here as soon as the upload commits."""
    with capture(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    return client.get(response["Location"])


def test_import_page_imports_and_reports_bad_rows(
    client, tree, staff, make_member, django_capture_on_commit_callbacks
):
    a = make_member(tree.base_a)
    login(client, staff.county_admin)
    url = reverse("assistance:io_import")
    assert client.get(url).status_code == 200
    data = {"file": upload([row(a, 困难类别="特别困难")])}
    page = post(client, url, data, django_capture_on_commit_callbacks).content.decode()
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert job.errors[0][:2] == [2, "困难类别"]
    assert job.errors[0][3].startswith("「特别困难」不是有效的困难类别")
    assert "「特别困难」不是有效的困难类别" in page and "全部未导入" in page
    assert not Archive.objects.exists()
    data = {"file": upload([row(a)])}
    page = post(client, url, data, django_capture_on_commit_callbacks).content.decode()
    assert "<th>新建档案</th><td>1</td>" in page
    assert Archive.objects.filter(member=a, status=ArchiveStatus.ARCHIVED).exists()


def test_unreadable_file_fails_the_job_with_the_message(
    client, tree, staff, django_capture_on_commit_callbacks
):
    login(client, staff.county_admin)
    bad = SimpleUploadedFile("档案.xlsx", b"not a workbook")
    url = reverse("assistance:io_import")
    page = post(client, url, {"file": bad}, django_capture_on_commit_callbacks).content.decode()
    assert ImportJob.objects.get().status == ImportStatus.FAILED
    assert "无法读取该文件" in page


def test_import_needs_the_manage_permission(client, tree, staff):
    login(client, staff.county_auditor)
    assert client.get(reverse("assistance:io_import")).status_code == 403
    assert client.get(reverse("assistance:io_template")).status_code == 403


def test_template_download(client, tree, staff):
    login(client, staff.county_admin)
    response = client.get(reverse("assistance:io_template"))
    assert response.status_code == 200
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert [c.value for c in book.worksheets[0][1]] == HEADER


def test_export_round_trip_masked_then_reimported(
    client, tree, staff, make_member, make_archive, django_capture_on_commit_callbacks
):
    a = make_member(tree.base_a, name="李四")
    login(client, staff.county_admin)
    url = reverse("assistance:io_import")
    post(client, url, {"file": upload([row(a)])}, django_capture_on_commit_callbacks)
    make_archive(make_member(tree.base_b, name="王五"), status=ArchiveStatus.SUBMITTED)
    make_archive(make_member(tree.base_c, name="外区"))  # another county: not exported

    rows = exported(client.get(reverse("assistance:io_export")))
    assert [r["姓名"] for r in rows] == ["李四"]  # 已建档 only by default, own subtree only
    (values,) = rows
    assert values["身份证号"] == mask_id_number(a.id_number)
    assert values["工会会员服务卡卡号"] == a.card_number
    assert values["致困原因"] == "本人患大病、子女教育负担重"
    assert values["家庭月人均收入"] == 833.33
    log = AuditLog.objects.filter(action="assistance.export").latest("pk")
    assert log.changes["rows"] == 1 and log.changes["full"] is False

    all_rows = exported(client.get(reverse("assistance:io_export") + "?status=all"))
    assert sorted(r["姓名"] for r in all_rows) == ["李四", "王五"]

    # The masked export imports back through the card number and changes nothing.
    book = BytesIO()
    from openpyxl import Workbook

    out = Workbook()
    out.active.append(HEADER)
    out.active.append([values[h] for h in HEADER])
    out.save(book)
    data = {"file": SimpleUploadedFile("导出.xlsx", book.getvalue())}
    page = post(client, url, data, django_capture_on_commit_callbacks).content.decode()
    assert "<th>新建档案</th><td>0</td>" in page and "<th>已有相同档案跳过</th><td>1</td>" in page
    assert Archive.objects.filter(member=a).count() == 1


def test_full_id_numbers_need_the_pii_grant(client, tree, staff, make_member, make_archive):
    a = make_member(tree.base_a)
    make_archive(a)
    login(client, staff.county_admin)
    assert client.get(reverse("assistance:io_export") + "?full=1").status_code == 403
    assert AuditLog.objects.filter(action="assistance.export", result=AuditResult.DENIED).exists()
    client.force_login(staff.county_admin_pii)
    (values,) = exported(client.get(reverse("assistance:io_export") + "?full=1"))
    assert values["身份证号"] == a.id_number
    log = AuditLog.objects.filter(action="assistance.export").latest("pk")
    assert log.changes["full"] is True


def test_export_of_another_subtree_answers_as_missing_and_audited(client, tree, staff, make_member):
    login(client, staff.county_admin)
    response = client.get(reverse("assistance:io_export") + f"?org={tree.qilihe.pk}")
    missing = client.get(reverse("assistance:io_export") + "?org=987654321")
    malformed = client.get(reverse("assistance:io_export") + "?org=x")
    assert response.status_code == missing.status_code == malformed.status_code == 404
    pages = {normalised(r.content) for r in (response, missing, malformed)}
    assert len(pages) == 1
    denied = AuditLog.objects.get(action="access.denied", object_id=str(tree.qilihe.pk))
    assert denied.result == AuditResult.DENIED
    ok = client.get(reverse("assistance:io_export") + f"?org={tree.donggang.pk}")
    assert ok.status_code == 200
