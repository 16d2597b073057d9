import sys

from django.core.management.base import BaseCommand

from gonghui.inbox.selectors import check_items


class Command(BaseCommand):
    help = "用各业务自己的查询核对待办表，逐项列出多余、缺少或不一致的待办；有差异时退出码为 1。"

    def handle(self, *args, **options):
        differences = check_items()
        if not differences:
            self.stdout.write(self.style.SUCCESS("待办表与业务数据一致。"))
            return
        for line in differences:
            self.stdout.write(line)
        self.stderr.write(f"共 {len(differences)} 处不一致，请运行 inbox_rebuild 重建。")
        sys.exit(1)
