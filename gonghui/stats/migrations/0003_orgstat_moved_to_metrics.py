"""`OrgStat` now belongs to the `metrics` app (below the domains, which write it); its table
stays. State only: the table is not dropped."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0002_drop_joined_left"),
        ("metrics", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OrgStat")],
            database_operations=[],
        ),
    ]
