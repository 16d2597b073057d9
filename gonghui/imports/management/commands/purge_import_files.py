"""Delete the uploaded files and error reports of imports that ended long ago.

    manage.py purge_import_files [--days N]

N defaults to the GONGHUI_IMPORT_KEEP_DAYS setting; the import jobs and their counters stay.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gonghui.imports.jobs import import_jobs_purge


class Command(BaseCommand):
    help = "删除超过保留期限的导入文件和错误报告（导入记录和统计数字保留）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"保留天数（默认：GONGHUI_IMPORT_KEEP_DAYS，当前为 {settings.GONGHUI_IMPORT_KEEP_DAYS}）",
        )

    def handle(self, *args, days, **options):
        days = settings.GONGHUI_IMPORT_KEEP_DAYS if days is None else days
        if days < 0:
            raise CommandError("保留天数不能为负数。")
        count = import_jobs_purge(older_than_days=days)
        self.stdout.write(f"已删除 {count} 个导入任务的文件（{days} 天前结束的导入）。")
