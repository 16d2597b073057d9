"""Error reports (and any upload still kept) are deleted after GONGHUI_IMPORT_KEEP_DAYS; the jobs
and their counters stay, and their pages say the files are gone. The uploads themselves go when
their job ends: test_import_upload_deleted.py."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from gonghui.audit.models import AuditLog
from gonghui.imports.jobs import FILES_PURGED, import_jobs_purge
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.members.import_kinds import MEMBERS
from gonghui.members.tests.test_import_views import mixed_rows, upload
from gonghui.orgs.import_kinds import ORGS


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def finished_job(user, *, days_ago, kind=MEMBERS, name="a.xlsx") -> ImportJob:
    job = ImportJob.objects.create(
        created_by=user,
        kind=kind,
        mode="valid",
        filename=name,
        file=SimpleUploadedFile(name, b"upload"),
        status=ImportStatus.DONE,
        read=4,
        created=2,
        failed=2,
        finished_at=timezone.now() - timedelta(days=days_ago),
    )
    job.error_report.save("report.xlsx", ContentFile(b"report"))
    return job


def stored(job) -> list[str]:
    return [job.file.name, job.error_report.name]


def test_the_default_keeps_files_for_30_days(settings):
    from gonghui.settings import base

    assert base.GONGHUI_IMPORT_KEEP_DAYS == 30
    assert settings.GONGHUI_IMPORT_KEEP_DAYS == 30


def test_purge_deletes_old_files_and_keeps_the_jobs(staff, django_capture_on_commit_callbacks):
    old_members = finished_job(staff.county_admin, days_ago=40)
    old_orgs = finished_job(staff.county_admin, days_ago=31, kind=ORGS)
    recent = finished_job(staff.county_admin, days_ago=5)
    running = ImportJob.objects.create(
        created_by=staff.county_admin,
        kind=MEMBERS,
        mode="all",
        filename="b.xlsx",
        file=SimpleUploadedFile("b.xlsx", b"upload"),
        status=ImportStatus.RUNNING,
    )
    gone = stored(old_members) + stored(old_orgs)
    kept = stored(recent) + [running.file.name]
    assert all(default_storage.exists(name) for name in gone + kept)

    with django_capture_on_commit_callbacks(execute=True):
        assert import_jobs_purge(older_than_days=30) == 2
    assert not any(default_storage.exists(name) for name in gone)
    assert all(default_storage.exists(name) for name in kept)
    for job in (old_members, old_orgs):
        job.refresh_from_db()
        assert job.files_purged_at is not None
        assert (job.file.name, job.error_report.name) == ("", "")
        assert (job.read, job.created, job.failed, job.status) == (4, 2, 2, ImportStatus.DONE)
    recent.refresh_from_db()
    assert recent.files_purged_at is None and recent.error_report
    audit = AuditLog.objects.get(action="import.purge")
    assert audit.changes == {"jobs": 2, "files": 4, "older_than_days": 30}

    with django_capture_on_commit_callbacks(execute=True):
        assert import_jobs_purge(older_than_days=30) == 0
    assert AuditLog.objects.filter(action="import.purge").count() == 1


def test_pages_of_a_purged_job_say_so(client, staff, django_capture_on_commit_callbacks):
    job = finished_job(staff.county_admin, days_ago=40, kind=ORGS, name="组织.xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        import_jobs_purge(older_than_days=30)
    client.force_login(staff.county_admin)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert FILES_PURGED in page
    assert "下载错误报告" not in page
    assert "读取" in page and "<td>2</td>" in page  # the counters stay
    report = client.get(reverse("imports:job_report", args=[job.pk]))
    assert report.status_code == 404
    assert FILES_PURGED in report.content.decode()
    listing = client.get(reverse("orgs:import")).content.decode()
    assert "组织.xlsx" in listing and FILES_PURGED in listing
    assert client.get(reverse("orgs:import_report")).status_code == 404


def test_a_new_upload_purges_old_files(client, staff, django_capture_on_commit_callbacks):
    old = finished_job(staff.city_admin, days_ago=31)
    names = stored(old)
    client.force_login(staff.county_admin)
    upload(client, django_capture_on_commit_callbacks, mixed_rows())
    old.refresh_from_db()
    assert old.files_purged_at is not None
    assert not any(default_storage.exists(name) for name in names)
    new = ImportJob.objects.exclude(pk=old.pk).get()
    # The new job ended: its upload is gone at once, its error report kept for the period.
    assert new.files_purged_at is None and new.file.name == ""
    assert default_storage.exists(new.error_report.name)


def test_command_purges_with_the_setting_or_the_days_given(
    staff, settings, django_capture_on_commit_callbacks
):
    settings.GONGHUI_IMPORT_KEEP_DAYS = 20
    old = finished_job(staff.county_admin, days_ago=25)
    recent = finished_job(staff.county_admin, days_ago=5)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_import_files", stdout=out)
    assert "已删除 1 个导入任务的文件（20 天前结束的导入）" in out.getvalue()
    assert not default_storage.exists(stored(old)[0])
    assert default_storage.exists(stored(recent)[0])

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_import_files", "--days", "3", stdout=out)
    assert "已删除 1 个导入任务的文件（3 天前结束的导入）" in out.getvalue()
    assert not default_storage.exists(stored(recent)[0])
    assert ImportJob.objects.count() == 2
    with pytest.raises(CommandError):
        call_command("purge_import_files", "--days", "-1")


@pytest.mark.django_db(transaction=True)
def test_purged_files_are_deleted_once_the_marking_really_commits(staff):
    old = finished_job(staff.county_admin, days_ago=40)
    gone = stored(old)
    assert all(default_storage.exists(name) for name in gone)
    assert import_jobs_purge(older_than_days=30) == 1
    assert not any(default_storage.exists(name) for name in gone)
    old.refresh_from_db()
    assert old.files_purged_at is not None
