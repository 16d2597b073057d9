import sys

from django.core.management.base import BaseCommand

from gonghui.metrics.services import stats_differences
from gonghui.metrics.tree import org_model


class Command(BaseCommand):
    help = "从原始数据重新计数，逐项列出与统计汇总不一致之处；有差异时退出码为 1。"

    def handle(self, *args, **options):
        differences = stats_differences()
        if not differences:
            self.stdout.write(self.style.SUCCESS("统计汇总与原始数据一致。"))
            return
        names = dict(
            org_model()
            .objects.filter(pk__in={d.org_id for d in differences})
            .values_list("pk", "name")
        )
        for d in differences:
            period = f" {d.period}" if d.period else ""
            self.stdout.write(
                f"{names.get(d.org_id, d.org_id)}（{d.org_id}） {d.metric}{period}："
                f"汇总 {d.stored}，实际 {d.expected}"
            )
        self.stderr.write(f"共 {len(differences)} 处不一致，请运行 rollup_stats 重建。")
        sys.exit(1)
