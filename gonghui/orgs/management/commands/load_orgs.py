import time

from django.core.management.base import BaseCommand

from gonghui.orgs.loader import DIVISIONS_CSV, load_org_tree


class Command(BaseCommand):
    help = "从甘肃省行政区划代码建立工会组织树（省—市州—县区—乡镇街道）；已有根节点时不做任何事。"

    def add_arguments(self, parser):
        parser.add_argument("--csv", default=str(DIVISIONS_CSV), help="区划代码 CSV 文件")

    def handle(self, *args, **options):
        started = time.perf_counter()
        created = load_org_tree(options["csv"])
        if not created:
            self.stdout.write("组织树已存在，未做更改。")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"已建立 {created} 个工会组织，用时 {time.perf_counter() - started:.2f} 秒。"
            )
        )
