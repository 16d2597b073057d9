from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS

from gonghui.core import dbroles


class Command(flush.Command):
    """Django's `flush`, run as the tables' owner when GONGHUI_DB_MIGRATE_URL is set: the
    application's role may not empty the audit tables (and their triggers refuse it anyway,
    except in the test database, where the transactional tests flush between tests)."""

    def handle(self, **options):
        if options["database"] != DEFAULT_DB_ALIAS:
            return super().handle(**options)
        with dbroles.default_as_owner():
            return super().handle(**options)
