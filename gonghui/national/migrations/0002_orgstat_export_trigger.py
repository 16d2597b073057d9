"""The trigger that keeps national_orgstat equal to the exported roll-ups (PostgreSQL only:
on SQLite the table stays empty; logical replication needs PostgreSQL anyway)."""

from django.db import migrations

from gonghui.national.export import DROP_TRIGGER_SQL, EXPORTED_ROWS, TRIGGER_SQL


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(TRIGGER_SQL)
    schema_editor.execute(
        "INSERT INTO national_orgstat (province_code, org_code, level, metric, period, value)"
        + EXPORTED_ROWS
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DROP_TRIGGER_SQL)
    schema_editor.execute("DELETE FROM national_orgstat")


class Migration(migrations.Migration):
    dependencies = [
        ("national", "0001_initial"),
        ("metrics", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
