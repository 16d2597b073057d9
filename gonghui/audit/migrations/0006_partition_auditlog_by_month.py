"""PostgreSQL: the audit table becomes range-partitioned by month on `at`, so that a month older
than 180 days can be detached and archived (gonghui.audit.partitions, `audit_partitions`). The
audit trail is never pruned; it moves out whole months at a time with the chain head recorded.

A partitioned table's primary key must hold the partition key: it is (id, at). Django keeps
treating `id` as the key (ids come from one sequence, so it stays unique). No foreign key can
point at `id` alone any more, so the subjects' constraint goes (the model says
db_constraint=False), and a row trigger refuses an insert naming an id that exists. The
triggers (append-only rows, the TRUNCATE refusal, the insert fence of 0004) are created again
on the partitioned table; row triggers reach every partition. The application's role gets no
privilege on the partitions themselves (gonghui.core.dbroles): rows reach them through the
table, whose grants are the ones checked.

Months from the oldest row to three months ahead are created, plus a default partition for
anything outside them; `audit_partitions` (daily) keeps months ahead. SQLite: unchanged.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

TABLE = "audit_auditlog"
OLD = "audit_auditlog_unpartitioned"
AHEAD = 3

TRIGGERS = """
CREATE TRIGGER audit_auditlog_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_auditlog
    FOR EACH ROW EXECUTE FUNCTION audit_auditlog_append_only();
CREATE TRIGGER audit_auditlog_no_truncate
    BEFORE TRUNCATE ON audit_auditlog
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditlog_append_only();
CREATE TRIGGER audit_auditlog_insert_fence
    BEFORE INSERT ON audit_auditlog
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditlog_insert_fence();
"""
# The key is (id, at): an insert naming an id that exists (under another time) would not be
# refused by the key. A row trigger does it, one index probe per partition.
UNIQUE_ID = """
CREATE OR REPLACE FUNCTION audit_auditlog_unique_id() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM audit_auditlog WHERE id = NEW.id) THEN
        RAISE EXCEPTION 'audit_auditlog is append-only: id % exists', NEW.id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditlog_unique_id
    BEFORE INSERT ON audit_auditlog
    FOR EACH ROW EXECUTE FUNCTION audit_auditlog_unique_id();
"""
ARCHIVE_TRIGGER = """
CREATE TRIGGER audit_auditarchive_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_auditarchive
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
"""


def _next(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _bound(month: date) -> str:
    """A month's first instant in the site's time zone (a month is a local month)."""
    start = datetime(month.year, month.month, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))
    return f"'{start.isoformat()}'"


def _months(first: date, last: date):
    month = date(first.year, first.month, 1)
    while month <= last:
        yield month
        month = _next(month)


def partition(schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = %s::regclass", [TABLE])
        if cursor.fetchone()[0] == "p":
            return  # already partitioned
        # What the table has besides its key, to be created again on the partitioned one.
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype IN ('f', 'c')",
            [TABLE],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
            " JOIN pg_class i ON i.oid = x.indexrelid"
            " WHERE x.indrelid = %s::regclass AND NOT x.indisprimary",
            [TABLE],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'f'"
            " AND conrelid = 'audit_auditsubject'::regclass AND confrelid = %s::regclass",
            [TABLE],
        )
        subject_fks = [name for (name,) in cursor.fetchall()]
        cursor.execute(
            "SELECT (min(at) AT TIME ZONE %s)::date, (now() AT TIME ZONE %s)::date FROM " + TABLE,
            [settings.TIME_ZONE] * 2,
        )
        oldest, today = cursor.fetchone()
    quote = schema_editor.quote_name
    for name in subject_fks:
        run(f"ALTER TABLE audit_auditsubject DROP CONSTRAINT {quote(name)}")
    run(f"ALTER TABLE {TABLE} RENAME TO {OLD}")
    for name, _ in indexes:
        run(f"DROP INDEX {quote(name)}")
    for name, _ in constraints:
        run(f"ALTER TABLE {OLD} DROP CONSTRAINT {quote(name)}")
    run(
        f"CREATE TABLE {TABLE} (LIKE {OLD} INCLUDING DEFAULTS INCLUDING COMMENTS)"
        " PARTITION BY RANGE (at)"
    )
    last = today
    for _ in range(AHEAD):
        last = _next(last)
    for month in _months(oldest or today, last):
        run(
            f"CREATE TABLE {TABLE}_p{month:%Y%m} PARTITION OF {TABLE}"
            f" FOR VALUES FROM ({_bound(month)}) TO ({_bound(_next(month))})"
        )
    run(f"CREATE TABLE {TABLE}_default PARTITION OF {TABLE} DEFAULT")
    run(f"INSERT INTO {TABLE} SELECT * FROM {OLD}")
    run(f"DROP TABLE {OLD}")  # its identity sequence goes with it
    run(f"CREATE SEQUENCE {TABLE}_id_seq OWNED BY {TABLE}.id")
    run(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{TABLE}_id_seq')")
    run(f"SELECT setval('{TABLE}_id_seq', coalesce(max(id), 0) + 1, false) FROM {TABLE}")
    run(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id, at)")
    for _, definition in indexes:
        run(definition)
    for name, definition in constraints:
        run(f"ALTER TABLE {TABLE} ADD CONSTRAINT {quote(name)} {definition}")
    run(TRIGGERS)
    run(UNIQUE_ID, None)
    run(ARCHIVE_TRIGGER)


def forwards(apps, schema_editor):
    partition(schema_editor)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        raise NotImplementedError(
            "The partitioned audit table is not turned back into one table: restore a backup."
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_audit_subjects")]

    operations = [
        migrations.CreateModel(
            name="AuditArchive",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("partition", models.CharField(max_length=63, unique=True, verbose_name="分区表")),
                ("month", models.DateField(verbose_name="月份")),
                ("rows", models.PositiveBigIntegerField(verbose_name="条数")),
                ("first_id", models.BigIntegerField(null=True, verbose_name="首条编号")),
                ("last_id", models.BigIntegerField(null=True, verbose_name="末条编号")),
                ("head", models.CharField(blank=True, max_length=64, verbose_name="末条链值")),
                (
                    "detached_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="摘除时间"
                    ),
                ),
            ],
            options={
                "verbose_name": "审计日志归档",
                "verbose_name_plural": "审计日志归档",
                "ordering": ["month"],
            },
        ),
        # State only: on SQLite the table keeps its constraint (altering it would rebuild the
        # table and lose its triggers); on PostgreSQL `forwards` drops it.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditsubject",
                    name="log",
                    field=models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="audit.auditlog",
                    ),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
