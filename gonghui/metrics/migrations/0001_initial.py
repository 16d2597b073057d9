"""`OrgStat` moved here from the `stats` app, table and all: this migration only tells Django's
state that the model lives here now (`stats` 0003 forgets it there); the table `stats_orgstat`,
created by `stats` 0001, stays as it is."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("orgs", "0001_initial"),
        ("stats", "0002_drop_joined_left"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OrgStat",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("metric", models.CharField(max_length=40, verbose_name="指标")),
                        (
                            "period",
                            models.CharField(blank=True, max_length=7, verbose_name="期间"),
                        ),
                        ("value", models.BigIntegerField(default=0, verbose_name="数值")),
                        (
                            "org",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="orgs.org",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "统计汇总",
                        "verbose_name_plural": "统计汇总",
                        "db_table": "stats_orgstat",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("org", "metric", "period"),
                                name="orgstat_org_metric_period",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
