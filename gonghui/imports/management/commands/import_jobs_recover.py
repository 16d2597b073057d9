"""Find the import jobs a dead worker left running; restart or end them.

    manage.py import_jobs_recover

Run before every start of the task worker (`ExecStartPre` of gonghui-worker.service); harmless
at any time: a job another live worker runs is left alone (see gonghui/imports/recovery.py).
"""

from django.core.management.base import BaseCommand

from gonghui.imports.models import ImportStatus
from gonghui.imports.recovery import import_jobs_recover


class Command(BaseCommand):
    help = (
        "查找任务进程意外停止后仍显示「导入中」的导入任务：可重新导入的重新排队，其余标记为未导入。"
    )

    def handle(self, *args, **options):
        jobs = import_jobs_recover()
        for job in jobs:
            then = "已重新排队" if job.status == ImportStatus.PENDING else "已结束"
            self.stdout.write(f"导入任务 {job.pk}（{job.kind_label}）中断，{then}。")
        self.stdout.write(f"共 {len(jobs)} 个中断的导入任务。")
