"""Imports as background jobs (django-tasks): upload, run, progress, cancel, purge of old files.
The uploaded file is deleted as soon as its job ends; the masked error report is kept for
`GONGHUI_IMPORT_KEEP_DAYS`, and so is the list of the first errors (in row order) the result page
shows. A job runs the `run` of its registered kind (`gonghui.imports.kinds`).

Progress has to be visible to the page polling it while the import's own transaction is still
open (mode `all` is one transaction, and so is an org or site import in either mode). On PostgreSQL the
counters and the cancel flag therefore go through a second, autocommit connection. SQLite has one
writer at a time: there such an import shows its counters when it ends and cannot be cancelled
half-way (a member import in mode `valid` commits per chunk, so it can on both databases).
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import connection, models, transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.models import AuditResult
from gonghui.audit.services import audit_record
from gonghui.core import uploads
from gonghui.core.access import access_in_scope
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.core.tabular import ErrorReport
from gonghui.imports.kinds import Summary, kind_of
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.imports.runner import RunnerLock, runner_name
from gonghui.imports.signals import job_finished, job_seen
from gonghui.notifications.services import report_receiver_failures

JOB_NOT_FOUND = "找不到该导入任务，或您无权查看。"
FINISHED_RECEIVERS = "导入任务结束后的处理"
SEEN_RECEIVERS = "查看导入结果后的处理"
JOB_FINISHED = "该导入任务已结束，不能取消。"
JOB_CRASHED = "导入时系统出错，没有完成。请联系系统管理员。"
DONE_MESSAGE = "导入完成。"
ROLLED_BACK = (
    "有 {n} 行数据有误，按「全部正确才导入」方式，整个文件都未导入。请下载错误报告修改后重新上传。"
)
CANCELLED = "导入已取消。{kept}"
CANCELLED_KEPT = "取消前已完成的 {n} 行已导入。"
CANCELLED_NOTHING = "没有写入任何数据。"
FILES_PURGED = "文件已按保留期限删除"


def import_job_create(
    *,
    actor: User,
    kind: str,
    upload,
    mode: str,
    default_org: models.Model | None = None,  # an Org: the imports sit below the tree
    options: dict | None = None,
) -> ImportJob:
    """Keep the upload and queue the import of registered `kind` (it starts once this
    transaction commits); files of jobs past the retention period are purged on the way."""
    from gonghui.imports.tasks import run_import_job

    import_kind = kind_of(kind)
    if not actor.has_perm(import_kind.permission):
        audit_record(
            actor=actor, action=f"{import_kind.audit_prefix}.import", result=AuditResult.DENIED
        )
        raise Forbidden(import_kind.refusal)
    options = options or {}
    if import_kind.check is not None:
        import_kind.check(actor=actor, org=default_org, options=options)
    uploads.check_spreadsheet(upload)
    import_jobs_purge(older_than_days=settings.GONGHUI_IMPORT_KEEP_DAYS)
    job = ImportJob.objects.create(
        created_by=actor,
        kind=kind,
        org=default_org,
        mode=mode,
        options=options,
        filename=Path(upload.name).name[:200],
        file=upload,
    )
    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


@transaction.atomic
def import_jobs_purge(*, older_than_days: int) -> int:
    """Delete the error report and the error list (and any uploaded file still kept: jobs that
    ended before uploads were deleted at the end of the job) of jobs finished more than
    `older_than_days` ago; the rows and their counters stay, marked as purged. The files go once
    the marking commits. Returns how many jobs were purged (one audit row when there were any)."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    jobs = list(
        ImportJob.objects.select_for_update(skip_locked=True)
        .filter(files_purged_at__isnull=True, finished_at__lt=cutoff)
        .only("pk", "file", "error_report")
    )
    if not jobs:
        return 0
    names = [f.name for job in jobs for f in (job.file, job.error_report) if f]
    ImportJob.objects.filter(pk__in=[job.pk for job in jobs]).update(
        file="", error_report="", errors=[], files_purged_at=timezone.now()
    )
    audit_record(
        actor=None,  # the retention rule's doing, whoever's upload or command ran it
        action="import.purge",
        changes={"jobs": len(jobs), "files": len(names), "older_than_days": older_than_days},
    )
    storage = ImportJob._meta.get_field("file").storage

    def delete_files():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return len(jobs)


def access_import_job_by_id(user: User, job_id) -> ImportJob:
    """A job is its uploader's: anyone else gets the same NotFound as for a missing one, audited
    (filed under the job's union, else the uploader's). The uploader also needs the kind's
    permission still (a refusal is audited)."""
    jobs = ImportJob.objects.select_related("org")
    job = access_in_scope(
        jobs if user.is_superuser else jobs.filter(created_by=user),
        actor=user,
        message=JOB_NOT_FOUND,
        org_of=lambda job: job.org or job.created_by.org,
        pk=job_id,
    )
    import_kind = job.import_kind
    if not user.has_perm(import_kind.permission):
        audit_record(
            actor=user, action="access.denied", obj=job, org=job.org, result=AuditResult.DENIED
        )
        raise Forbidden(import_kind.refusal)
    return job


def import_job_cancel(*, actor: User, job: ImportJob) -> ImportJob:
    if job.is_finished:
        raise ApplicationError(JOB_FINISHED)
    ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
    prefix = job.import_kind.audit_prefix
    audit_record(actor=actor, action=f"{prefix}.import_cancel", obj=job, org=job.org)
    job.refresh_from_db()
    return job


