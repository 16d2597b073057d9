"""An import's uploaded file holds ID numbers and phones in clear: it is deleted as soon as its
job ends — done, failed or cancelled, and when the job crashed — while the masked error report
and the counters stay. Run through the real path (upload → commit → task → end → commit),
hence transactional tests, on SQLite and PostgreSQL alike."""

from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from openpyxl import load_workbook

from gonghui.imports import jobs
from gonghui.imports.jobs import import_job_create, import_job_run
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.members import import_kinds
from gonghui.members.import_kinds import MEMBERS
from gonghui.members.tests.test_import_views import mixed_rows, xlsx_upload
from gonghui.orgs.import_kinds import ORGS
from gonghui.orgs.tests import test_import_jobs as org_jobs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def uploads(media: Path) -> list[Path]:
    """The uploaded files on disk (error reports live under imports/reports/)."""
    return [p for p in media.rglob("*") if p.is_file() and "reports" not in p.parts]


def run_upload(actor, upload, *, mode, kind=MEMBERS) -> ImportJob:
    with transaction.atomic():
        job = import_job_create(actor=actor, upload=upload, mode=mode, kind=kind)
        # Until the job has run, the upload is on disk (the task reads it).
        assert Path(job.file.path).is_file()
    job.refresh_from_db()
    return job


@pytest.mark.parametrize(
    ("mode", "status"), [("valid", ImportStatus.DONE), ("all", ImportStatus.FAILED)]
)
def test_the_upload_is_deleted_when_the_member_import_ends(staff, media, mode, status):
    job = run_upload(staff.county_admin, xlsx_upload(mixed_rows()), mode=mode)
    assert job.status == status and job.finished_at is not None
    assert job.file.name == "" and uploads(media) == []
    # The error report stays, with the values of the bad rows masked.
    assert job.error_report and Path(job.error_report.path).is_file()
    cells = [c for row in load_workbook(job.error_report.path).active.values for c in row]
    assert not any("620102196812150023" in str(c) for c in cells)
    assert job.files_purged_at is None  # the report's retention period runs on


def test_the_upload_is_deleted_when_the_org_import_ends(staff, media):
    upload = SimpleUploadedFile("组织.xlsx", org_jobs.xlsx_bytes(org_jobs.good_rows()))
    job = run_upload(staff.county_admin, upload, mode="valid", kind=ORGS)
    assert (job.status, job.created) == (ImportStatus.DONE, 3)
    assert job.file.name == "" and uploads(media) == []


def test_the_upload_is_deleted_when_the_job_is_cancelled_before_it_starts(staff, media):
    job = ImportJob.objects.create(
        created_by=staff.county_admin,
        kind=MEMBERS,
        mode="all",
        filename="会员.xlsx",
        file=xlsx_upload(mixed_rows()),
        cancel_requested=True,
    )
    assert len(uploads(media)) == 1
    job = import_job_run(job_id=job.pk)
    assert job.status == ImportStatus.CANCELLED
    job.refresh_from_db()
    assert job.file.name == "" and uploads(media) == []


def test_the_upload_is_deleted_when_the_job_crashes(staff, media):
    job = ImportJob.objects.create(
        created_by=staff.county_admin,
        kind=MEMBERS,
        mode="all",
        filename="会员.xlsx",
        file=xlsx_upload([]),
    )
    with (
        mock.patch.object(import_kinds, "member_import", side_effect=RuntimeError("bug")),
        pytest.raises(RuntimeError),
    ):
        import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.message) == (ImportStatus.FAILED, jobs.JOB_CRASHED)
    assert job.file.name == "" and uploads(media) == []
