import time

from django.core.management.base import BaseCommand

from gonghui.audit.sealing import audit_seal


class Command(BaseCommand):
    help = "封存审计日志：把新提交的记录按编号顺序接入密钥哈希链；--every 秒数 则循环运行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=float, default=0, help="每隔多少秒封存一次（不填则只封存一次）"
        )

    def handle(self, *args, every: float = 0, **options):
        while True:
            sealed = audit_seal()
            if sealed or not every:
                self.stdout.write(f"已封存 {sealed} 条审计日志。")
            if not every:
                return
            try:
                time.sleep(every)
            except KeyboardInterrupt:
                return
