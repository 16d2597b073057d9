"""A worker killed in the middle of a member import (issue 18, drill 1, in the small): what the
killed run committed is whole commit units and is the job's checkpoint; the job, left running,
is found by `import_jobs_recover`, queued again and ends as an uninterrupted import would; a job
a live process runs is left alone; a kind that cannot restart ends failed. Through the real job
path (commits, on-commit enqueue), hence transactional tests, on SQLite and PostgreSQL."""

import socket
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections
from django_tasks_db.models import DBTaskResult

from gonghui.audit.models import AuditLog
from gonghui.conftest import VALID_IDS
from gonghui.imports import recovery
from gonghui.imports.jobs import import_job_run
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.imports.runner import ADVISORY_CLASS, runner_name
from gonghui.members.import_kinds import MEMBERS
from gonghui.members.imports import engine
from gonghui.members.models import Member
from gonghui.members.tests.test_import_views import mixed_rows, xlsx_upload
from gonghui.metrics.services import stats_differences, stats_rollup
from gonghui.orgs.import_kinds import ORGS
from gonghui.orgs.tests import test_import_jobs as org_jobs

pytestmark = pytest.mark.django_db(transaction=True)


class Killed(BaseException):
    """Stands for SIGKILL: not an Exception, so the job is not ended as crashed."""


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def rolled_up(tree):
    stats_rollup()


def rows():
    """Chunks of one row: 王芳, 李强, 无名 (no such union: fails), 赵敏; row 3 fails parsing."""
    return [*mixed_rows(), ["赵敏", VALID_IDS[2], "13912345671", "兰州甲公司工会", "2022-01-01"]]


def dead_runner() -> str:
    process = subprocess.Popen(["true"])  # noqa: S607
    process.wait()
    return f"{socket.gethostname()}:{process.pid}"


def member_job(actor, upload=None, kind=MEMBERS) -> ImportJob:
    return ImportJob.objects.create(
        created_by=actor,
        kind=kind,
        mode="valid",
        filename="会员.xlsx",
        file=upload or xlsx_upload(rows()),
    )


@pytest.fixture
def small_units(monkeypatch):
    """Chunks of one row, commit units of two rows (every row on SQLite)."""
    monkeypatch.setattr(engine, "COMMIT_ROWS", 2)
    monkeypatch.setitem(engine.member_import.__kwdefaults__, "chunk_size", 1)


def kill_at_third_chunk(monkeypatch):
    chunk, calls = engine._Importer.chunk, []

    def killed_at_third(self, *args):
        calls.append(1)
        if len(calls) == 3:
            raise Killed
        return chunk(self, *args)

    monkeypatch.setattr(engine._Importer, "chunk", killed_at_third)


def test_a_killed_import_leaves_whole_units_recorded_and_restarts_to_the_same_result(
    staff, small_units, monkeypatch
):
    job = member_job(staff.county_admin)
    kill_at_third_chunk(monkeypatch)
    with pytest.raises(Killed):
        import_job_run(job_id=job.pk)
    job.refresh_from_db()
    # Left as a killed worker leaves it: running, two rows committed with their roll-ups.
    assert job.status == ImportStatus.RUNNING and job.runner == runner_name()
    assert Member.objects.count() == job.checkpoint["created"] == 2
    assert job.checkpoint["read"] == 3  # the row that failed parsing was read before 李强's
    assert stats_differences() == []
    ImportJob.objects.filter(pk=job.pk).update(runner=dead_runner())
    left = DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [job.pk], "kwargs": {}},
        task_path=recovery.TASK_PATH,
        backend_name="default",
        run_after=job.created_at,
        exception_class_path="",
        traceback="",
    )

    call_command("import_jobs_recover")  # queued again; the test backend runs it at once

    job.refresh_from_db()
    assert (job.status, job.restarts) == (ImportStatus.DONE, 1)
    # As an uninterrupted import: three members, the same two errors; the two rows committed
    # before the kill are found unchanged.
    assert Member.objects.count() == 3
    assert (job.created, job.skipped, job.failed) == (1, 2, 2)
    assert [error[0] for error in job.errors] == [3, 5]
    assert job.warnings == [recovery.RESTARTED_NOTE.format(kept=2)]
    assert job.file.name == ""
    assert stats_differences() == []
    audit = AuditLog.objects.get(action="import.interrupted")
    assert audit.changes == {"kind": MEMBERS, "committed_rows": 2, "restarted": True}
    left.refresh_from_db()
    assert left.status == "FAILED" and left.exception_class_path.endswith("WorkerGone")


def test_a_job_its_runner_still_runs_is_left_alone(staff):
    job = member_job(staff.county_admin)
    other = connections.create_connection("default")
    try:
        if connection.vendor == "postgresql":
            with other.cursor() as cursor:  # a live worker elsewhere holds the job's lock
                cursor.execute("SELECT pg_advisory_lock(%s, %s)", [ADVISORY_CLASS, job.pk])
            runner = dead_runner()  # not what counts on PostgreSQL
            # and a second worker given the same job does not run it
            ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PENDING)
            assert import_job_run(job_id=job.pk).status == ImportStatus.PENDING
        else:
            runner = runner_name()  # this process: alive
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, runner=runner)
        assert recovery.import_jobs_recover() == []
    finally:
        other.close()
    job.refresh_from_db()
    assert (job.status, job.restarts) == (ImportStatus.RUNNING, 0)
    assert not AuditLog.objects.filter(action="import.interrupted").exists()
    if connection.vendor == "postgresql":  # the lock went with the connection
        assert [j.pk for j in recovery.import_jobs_recover()] == [job.pk]


def test_a_kind_that_cannot_restart_ends_failed_and_its_file_goes(staff, media):
    upload = org_jobs.xlsx_bytes(org_jobs.good_rows())
    job = member_job(staff.county_admin, SimpleUploadedFile("组织.xlsx", upload), kind=ORGS)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, runner=dead_runner())
    [ended] = recovery.import_jobs_recover()
    job.refresh_from_db()
    assert ended.pk == job.pk and job.status == ImportStatus.FAILED
    assert job.message == recovery.ENDED.format(kept=recovery.ENDED_NOTHING)
    assert job.file.name == "" and not [p for p in Path(media).rglob("*") if p.is_file()]
    assert AuditLog.objects.get(action="import.interrupted").changes["restarted"] is False
