from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS, connections

from gonghui.core import dbroles


class Command(migrate.Command):
    """Django's `migrate`, run as the tables' owner when GONGHUI_DB_MIGRATE_URL is set, which
    then grants the application's role (DATABASE_URL) what it needs (gonghui.core.dbroles)."""

    def handle(self, *args, **options):
        if options["database"] != DEFAULT_DB_ALIAS:
            return super().handle(*args, **options)
        with dbroles.default_as_owner() as app:
            super().handle(*args, **options)
            granted = dbroles.grant_app_role(connections[DEFAULT_DB_ALIAS], app["USER"])
            if granted and options["verbosity"]:
                self.stdout.write(f"已为应用角色 {app['USER']} 授权（审计表只能追加、读取）。")
