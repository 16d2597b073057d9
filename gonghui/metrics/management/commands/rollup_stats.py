import time

from django.core.management.base import BaseCommand

from gonghui.metrics.services import stats_rollup


class Command(BaseCommand):
    help = (
        "从各应用登记的原始数据（会员、会籍变化、组织、阵地、工单、帮扶……）重新计算全部统计汇总。"
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        written = stats_rollup()
        self.stdout.write(
            self.style.SUCCESS(
                f"已重建统计汇总 {written} 行，用时 {time.perf_counter() - started:.2f} 秒。"
            )
        )
