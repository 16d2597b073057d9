"""The audit trail's hash chain: sealing, and `audit_verify` catching a rewritten trail."""

import threading
from contextlib import contextmanager
from importlib import import_module

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from gonghui.audit import sealing
from gonghui.audit.management.commands.audit_verify import HEAD, INTACT, KNOWN_HEAD
from gonghui.audit.models import AppendOnlyError, AuditLog, AuditSeal
from gonghui.audit.services import audit_record
from gonghui.audit.tests.test_audit import REFUSED
from gonghui.core import dbroles

TABLES = ("audit_auditlog", "audit_auditseal")
# The PostgreSQL triggers that refuse changes (the test database has the TRUNCATE ones off).
PG_TRIGGERS = {
    "audit_auditlog": "audit_auditlog_no_update_delete",
    "audit_auditseal": "audit_auditseal_no_update_delete",
}


@contextmanager
def behind_the_triggers():
    """A cursor of the tables' owner with the audit tables' refusing triggers off, as someone
    who can rewrite the database would get one: the owner on PostgreSQL (who may disable them),
    the file on SQLite (where anyone holding it may drop them)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                " AND tbl_name IN (%s, %s)",
                TABLES,
            )
            triggers = cursor.fetchall()
            for name, _ in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            try:
                yield cursor
            finally:
                for _, sql in triggers:
                    cursor.execute(sql)
        return
    with dbroles.owner_connection() as owner, owner.cursor() as cursor:
        for table, trigger in PG_TRIGGERS.items():
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        try:
            yield cursor
        finally:
            for table, trigger in PG_TRIGGERS.items():
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")


def write(staff, n: int) -> list[AuditLog]:
    return [
        audit_record(actor=staff.county_admin, action="org.update", changes={"n": i})
        for i in range(n)
    ]


def verify(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue()


def broken(*args) -> str:
    with pytest.raises(CommandError) as caught:
        verify(*args)
    assert caught.value.returncode == 1
    return str(caught.value)


# --- sealing -------------------------------------------------------------------------------


def test_sealing_chains_every_row_in_id_order_and_verify_prints_the_head(staff):
    rows = write(staff, 3)
    assert sealing.audit_seal() == 3
    assert sealing.audit_seal() == 0
    seals = list(AuditSeal.objects.order_by("audit_id"))
    assert [s.audit_id for s in seals] == [r.pk for r in rows]
    digest = sealing.GENESIS
    for seal in seals:
        row = AuditLog.objects.filter(pk=seal.audit_id).values(*sealing._fields()).get()
        digest = sealing.link(digest, row)
        assert seal.digest == digest
    out = verify()
    assert INTACT.format(sealed=3, last_id=rows[-1].pk, unsealed=0, head=digest) in out
    assert HEAD.format(head=seals[-1].digest) in out


def test_rows_written_after_a_seal_are_reported_then_sealed(staff):
    write(staff, 2)
    sealing.audit_seal()
    head = AuditSeal.objects.order_by("-audit_id").first().digest
    [late] = write(staff, 1)
    verdict = sealing.audit_verify()
    assert (verdict.intact, verdict.sealed, verdict.unsealed, verdict.head) == (True, 2, 1, head)
    assert sealing.audit_seal(batch=1) == 1
    verdict = sealing.audit_verify(head=head)
    assert (verdict.intact, verdict.sealed, verdict.unsealed, verdict.last_id) == (
        True,
        3,
        0,
        late.pk,
    )


def test_the_chain_depends_on_the_key(staff):
    write(staff, 2)
    sealing.audit_seal()
    first = AuditLog.objects.order_by("id").first()
    sealing._key.cache_clear()
    try:
        with override_settings(AUDIT_KEY="11" * 32):
            assert broken() == sealing.CHANGED.format(id=first.pk)
    finally:
        sealing._key.cache_clear()
    assert sealing.audit_verify().intact


@pytest.mark.parametrize(
    "field", [f.attname for f in AuditLog._meta.concrete_fields if f.attname != "id"]
)
def test_every_column_is_covered(field):
    row = {"id": 7, "action": "org.update", "changes": {"a": 1}}
    assert sealing.link(sealing.GENESIS, row) != sealing.link(
        sealing.GENESIS, {**row, field: "x" if row.get(field) != "x" else "y"}
    )


def test_the_insert_fence_is_the_migrations_lock():
    migration = import_module("gonghui.audit.migrations.0004_auditseal")
    assert f"pg_advisory_xact_lock_shared({sealing.INSERT_FENCE})" in migration.CREATE


def test_seal_rows_are_append_only(staff):
    write(staff, 1)
    sealing.audit_seal()
    seal = AuditSeal.objects.get()
    with pytest.raises(AppendOnlyError):
        seal.save()
    with (
        pytest.raises(DatabaseError, match=REFUSED),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditseal SET digest = %s", ["0" * 64])
    assert AuditSeal.objects.get().digest == seal.digest


# --- a rewritten trail is caught -----------------------------------------------------------


@pytest.fixture
def sealed(staff):
    rows = write(staff, 4)
    assert sealing.audit_seal() == 4
    assert sealing.audit_verify().intact
    return rows


@pytest.mark.django_db(transaction=True)
def test_a_row_edited_behind_the_triggers_is_caught(sealed):
    with behind_the_triggers() as cursor:
        cursor.execute(
            "UPDATE audit_auditlog SET actor_username = %s WHERE id = %s", ["x", sealed[1].pk]
        )
    assert AuditLog.objects.get(pk=sealed[1].pk).actor_username == "x"
    assert broken() == sealing.CHANGED.format(id=sealed[1].pk)


@pytest.mark.django_db(transaction=True)
def test_a_deleted_row_is_caught(sealed):
    with behind_the_triggers() as cursor:
        cursor.execute("DELETE FROM audit_auditlog WHERE id = %s", [sealed[2].pk])
    assert broken() == sealing.DELETED.format(id=sealed[2].pk)


@pytest.mark.django_db(transaction=True)
def test_a_deleted_row_and_its_seal_are_caught_at_the_next_row(sealed):
    with behind_the_triggers() as cursor:
        cursor.execute("DELETE FROM audit_auditlog WHERE id = %s", [sealed[1].pk])
        cursor.execute("DELETE FROM audit_auditseal WHERE audit_id = %s", [sealed[1].pk])
    assert broken() == sealing.CHANGED.format(id=sealed[2].pk)


@pytest.mark.django_db(transaction=True)
def test_swapped_rows_are_caught(sealed):
    first, second = sealed[0].pk, sealed[1].pk
    with behind_the_triggers() as cursor:
        cursor.execute("UPDATE audit_auditlog SET id = -1 WHERE id = %s", [first])
        cursor.execute("UPDATE audit_auditlog SET id = %s WHERE id = %s", [first, second])
        cursor.execute("UPDATE audit_auditlog SET id = %s WHERE id = -1", [second])
    assert broken() == sealing.CHANGED.format(id=first)


@pytest.mark.django_db(transaction=True)
def test_a_forged_seal_is_caught(sealed):
    with behind_the_triggers() as cursor:
        cursor.execute(
            "UPDATE audit_auditseal SET digest = %s WHERE audit_id = %s", ["ab" * 32, sealed[3].pk]
        )
    assert broken() == sealing.CHANGED.format(id=sealed[3].pk)


@pytest.mark.django_db(transaction=True)
def test_a_row_inserted_into_the_sealed_past_is_caught_and_never_sealed(staff):
    [first] = write(staff, 1)
    # A later row, after a gap in the ids (as a rolled-back transaction leaves one).
    later = AuditLog.objects.create(id=first.pk + 10, action="org.update")
    assert sealing.audit_seal() == 2
    # Inserting needs no trigger switched off: the application's role may insert.
    forged = AuditLog.objects.create(id=first.pk + 5, at=first.at, action="member.unmask")
    assert broken() == sealing.UNSEALED.format(id=forged.pk)
    assert sealing.audit_seal() == 0
    assert broken() == sealing.UNSEALED.format(id=forged.pk)
    assert later.pk > forged.pk


@pytest.mark.django_db(transaction=True)
def test_a_cut_off_tail_is_caught_by_the_published_head(sealed, staff):
    published = sealing.audit_verify().head
    write(staff, 2)
    sealing.audit_seal()
    latest = sealing.audit_verify().head
    last = AuditLog.objects.order_by("-id").first().pk
    with behind_the_triggers() as cursor:
        cursor.execute("DELETE FROM audit_auditlog WHERE id = %s", [last])
        cursor.execute("DELETE FROM audit_auditseal WHERE audit_id = %s", [last])
    # Rows and seals removed together leave a shorter chain that still holds together...
    assert sealing.audit_verify().intact
    # ...but no longer reaches the head published before.
    assert KNOWN_HEAD.format(head=published) in verify("--head", published)
    assert broken("--head", latest) == sealing.HEAD_MISSING.format(head=latest)


# --- sealing while writers are at work -----------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_row_still_in_flight_holds_the_seal_back(staff):
    write(staff, 1)
    assert sealing.audit_seal() == 1
    inserted, release, in_flight = threading.Event(), threading.Event(), []

    def writer():
        try:
            with transaction.atomic():
                in_flight.extend(write(staff, 1))
                inserted.set()
                release.wait(20)
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert inserted.wait(20)
        if connection.vendor == "postgresql":
            # A higher id commits while the lower one is still open: sealing it now would
            # leave the lower one out of the chain for good.
            write(staff, 1)
        assert sealing.audit_seal() == 0
    finally:
        release.set()
        thread.join(20)
    sealed = sealing.audit_seal()
    verdict = sealing.audit_verify()
    assert (verdict.intact, verdict.unsealed) == (True, 0)
    assert verdict.sealed == 1 + sealed == AuditLog.objects.count()
    assert AuditSeal.objects.filter(audit_id=in_flight[0].pk).exists()
