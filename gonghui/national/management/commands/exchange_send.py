"""Send the exchange's outbox to the peer provinces (gonghui.national.sending)."""

import time

from django.core.management.base import BaseCommand

from gonghui.national.sending import exchange_send_due


class Command(BaseCommand):
    help = "发送跨省交换消息（--every N：每 N 秒一次，不退出）"

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0)

    def handle(self, *args, every, **options):
        while True:
            report = exchange_send_due()
            if report.sent or report.failed or not every:
                self.stdout.write(f"已送达 {report.sent} 条，失败 {report.failed} 条")
            if not every:
                return
            time.sleep(every)
