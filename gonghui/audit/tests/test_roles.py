"""Two database roles: the application's role may only insert into and read the audit tables.

With GONGHUI_DB_MIGRATE_URL set (as in CI's PostgreSQL run) the suite runs as the application's
role, and these statements are tried on its own connection. With one role (a developer's
PostgreSQL), a throw-away role is created in the test's transaction and given exactly what
`migrate` grants, then taken on with SET ROLE; it goes with the rollback.
"""

from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from gonghui.audit.sealing import audit_seal
from gonghui.audit.services import audit_record
from gonghui.core import dbroles

APPEND_ONLY = ("audit_auditlog", "audit_auditseal")
# Append-only by the model and the role's grants; no triggers of its own (see the README).
GRANTED_APPEND_ONLY = (*APPEND_ONLY, "audit_auditarchive", "audit_auditsubject")
REWRITES = [
    "UPDATE {table} SET {column} = {column}",
    "DELETE FROM {table}",
    "TRUNCATE {table}",
    "ALTER TABLE {table} DISABLE TRIGGER ALL",
    "ALTER TABLE {table} DISABLE TRIGGER USER",
    "DROP TRIGGER {table}_no_update_delete ON {table}",
    "ALTER TABLE {table} OWNER TO CURRENT_USER",
    "LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE",
]
PG_REFUSED = "permission denied|must be owner"
COLUMNS = {"audit_auditlog": "action", "audit_auditseal": "digest"}


@contextmanager
def as_application_role():
    """The test's connection, acting as the application's role; yields the role's name."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        current = cursor.fetchone()[0]
        owner = dbroles.owner_credentials()
        if owner and owner["USER"] != current:
            yield current
            return
        cursor.execute("SELECT current_database()")
        role = f"{cursor.fetchone()[0]}_app_test"
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        assert dbroles.grant_app_role(connection, role)
        cursor.execute(f"SET LOCAL ROLE {role}")
        try:
            yield role
        finally:
            cursor.execute("RESET ROLE")


def refused(sql: str, match: str) -> None:
    with (
        pytest.raises(DatabaseError, match=match),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)


def test_the_application_cannot_rewrite_the_audit_tables(staff):
    audit_record(actor=staff.county_admin, action="org.update")
    assert audit_seal() == 1
    if connection.vendor != "postgresql":
        # One file, no roles: the triggers refuse (DELETE is let through in the test database
        # only, for the flush; see conftest).
        for table in APPEND_ONLY:
            refused(REWRITES[0].format(table=table, column=COLUMNS[table]), "append-only")
        return
    with as_application_role() as role:
        for table in APPEND_ONLY:
            for sql in REWRITES:
                refused(sql.format(table=table, column=COLUMNS[table]), PG_REFUSED)
        # Nor may it switch every trigger off for its session.
        refused("SET session_replication_role = replica", PG_REFUSED)
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == role
            # What it may do: append and read the trail, and use every other table normally.
            cursor.execute(
                "INSERT INTO audit_auditlog (at, actor_username, org_path, action, object_type,"
                " object_id, object_repr, changes, result)"
                " VALUES (now(), '', '', 'test', '', '', '', '{}', 'success')"
            )
            cursor.execute("SELECT count(*) FROM audit_auditlog")
            assert cursor.fetchone()[0] == 2
            assert audit_seal() == 1
            cursor.execute("UPDATE orgs_org SET name = name")
            cursor.execute("DELETE FROM notifications_notification")


def test_grants_give_insert_and_select_only_on_append_only_tables(staff):
    assert dbroles.append_only_tables() == sorted(GRANTED_APPEND_ONLY)
    if connection.vendor != "postgresql":
        assert not dbroles.grant_app_role(connection, "anyone")
        return
    with as_application_role() as role, connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        privileges = {}
        for table in (*GRANTED_APPEND_ONLY, "members_member", "django_tasks_database_dbtaskresult"):
            for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"):
                cursor.execute("SELECT has_table_privilege(%s, %s, %s)", [role, table, privilege])
                privileges[table, privilege] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT has_sequence_privilege(%s, 'audit_auditlog_id_seq', 'USAGE')", [role]
        )
        assert cursor.fetchone()[0]
    for table in GRANTED_APPEND_ONLY:
        assert [p for p in ("SELECT", "INSERT") if privileges[table, p]] == ["SELECT", "INSERT"]
        assert not any(privileges[table, p] for p in ("UPDATE", "DELETE", "TRUNCATE"))
    assert privileges["members_member", "UPDATE"] and privileges["members_member", "DELETE"]
    assert not privileges["members_member", "TRUNCATE"]


def test_owner_credentials_come_from_the_migrate_url():
    with override_settings(DATABASE_MIGRATE_URL=""):
        assert dbroles.owner_credentials() is None
    with override_settings(DATABASE_MIGRATE_URL="postgres://owner:s3cret@db.example:5433/gh"):
        assert dbroles.owner_credentials() == {
            "USER": "owner",
            "PASSWORD": "s3cret",
            "HOST": "db.example",
            "PORT": 5433,
        }


def test_default_as_owner_swaps_the_login_for_the_block_only():
    from django.db import connections

    default = connections["default"]
    before = {name: default.settings_dict.get(name, "") for name in dbroles.CREDENTIALS}
    url = "postgres://the_owner:pw@127.0.0.1:5432/whatever"
    with override_settings(DATABASE_MIGRATE_URL=url), dbroles.default_as_owner() as replaced:
        assert replaced == before
        assert default.settings_dict["USER"] == "the_owner"
    assert {name: default.settings_dict.get(name, "") for name in dbroles.CREDENTIALS} == before
