"""Import members from the federation's XLSX/CSV template.

    manage.py import_members FILE [--org ID|NAME] [--mode all|valid] [--user USERNAME]
                             [--report PATH] [--chunk N]

--org is the default union for rows without 所属企业/工会; --user is the acting staff account
(scope, audit; default: the first superuser). Bad rows go to the error report, by default
FILE's name with `.errors.xlsx`.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.errors import ApplicationError
from gonghui.core.importing import acting_user, print_outcome
from gonghui.core.tabular import ErrorReport
from gonghui.imports.models import ImportMode
from gonghui.members.imports.engine import CHUNK_SIZE, member_import
from gonghui.orgs.models import Org


def org_arg(value: str | None) -> Org | None:
    if not value:
        return None
    orgs = Org.objects.filter(pk=int(value)) if value.isdigit() else Org.objects.filter(name=value)
    found = list(orgs[:2])
    if len(found) != 1:
        raise CommandError(f"找不到唯一的工会：{value}")
    return found[0]


class Command(BaseCommand):
    help = "从 XLSX/CSV 模板导入会员，打印进度和汇总，错误行写入错误报告。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--org", help="默认工会（ID 或名称）")
        parser.add_argument("--mode", choices=ImportMode.values, default=ImportMode.ALL)
        parser.add_argument("--user", help="操作人用户名（默认：第一个超级管理员）")
        parser.add_argument("--report", help="错误报告路径（默认：FILE.errors.xlsx）")
        parser.add_argument("--chunk", type=int, default=CHUNK_SIZE)

    def handle(self, *args, file, org, mode, user, report, chunk, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        actor = acting_user(user)
        errors = ErrorReport()
        started = time.perf_counter()

        def progress(summary, committing: bool = False) -> bool:
            total = f"/{summary.total:,}" if summary.total else ""
            self.stdout.write(
                f"\r已读 {summary.read:,}{total} 行：新增 {summary.created:,}，"
                f"更新 {summary.updated:,}，未变 {summary.skipped:,}，错误 {summary.failed:,}",
                ending="",
            )
            self.stdout.flush()
            return False

        try:
            summary = member_import(
                actor=actor,
                file=str(path),
                filename=path.name,
                mode=mode,
                default_org=org_arg(org),
                report=errors,
                on_progress=progress,
                chunk_size=chunk,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        seconds = time.perf_counter() - started
        self.stdout.write("")
        print_outcome(
            self,
            summary,
            errors,
            path=path,
            report=report,
            tail=f"，用时 {seconds:.1f} 秒",
        )
