"""Import jobs whose worker died: found, and restarted or ended.

A worker killed half-way through a job (`kill -9`, out of memory, a reboot) leaves the job
marked running and its django-tasks result marked running, for ever. `import_jobs_recover`
(`manage.py import_jobs_recover`, run before every start of the worker: `ExecStartPre` of
`gonghui-worker.service`) finds the running jobs nobody runs any more (`runner.runner_gone`)
and, one audit row each:

- a kind marked `restartable` (the member import) is queued again and runs over the same file
  from its first row. What the killed run had committed (whole commit units, recorded as the
  job's `checkpoint` in each unit's transaction) is found unchanged and counted as skipped, so
  the members, the roll-ups and the errors end as an uninterrupted import's; the job's notes
  say how many rows had been committed before the interruption;
- any other kind ends failed with a message saying so (its user uploads again), its file deleted.

The task result the dead worker left running is marked failed (`WorkerGone`), so the
housekeeping prunes it like any finished one.
"""

from django.db import transaction

from gonghui.audit.services import audit_record
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.imports.runner import runner_gone

RESTARTED = "导入中断（执行导入的任务进程意外停止），已重新排队，将从文件第一行重新导入。"
RESTARTED_NOTE = (
    "导入曾中断并从头重新导入：中断前已提交的 {kept} 行在重新导入时计为「未变跳过」"
    "（或「更新」，如其间被修改）。"
)
ENDED = "导入中断（执行导入的任务进程意外停止）：{kept}请核对后重新上传。"
ENDED_KEPT = "中断前已提交的 {n} 行已写入，其余未导入。"
ENDED_NOTHING = "没有写入任何数据。"
TASK_PATH = "gonghui.imports.tasks.run_import_job"


class WorkerGone(Exception):
    """What the task result of a job whose worker died is marked failed with."""


def import_jobs_recover() -> list[ImportJob]:
    """Restart or end every running job whose runner is gone; returns them."""
    recovered = []
    for pk in ImportJob.objects.filter(status=ImportStatus.RUNNING).values_list("pk", flat=True):
        job = _recover(pk)
        if job is not None:
            recovered.append(job)
    return recovered


@transaction.atomic
def _recover(pk: int) -> ImportJob | None:
    from gonghui.imports.jobs import _finish
    from gonghui.imports.tasks import run_import_job

    job = ImportJob.objects.select_for_update(of=("self",)).select_related("org").get(pk=pk)
    if job.status != ImportStatus.RUNNING or not runner_gone(job_id=job.pk, runner=job.runner):
        return None
    checkpoint = job.checkpoint or {}
    kept = sum(checkpoint.get(name, 0) for name in ("created", "updated", "skipped"))
    restart = job.import_kind.restartable
    if restart:
        job.status, job.message, job.runner = ImportStatus.PENDING, RESTARTED, ""
        job.restarts += 1
        job.read = job.created = job.updated = job.skipped = job.failed = 0
        if kept:
            job.warnings = [*job.warnings, RESTARTED_NOTE.format(kept=kept)]
        job.save()
        transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    else:
        for name in ("read", "created", "updated", "skipped", "failed"):
            setattr(job, name, checkpoint.get(name, 0))
        job.status = ImportStatus.FAILED
        job.message = ENDED.format(kept=ENDED_KEPT.format(n=kept) if kept else ENDED_NOTHING)
        _finish(job)
    audit_record(
        actor=None,  # the worker died; whoever's start of it found the job
        action="import.interrupted",
        obj=job,
        org=job.org,
        changes={"kind": job.kind, "committed_rows": kept, "restarted": restart},
    )
    _fail_task_results(job.pk)
    return job


def _fail_task_results(job_id: int) -> None:
    """The job's task results left running by the dead worker end failed."""
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.filter(status="RUNNING", task_path=TASK_PATH)
    for result in running:
        if (result.args_kwargs or {}).get("args") == [job_id]:
            result.set_failed(WorkerGone(f"import job {job_id}: its worker died"))
