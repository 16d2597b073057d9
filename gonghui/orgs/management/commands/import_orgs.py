"""Import union organisations from the federation's XLSX/CSV template.

manage.py import_orgs FILE [--mode all|valid] [--user USERNAME] [--report PATH]
"""

import shutil
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gonghui.core.errors import ApplicationError
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
        users = get_user_model().objects
        actor = (
            users.filter(username=user).first()
            if user
            else users.filter(is_superuser=True, is_active=True).order_by("pk").first()
        )
        if actor is None:
            raise CommandError(f"找不到用户 {user}" if user else "请用 --user 指定操作人账号")
        errors = ErrorReport()
        try:
            summary = org_import(
                actor=actor, file=str(path), filename=path.name, mode=mode, report=errors
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        for warning in summary.warnings:
            self.stdout.write(self.style.WARNING(warning))
        verdict = "全部未导入（有错误行，--mode all）" if summary.rolled_back else "已导入"
        self.stdout.write(
            f"{verdict}：读取 {summary.read:,} 行，新增 {summary.created:,}，"
            f"更新 {summary.updated:,}，未变跳过 {summary.skipped:,}，错误 {summary.failed:,}"
        )
        if errors.count:
            target = Path(report or f"{path}.errors.xlsx")
            with errors.save() as out, target.open("wb") as f:
                shutil.copyfileobj(out, f)
            for number, column, message in summary.errors[:10]:
                self.stdout.write(f"  第{number}行「{column}」：{message}")
            self.stdout.write(f"错误报告：{target}")
