"""Two database roles on PostgreSQL: the tables' owner migrates, the application only uses.

The owner of a table can disable its triggers, so the append-only audit trail is only as safe
as the role the application connects with. With `GONGHUI_DB_MIGRATE_URL` set (the owner) beside
`DATABASE_URL` (the application's role), `migrate` runs as the owner and then grants the
application's role ordinary DML on every table but only INSERT and SELECT on the models that
declare `append_only`, and use of the sequences. Without it, one role does both (SQLite, or a
developer's PostgreSQL).
"""

from collections.abc import Iterator
from contextlib import contextmanager

import dj_database_url
from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")


def owner_credentials() -> dict | None:
    """The owner's login from GONGHUI_DB_MIGRATE_URL, or None when one role does both."""
    if not settings.DATABASE_MIGRATE_URL:
        return None
    parsed = dj_database_url.parse(settings.DATABASE_MIGRATE_URL)
    return {name: parsed.get(name, "") for name in CREDENTIALS}


def _credentials(connection: BaseDatabaseWrapper) -> dict:
    return {name: connection.settings_dict.get(name, "") for name in CREDENTIALS}


@contextmanager
def default_as_owner() -> Iterator[dict]:
    """Log the default connection in as the owner for the block; yields the login it replaced
    (the application's role). A separate process, such as `migrate`, is the place for it: every
    thread's default connection shares these settings."""
    connection = connections["default"]
    current = _credentials(connection)
    owner = owner_credentials()
    if owner is None or owner == current:
        yield current
        return
    connection.close()
    connection.settings_dict.update(owner)
    try:
        yield current
    finally:
        connection.close()
        connection.settings_dict.update(current)


@contextmanager
def owner_connection() -> Iterator[BaseDatabaseWrapper]:
    """A connection of its own, as the owner, to the database the default connection uses."""
    default = connections["default"]
    wrapper = type(default)({**default.settings_dict, **(owner_credentials() or {})}, "owner")
    try:
        yield wrapper
    finally:
        wrapper.close()


def append_only_tables() -> list[str]:
    return sorted(
        model._meta.db_table for model in apps.get_models() if getattr(model, "append_only", False)
    )


def grant_app_role(connection: BaseDatabaseWrapper, role: str) -> bool:
    """As the owner, grant `role` what the application needs; False if there is nothing to do
    (not PostgreSQL, or the same role)."""
    if connection.vendor != "postgresql" or not role or role == connection.settings_dict["USER"]:
        return False
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema, grantee = quote(cursor.fetchone()[0]), quote(role)
        cursor.execute(f"GRANT USAGE ON SCHEMA {schema} TO {grantee}")
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {grantee}"
        )
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {grantee}")
        tables = ", ".join(quote(table) for table in append_only_tables())
        cursor.execute(
            f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {tables} FROM {grantee}"
        )
        # The partitions of a partitioned append-only table (the audit log's months): nothing.
        # Rows reach them through the parent, whose grants are the ones checked.
        partitions = _partitions(cursor, append_only_tables())
        if partitions:
            names = ", ".join(quote(name) for name in partitions)
            cursor.execute(f"REVOKE ALL ON {names} FROM {grantee}")
    return True


def _partitions(cursor, tables: list[str]) -> list[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
        " JOIN pg_class p ON p.oid = i.inhparent"
        " WHERE p.relname = ANY(%s) AND p.relnamespace = c.relnamespace"
        " AND p.relnamespace = current_schema()::regnamespace ORDER BY 1",
        [tables],
    )
    return [name for (name,) in cursor.fetchall()]