class _Progress:
    """Writes the counters after each chunk and reads the cancel flag (see the module note), on
    PostgreSQL through the side connection that holds the job's runner lock. Called with
    `committing=True` at the end of a commit unit, it records the counters as the job's
    checkpoint in that unit's transaction instead."""

    def __init__(self, job: ImportJob, side=None):
        self.job = job
        self.side = side

    def _cursor(self):
        if not connection.in_atomic_block:
            return connection.cursor()
        if self.side is None:  # SQLite: one writer, seen at the commits
            return None
        return self.side.cursor()

    def __call__(self, summary: Summary, committing: bool = False) -> bool:
        if committing:
            ImportJob.objects.filter(pk=self.job.pk).update(checkpoint=_counters(summary))
            return False
        cursor = self._cursor()
        if cursor is None:
            return False
        table = ImportJob._meta.db_table
        q = connection.ops.quote_name
        counters = ", ".join(
            f"{q(name)} = %s"
            for name in ("read", "created", "updated", "skipped", "failed", "total")
        )
        with cursor:
            cursor.execute(
                f"UPDATE {table} SET {counters} WHERE id = %s",  # noqa: S608
                [
                    summary.read,
                    summary.created,
                    summary.updated,
                    summary.skipped,
                    summary.failed,
                    summary.total,
                    self.job.pk,
                ],
            )
            cursor.execute(f"SELECT cancel_requested FROM {table} WHERE id = %s", [self.job.pk])  # noqa: S608
            row = cursor.fetchone()
        return bool(row and row[0])

    def close(self) -> None:
        """For a side connection of its own (a job run closes its lock's, see `RunnerLock`)."""
        if self.side is not None:
            self.side.close()


def _counters(summary: Summary) -> dict:
    names = ("read", "created", "updated", "skipped", "failed")
    return {name: getattr(summary, name) for name in names}


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued job to its end; whatever happens, the job ends finished with a message
    (unless its process dies: then `recovery.import_jobs_recover` finds it). Nothing happens
    when another process already runs it."""
    job = ImportJob.objects.select_related("created_by", "org").get(pk=job_id)
    if job.status != ImportStatus.PENDING:
        return job
    lock = RunnerLock(job.pk)
    if not lock.acquire():
        return job
    try:
        job.refresh_from_db()
        if job.status == ImportStatus.PENDING:
            _run_locked(job, lock)
    finally:
        lock.release()
    return job


def _run_locked(job: ImportJob, lock: RunnerLock) -> None:
    if job.cancel_requested:
        job.status, job.message = ImportStatus.CANCELLED, CANCELLED.format(kept=CANCELLED_NOTHING)
        _finish(job)
        return
    job.status, job.runner, job.checkpoint = ImportStatus.RUNNING, runner_name(), {}
    job.save(update_fields=["status", "runner", "checkpoint"])
    report = ErrorReport()
    progress = _Progress(job, side=lock.side)
    try:
        with job.file.open("rb") as upload:
            summary = job.import_kind.run(job=job, file=upload, report=report, on_progress=progress)
    except ApplicationError as exc:
        job.status, job.message = ImportStatus.FAILED, exc.message
    except Exception:
        # A fault of ours: the job must not stay "running" forever; the task logs the trace.
        job.status, job.message = ImportStatus.FAILED, JOB_CRASHED
        _finish(job)
        raise
    else:
        job.total = summary.total
        job.read, job.failed = summary.read, summary.failed
        job.created, job.updated, job.skipped = summary.created, summary.updated, summary.skipped
        job.warnings = [*job.warnings, *summary.warnings]  # after a restart: its note first
        if summary.rolled_back:
            job.created = job.updated = job.skipped = 0
        if summary.cancelled:
            kept = summary.created + summary.updated + summary.skipped
            job.status = ImportStatus.CANCELLED
            job.message = CANCELLED.format(
                kept=CANCELLED_KEPT.format(n=kept)
                if kept and not summary.rolled_back
                else CANCELLED_NOTHING
            )
        elif summary.rolled_back:
            message = job.import_kind.rolled_back or ROLLED_BACK
            job.status, job.message = ImportStatus.FAILED, message.format(n=summary.failed)
        else:
            job.status, job.message = ImportStatus.DONE, DONE_MESSAGE
    if report.count:
        job.errors = report.first
        with report.save() as out:
            job.error_report.save(f"{Path(job.filename).stem}-错误报告.xlsx", File(out), save=False)
    _finish(job)


def _finish(job: ImportJob) -> None:
    """End the job, done, failed or cancelled, and delete its uploaded file at once: it holds
    ID numbers and phones in clear and nothing reads it again. The error report (its values
    masked) and the counters stay; the report goes after `GONGHUI_IMPORT_KEEP_DAYS`. The file is
    deleted once the row saying so is committed."""
    name, storage = job.file.name, job.file.storage
    job.file = ""
    job.finished_at = timezone.now()
    job.save()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    results = job_finished.send_robust(sender=ImportJob, job=job)
    report_receiver_failures(what=FINISHED_RECEIVERS, results=results)


def import_job_seen(*, user: User, job: ImportJob) -> None:
    """The uploader has the result of his finished job in front of him (the job's page): the
    apps above may close what they opened about it (the inbox's 「导入有错误」)."""
    if job.is_finished and job.created_by_id == user.pk:
        results = job_seen.send_robust(sender=ImportJob, job=job, user=user)
        report_receiver_failures(what=SEEN_RECEIVERS, results=results)
