from django.core.management.base import BaseCommand

from gonghui.inbox.services import rebuild


class Command(BaseCommand):
    help = "按各业务自己的查询重建待办表（可只重建指定类型）；用户已清除的提醒类待办不会恢复。"

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="待办类型，如 hotline.accept；不填为全部")

    def handle(self, *args, kinds, **options):
        counts = rebuild(kinds or None)
        for key, n in counts.items():
            self.stdout.write(f"{key}：{n} 项")
        self.stdout.write(self.style.SUCCESS(f"已重建待办表，共 {sum(counts.values())} 项。"))
