"""Delete what a province need not keep for ever, each kind past its retention setting:

    manage.py housekeeping [--dry-run] [--only NAME …] [--batch-size N]

Run daily (README, "Scheduled jobs"). Prints one line per kind with the rows deleted; running it
again at once deletes nothing. The audit trail is never among them.
"""

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.housekeeping import count, prunables, prune


class Command(BaseCommand):
    help = "按保留期限清理过期数据（上报消息、验证码、登录失败、实名认证记录、任务结果、会话）；审计日志从不清理。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计将删除的条数，不删除")
        parser.add_argument("--only", nargs="+", metavar="NAME", help="只清理这几类（名称见输出）")
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="每批删除条数（默认 1000）"
        )

    def handle(self, *args, dry_run, only, batch_size, **options):
        if batch_size < 1:
            raise CommandError("每批删除条数须大于 0。")
        chosen = prunables()
        if only:
            unknown = set(only) - {p.name for p in chosen}
            if unknown:
                raise CommandError(f"没有这类数据：{'、'.join(sorted(unknown))}")
            chosen = [p for p in chosen if p.name in only]
        total = 0
        for prunable in chosen:
            days = prunable.days()
            keep = "已过期" if days is None else f"保留 {days} 天"
            if dry_run:
                n = count(prunable)
                verb = "将删除"
            else:
                n = prune(prunable, batch_size=batch_size)
                verb = "已删除"
            total += n
            self.stdout.write(f"{prunable.name}（{prunable.label}，{keep}）：{verb} {n} 条")
        self.stdout.write(f"合计{'将删除' if dry_run else '已删除'} {total} 条。")
