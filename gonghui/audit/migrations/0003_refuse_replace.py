from django.db import migrations

# SQLite's `INSERT OR REPLACE` (and an upsert) resolves a primary-key conflict by deleting the
# old row without firing delete triggers (recursive_triggers is off), so it could overwrite an
# audit row. An insert naming an id that already exists is refused before it gets that far.
SQLITE_CREATE = [
    """CREATE TRIGGER audit_auditlog_no_replace BEFORE INSERT ON audit_auditlog
       WHEN EXISTS (SELECT 1 FROM audit_auditlog WHERE id = NEW.id)
       BEGIN SELECT RAISE(ABORT, 'audit_auditlog is append-only'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_auditlog_no_replace"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [migrations.RunPython(forwards, backwards)]
