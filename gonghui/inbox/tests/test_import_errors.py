"""The inbox's own kind: an import job that finished with errors is its uploader's 待办 until he
opens the job's result or clears it (知道了). `imports` tells the inbox through its signals."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from gonghui.conftest import VALID_IDS, login
from gonghui.imports.jobs import import_job_create, import_job_run
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.inbox.models import OpenItem
from gonghui.inbox.selectors import check_items, inbox_count, visible_items
from gonghui.inbox.services import dismiss
from gonghui.members.imports.template import HEADER
from gonghui.members.models import Member

GOOD = {"姓名": "张三", "证件号码": VALID_IDS[0], "移动电话": "13900000011"}
BAD = {"姓名": "李四", "证件号码": "620102199913131234", "移动电话": "13900000012"}


def workbook(*rows: dict) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "会员"
    sheet.append(HEADER)
    for row in rows:
        full = {"所属企业/工会": "兰州甲公司工会", "入会日期": "2021-03-01", **row}
        sheet.append([full.get(column) for column in HEADER])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("会员名单.xlsx", out.getvalue())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run(user, *rows) -> ImportJob:
    """Queue and run a job (the queue's on-commit does not fire inside a test's transaction)."""
    job = import_job_create(actor=user, kind="members", upload=workbook(*rows), mode="valid")
    return import_job_run(job_id=job.pk)


def test_a_job_with_errors_is_its_uploaders_item(staff, tree):
    job = run(staff.county_admin, GOOD, BAD)
    assert (job.status, job.created, job.failed) == (ImportStatus.DONE, 1, 1)
    assert check_items() == []
    item = visible_items(staff.county_admin).get()
    assert (item.kind, item.user_id, item.org_id) == (
        "imports.errors",
        staff.county_admin.pk,
        tree.chengguan.pk,
    )
    assert item.summary == "会员「会员名单.xlsx」有 1 行错误未导入"
    assert item.link == f"/imports/{job.pk}/"
    # Addressed to him by name: nobody else of his union sees it.
    assert inbox_count(staff.county_admin_pii) == 0
    assert inbox_count(staff.county_staff) == 0


def test_a_job_without_errors_opens_nothing(staff, tree):
    job = run(staff.county_admin, GOOD)
    assert (job.status, job.failed) == (ImportStatus.DONE, 0)
    assert not OpenItem.objects.exists()


def test_a_job_that_failed_as_a_whole_says_why(staff, tree):
    job = import_job_create(
        actor=staff.county_admin, kind="members", upload=workbook(GOOD, BAD), mode="all"
    )
    job = import_job_run(job_id=job.pk)
    assert job.status == ImportStatus.FAILED
    item = visible_items(staff.county_admin).get()
    assert item.summary.startswith("会员「会员名单.xlsx」未导入：有 1 行数据有误")
    assert not Member.objects.exists()


def test_opening_the_result_closes_it_for_the_uploader_only(staff, tree):
    job = run(staff.county_admin, GOOD, BAD)
    superuser = staff.sysadmin
    superuser.is_superuser = True
    superuser.save(update_fields=["is_superuser"])
    assert login(superuser).get(reverse("imports:job", args=[job.pk])).status_code == 200
    assert inbox_count(staff.county_admin) == 1, "someone else's look is not his"

    response = login(staff.county_admin).get(reverse("imports:job", args=[job.pk]))
    assert response.status_code == 200
    assert inbox_count(staff.county_admin) == 0
    assert check_items() == []


def test_the_polled_result_closes_it_too(staff, tree):
    job = run(staff.county_admin, GOOD, BAD)
    login(staff.county_admin).get(reverse("imports:job_progress", args=[job.pk]))
    assert inbox_count(staff.county_admin) == 0


def test_the_uploader_may_clear_it(staff, tree):
    run(staff.county_admin, GOOD, BAD)
    item = visible_items(staff.county_admin).get()
    dismiss(user=staff.county_admin, item_id=item.pk)
    assert inbox_count(staff.county_admin) == 0
    assert check_items() == [], "a cleared report may be missing"


@pytest.mark.django_db(transaction=True)
def test_upload_through_the_page_opens_the_item_when_the_job_ends(staff, tree):
    """The whole chain, committed: the upload's on-commit queues the job (run at once by the
    test backend), the runner ends it and sends `job_finished`, the receiver refreshes."""
    client = login(staff.county_admin)
    response = client.post(
        reverse("members:import"), {"file": workbook(GOOD, BAD), "mode": "valid"}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportStatus.DONE
    assert OpenItem.objects.get().user_id == staff.county_admin.pk
    assert check_items() == []
    client.get(response.url)
    assert not OpenItem.objects.exists()
