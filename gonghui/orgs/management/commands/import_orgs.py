"""Import union organisations from the federation's XLSX/CSV template.

manage.py import_orgs FILE [--mode all|valid] [--user USERNAME] [--report PATH]
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.errors import ApplicationError
from gonghui.core.importing import acting_user, print_outcome
from gonghui.core.tabular import ErrorReport
from gonghui.orgs.imports import org_import


class Command(BaseCommand):
    help = "从 XLSX/CSV 模板导入工会组织，打印汇总，错误行写入错误报告。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--mode", choices=["all", "valid"], default="all")
        parser.add_argument("--user", help="操作人用户名（默认：第一个超级管理员）")
        parser.add_argument("--report", help="错误报告路径（默认：FILE.errors.xlsx）")

    def handle(self, *args, file, mode, user, report, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        actor = acting_user(user)
        errors = ErrorReport()
        try:
            summary = org_import(
                actor=actor, file=str(path), filename=path.name, mode=mode, report=errors
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        print_outcome(self, summary, errors, path=path, report=report)
