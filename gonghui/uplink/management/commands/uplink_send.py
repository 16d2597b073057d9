import time

from django.conf import settings
from django.core.management.base import BaseCommand

from gonghui.uplink.services import uplink_send_due


class Command(BaseCommand):
    help = "向全国总工会推送工单事件（发送到期的上报消息）；--every 秒数 则循环运行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=float, default=0, help="每隔多少秒发送一次（不填则只发送一次）"
        )

    def handle(self, *args, every: float = 0, **options):
        if not settings.UPLINK_URL:
            self.stdout.write("UPLINK_URL 未配置，向上推送已停用。")
            return
        while True:
            report = uplink_send_due()
            if report.sent or report.failed or not every:
                self.stdout.write(f"已送达 {report.sent} 条，失败 {report.failed} 条。")
            if not every:
                return
            try:
                time.sleep(every)
            except KeyboardInterrupt:
                return
