import django.utils.timezone
from django.db import migrations, models

# The seal table is append-only like the audit table. On PostgreSQL every INSERT into the audit
# table first takes a shared advisory lock (one statement-level trigger, before the ids are
# drawn from the sequence) and holds it until its transaction ends; the sealer takes the same
# lock exclusively, waiting a moment at most, to learn an id below which no transaction in flight
# can add a row (gonghui.audit.sealing.INSERT_FENCE is this number).
CREATE = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditseal_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_auditseal
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_auditseal_no_truncate
    BEFORE TRUNCATE ON audit_auditseal
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE OR REPLACE FUNCTION audit_auditlog_insert_fence() RETURNS trigger AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(6775686173656131);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditlog_insert_fence
    BEFORE INSERT ON audit_auditlog
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditlog_insert_fence();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_auditlog_insert_fence ON audit_auditlog;
DROP FUNCTION IF EXISTS audit_auditlog_insert_fence();
DROP TRIGGER IF EXISTS audit_auditseal_no_truncate ON audit_auditseal;
DROP TRIGGER IF EXISTS audit_auditseal_no_update_delete ON audit_auditseal;
DROP FUNCTION IF EXISTS audit_append_only();
"""

SQLITE_CREATE = [
    """CREATE TRIGGER audit_auditseal_no_update BEFORE UPDATE ON audit_auditseal
       BEGIN SELECT RAISE(ABORT, 'audit_auditseal is append-only'); END""",
    """CREATE TRIGGER audit_auditseal_no_delete BEFORE DELETE ON audit_auditseal
       BEGIN SELECT RAISE(ABORT, 'audit_auditseal is append-only'); END""",
    """CREATE TRIGGER audit_auditseal_no_replace BEFORE INSERT ON audit_auditseal
       WHEN EXISTS (SELECT 1 FROM audit_auditseal WHERE audit_id = NEW.audit_id)
       BEGIN SELECT RAISE(ABORT, 'audit_auditseal is append-only'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_auditseal_no_update",
    "DROP TRIGGER IF EXISTS audit_auditseal_no_delete",
    "DROP TRIGGER IF EXISTS audit_auditseal_no_replace",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, None)
    elif schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, None)
    elif schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_refuse_replace")]

    operations = [
        migrations.CreateModel(
            name="AuditSeal",
            fields=[
                (
                    "audit_id",
                    models.BigIntegerField(
                        primary_key=True, serialize=False, verbose_name="审计日志编号"
                    ),
                ),
                ("digest", models.CharField(max_length=64, verbose_name="链值")),
                (
                    "sealed_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="封存时间"
                    ),
                ),
            ],
            options={
                "verbose_name": "审计封存",
                "verbose_name_plural": "审计封存",
                "ordering": ["audit_id"],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
