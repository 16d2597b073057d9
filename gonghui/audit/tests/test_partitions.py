"""The audit table partitioned by month on PostgreSQL (migration 0006, `audit_partitions`):
rows land in their month, months are made ahead, an old month is detached with its chain head
and `audit_verify` still passes; a recent or unsealed month is refused; the application's role
can touch no partition. SQLite keeps one table."""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from gonghui.audit import partitions, sealing
from gonghui.audit.management.commands.audit_partitions import DETACHED
from gonghui.audit.management.commands.audit_verify import ARCHIVED
from gonghui.audit.models import AuditArchive, AuditLog, AuditSeal
from gonghui.audit.services import audit_record
from gonghui.audit.tests.test_roles import PG_REFUSED, as_application_role, refused
from gonghui.audit.tests.test_sealing import behind_the_triggers
from gonghui.core import dbroles

pytestmark = pytest.mark.django_db
COMMITTED = pytest.mark.django_db(transaction=True)


def postgres() -> bool:
    return connection.vendor == "postgresql"


def command(*args) -> str:
    out = StringIO()
    call_command("audit_partitions", *args, stdout=out)
    return out.getvalue()


def old_row(at: datetime, action: str = "org.update") -> AuditLog:
    # The service always stamps now; a row of another month is written as it was then.
    return AuditLog.objects.create(at=at, action=action, changes={"at": at.isoformat()})


def partition_of(row: AuditLog) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM audit_auditlog WHERE id = %s", [row.pk]
        )
        return cursor.fetchone()[0]


@pytest.fixture
def ddl():
    """For the tests that create or detach partitions: committed (they run as the tables'
    owner, which `audit_partitions` becomes, on a connection of its own with two roles), so
    the partitions and detached tables they leave are dropped afterwards, as the owner."""
    before = set(_tables())
    yield
    with dbroles.owner_connection() as owner, owner.cursor() as cursor:
        for name in sorted(set(_tables(cursor)) - before):
            cursor.execute(f"DROP TABLE {name}")


def _tables(cursor=None) -> list[str]:
    if not postgres():
        return []
    if cursor is None:
        with connection.cursor() as own:
            return _tables(own)
    cursor.execute(
        "SELECT relname FROM pg_class WHERE relname LIKE 'audit_auditlog_p%%'"
        " AND relkind IN ('r', 'p')"
    )
    return [name for (name,) in cursor.fetchall()]


def old_months():
    """Partitions from December 2025 on (the migration made this month and three ahead)."""
    out = command("--since", "2025-12", "--ahead", "0")
    assert out.startswith("已建分区 audit_auditlog_p202512。\n已建分区 audit_auditlog_p202601。")


def test_sqlite_keeps_one_table():
    if postgres():
        assert partitions.is_partitioned()
        return
    assert not partitions.is_partitioned()
    assert command() == partitions.NOT_POSTGRES + "\n"
    with pytest.raises(CommandError, match="只用于 PostgreSQL"):
        command("--detach-before", "2025-01")


@COMMITTED
def test_rows_land_in_their_month_and_months_are_made_ahead(staff, ddl):
    if not postgres():
        return
    row = audit_record(actor=staff.county_admin, action="org.update")
    local = timezone.localtime(row.at)
    assert partition_of(row) == f"audit_auditlog_p{local:%Y%m}"
    # The migration made this month and three ahead; five ahead adds two, then nothing.
    this = partitions.this_month()
    assert partitions.attached_months()[-4] == this
    assert len(command("--ahead", "5").splitlines()) == 2
    assert command("--ahead", "5") == "分区齐全，无需新建。\n"
    # A row outside every month goes to the default partition, whose month then cannot be
    # created (its rows would have to move).
    far = old_row(datetime(2030, 5, 5, tzinfo=UTC))
    assert partition_of(far) == "audit_auditlog_default"
    err = StringIO()
    call_command("audit_partitions", "--since", "2030-05", "--ahead", "0", stderr=err)
    assert partitions.IN_DEFAULT.format(month="2030-05") in err.getvalue()
    assert "audit_auditlog_p203005" not in _tables()


