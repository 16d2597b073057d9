"""The audit table's monthly partitions (PostgreSQL):

    manage.py audit_partitions [--ahead 3]          # daily: this month and the next ones exist
    manage.py audit_partitions --since 2025-06      # also the months from then on
    manage.py audit_partitions --detach-before 2026-01

`--detach-before` detaches every month before the one given, once it is at least 180 days old
and sealed, recording each one's chain head first; the detached table is then archived with
`pg_dump -t` and dropped by the operator (README, "Archiving the audit trail"). Runs as the
tables' owner (GONGHUI_DB_MIGRATE_URL), like `migrate`.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from gonghui.audit import partitions
from gonghui.core import dbroles

DETACHED = (
    "已摘除 {partition}：{rows} 条（第 {first_id}–{last_id} 条），链头 {head}。"
    "请用 pg_dump -t {partition} 导出归档后再删除该表。"
)
CREATED = "已建分区 {name}。"
NOTHING = "分区齐全，无需新建。"


def _month(value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError as error:
        raise CommandError("月份格式为 YYYY-MM，例如 2026-01。") from error


class Command(BaseCommand):
    help = (
        "审计日志按月分区（PostgreSQL）：提前建好以后几个月的分区；摘除 180 天以前的月份以便归档。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--ahead", type=int, default=3, help="提前建几个月的分区（默认 3）")
        parser.add_argument(
            "--since", metavar="YYYY-MM", help="从这个月起补建缺少的分区（默认：本月）"
        )
        parser.add_argument(
            "--detach-before", metavar="YYYY-MM", help="摘除这个月以前的分区（至少保留 180 天）"
        )

    def handle(self, *args, ahead: int, since: str | None, detach_before: str | None, **options):
        with dbroles.default_as_owner():
            if not partitions.is_partitioned():
                if detach_before:
                    raise CommandError(partitions.NOT_POSTGRES)
                self.stdout.write(partitions.NOT_POSTGRES)
                return
            if detach_before:
                try:
                    done = partitions.detach_before(_month(detach_before))
                except ValueError as error:
                    raise CommandError(str(error)) from error
                for item in done:
                    self.stdout.write(DETACHED.format(**vars(item)))
                self.stdout.write(f"共摘除 {len(done)} 个分区。")
                return
            created, warnings = partitions.create_ahead(
                months=ahead, since=_month(since) if since else None
            )
            for name in created:
                self.stdout.write(CREATED.format(name=name))
            for warning in warnings:
                self.stderr.write(warning)
            if not created and not warnings:
                self.stdout.write(NOTHING)
