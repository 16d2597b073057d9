"""The export of the roll-ups to the national platform (docs/scale.md, "The nation")."""

from django.core.management.base import BaseCommand, CommandError

from gonghui.national import export


class Command(BaseCommand):
    help = (
        "national_orgstat: check (against the roll-ups), rebuild, publish (the province's "
        "publication), national-sql (what the national cluster runs)"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "rebuild", "publish", "national-sql"])
        parser.add_argument(
            "--conninfo",
            default="host=… port=5432 dbname=gonghui user=national_repl",
            help="national-sql: the libpq connection string of this province's primary",
        )
        parser.add_argument("--province", default="", help="national-sql: the province code")

    def handle(self, *args, action, conninfo, province, **options):
        if action == "national-sql":
            from django.conf import settings

            code = province or settings.NATIONAL_PROVINCE_CODE
            self.stdout.write(export.NATIONAL_TABLE_SQL)
            self.stdout.write(export.SUBSCRIPTION_SQL.format(code=code, conninfo=conninfo))
            return
        try:
            if action == "check":
                missing, extra = export.export_differences()
                for row in sorted(missing):
                    self.stdout.write(f"缺少或不符: {row}")
                for row in sorted(extra):
                    self.stdout.write(f"多余: {row}")
                if missing or extra:
                    raise CommandError(f"{len(missing) + len(extra)} 处不一致")
                self.stdout.write("national_orgstat 与统计汇总一致")
            elif action == "rebuild":
                self.stdout.write(f"已重建 {export.export_rebuild()} 行")
            elif action == "publish":
                created = export.publish()
                self.stdout.write("已创建发布" if created else "发布已存在")
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