@COMMITTED
def test_an_old_month_is_detached_and_the_chain_still_verifies(staff, ddl):
    if not postgres():
        return
    old_months()
    december = old_row(datetime(2025, 12, 10, tzinfo=UTC))
    january = old_row(datetime(2026, 1, 5, tzinfo=UTC))
    today = audit_record(actor=staff.county_admin, action="org.update")
    # A December row with a higher id than today's (ids are drawn before `at` is compared).
    late_december = old_row(datetime(2025, 12, 31, 15, 59, tzinfo=UTC))
    assert partition_of(late_december) == "audit_auditlog_p202512"
    sealing.audit_seal()
    head = AuditSeal.objects.get(audit_id=late_december.pk).digest

    out = command("--detach-before", "2026-01")

    assert out.splitlines() == [
        DETACHED.format(
            partition="audit_auditlog_p202512",
            rows=2,
            first_id=december.pk,
            last_id=late_december.pk,
            head=head,
        ),
        "共摘除 1 个分区。",
    ]
    archive = AuditArchive.objects.get()
    assert (archive.month, archive.rows, archive.head) == (date(2025, 12, 1), 2, head)
    assert date(2025, 12, 1) not in partitions.attached_months()
    assert set(AuditLog.objects.values_list("pk", flat=True)) >= {january.pk, today.pk}
    assert not AuditLog.objects.filter(pk__in=[december.pk, late_december.pk]).exists()
    # The detached table is an ordinary table left for pg_dump, with both rows.
    with dbroles.owner_connection() as owner, owner.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditlog_p202512")
        assert cursor.fetchone()[0] == 2
    verdict = sealing.audit_verify()
    assert verdict.intact, verdict.problem
    assert verdict.archived == 2
    assert verdict.sealed == AuditLog.objects.count()
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert ARCHIVED.format(archived=2) in out.getvalue()


@COMMITTED
def test_a_recent_month_is_refused(ddl):
    if not postgres():
        return
    months = partitions.attached_months()
    latest = partitions.latest_detachable()
    too_recent = date(latest.year + latest.month // 12, latest.month % 12 + 1, 1)
    with pytest.raises(CommandError, match="至少在线保留 180 天"):
        command("--detach-before", f"{too_recent:%Y-%m}")
    with pytest.raises(CommandError, match="至少在线保留 180 天"):
        command("--detach-before", f"{partitions.this_month():%Y-%m}")
    assert partitions.attached_months() == months
    assert not AuditArchive.objects.exists()


@COMMITTED
def test_an_unsealed_month_is_refused(ddl):
    if not postgres():
        return
    old_months()
    row = old_row(datetime(2025, 12, 10, tzinfo=UTC))
    with pytest.raises(CommandError, match=f"至第 {row.pk} 条"):
        command("--detach-before", "2026-01")
    assert date(2025, 12, 1) in partitions.attached_months()
    assert not AuditArchive.objects.exists()


def test_an_existing_id_cannot_be_inserted_again_under_another_time(staff):
    if not postgres():
        return
    row = audit_record(actor=staff.county_admin, action="org.update")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO audit_auditlog (id, at, actor_username, org_path, action, object_type,"
            " object_id, object_repr, changes, result)"
            " VALUES (%s, now() - interval '1 hour', '', '', 'forged', '', '', '', '{}', 'success')",
            [row.pk],
        )


def test_the_application_role_can_touch_no_partition(staff):
    if not postgres():
        return
    audit_record(actor=staff.county_admin, action="org.update")
    name = partitions.partition_name(partitions.this_month())
    with as_application_role():
        for sql in (
            f"UPDATE {name} SET action = action",
            f"DELETE FROM {name}",
            f"TRUNCATE {name}",
            f"SELECT count(*) FROM {name}",
            f"ALTER TABLE audit_auditlog DETACH PARTITION {name}",
            "UPDATE audit_auditlog SET action = action",
            "DELETE FROM audit_auditlog",
        ):
            refused(sql, PG_REFUSED)
        # Through the table it appends and reads as before.
        row = audit_record(actor=staff.county_admin, action="org.update")
        assert AuditLog.objects.filter(pk=row.pk).exists()


@COMMITTED
def test_committed_detach_then_a_deleted_row_below_the_archive_is_caught(staff, ddl):
    """Committed as in production: seal, detach, then the owner deletes a row still online
    whose id lies below the archived ones; the archive's count no longer adds up."""
    if not postgres():
        return
    old_months()
    old_row(datetime(2025, 12, 10, tzinfo=UTC))
    kept = audit_record(actor=staff.county_admin, action="org.update")
    old_row(datetime(2025, 12, 20, tzinfo=UTC))
    sealing.audit_seal()
    assert command("--detach-before", "2026-01").count("已摘除 ") == 1
    assert sealing.audit_verify().intact
    with behind_the_triggers() as cursor:
        cursor.execute("DELETE FROM audit_auditlog WHERE id = %s", [kept.pk])
    verdict = sealing.audit_verify()
    assert not verdict.intact
    assert "缺少 3 条" in verdict.problem
    # A seal of the archived month rewritten: its last link is no longer the recorded head.
    last_id = AuditArchive.objects.get().last_id
    with behind_the_triggers() as cursor:
        cursor.execute(
            "UPDATE audit_auditseal SET digest = %s WHERE audit_id = %s", ["0" * 64, last_id]
        )
    verdict = sealing.audit_verify()
    assert verdict.problem == sealing.ARCHIVE_HEAD.format(id=last_id)
