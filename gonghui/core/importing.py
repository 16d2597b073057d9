"""What the import commands (`import_members`, `import_orgs`) share: the acting account and the
printed outcome — summary line, first errors (in row order) and the error report written beside
the file."""

import shutil
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gonghui.core.tabular import ErrorReport


def acting_user(username: str | None):
    """The named staff account, or by default the first active superuser."""
    users = get_user_model().objects
    user = (
        users.filter(username=username).first()
        if username
        else users.filter(is_superuser=True, is_active=True).order_by("pk").first()
    )
    if user is None:
        raise CommandError(f"找不到用户 {username}" if username else "请用 --user 指定操作人账号")
    return user


def print_outcome(
    command: BaseCommand,
    summary,
    errors: ErrorReport,
    *,
    path: Path,
    report: str | None,
    tail: str = "",
) -> None:
    for warning in summary.warnings:
        command.stdout.write(command.style.WARNING(warning))
    verdict = "全部未导入（有错误行，--mode all）" if summary.rolled_back else "已导入"
    command.stdout.write(
        f"{verdict}：读取 {summary.read:,} 行，新增 {summary.created:,}，"
        f"更新 {summary.updated:,}，未变跳过 {summary.skipped:,}，错误 {summary.failed:,}{tail}"
    )
    if errors.count:
        target = Path(report or f"{path}.errors.xlsx")
        with errors.save() as out, target.open("wb") as f:
            shutil.copyfileobj(out, f)
        for number, column, _value, message in errors.first[:10]:
            command.stdout.write(f"  第{number}行「{column}」：{message}")
        command.stdout.write(f"错误报告：{target}")
