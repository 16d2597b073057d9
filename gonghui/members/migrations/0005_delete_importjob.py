# ImportJob now belongs to the imports app (imports 0001 took it over with its table,
# `members_importjob`): drop it from members' state only, the table and its rows stay.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_import_job_errors"),
        ("imports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportJob")],
            database_operations=[],
        ),
    ]
