# ImportJob moves here from `members` with its table (`members_importjob`): this migration
# only tells Django's state that the model is now the imports app's; the table, its rows and
# its index stay as members' migrations 0002-0004 created them (members 0005 drops the model
# from members' state, again without touching the table).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("members", "0004_import_job_errors"),
        ("orgs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ImportJob",
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
                        (
                            "kind",
                            models.CharField(
                                choices=[("members", "会员"), ("orgs", "工会组织")],
                                default="members",
                                max_length=7,
                                verbose_name="导入内容",
                            ),
                        ),
                        (
                            "mode",
                            models.CharField(
                                choices=[
                                    ("all", "全部正确才导入"),
                                    ("valid", "导入正确的行，报告错误行"),
                                ],
                                max_length=5,
                                verbose_name="导入方式",
                            ),
                        ),
                        ("file", models.FileField(upload_to="imports/%Y/%m/")),
                        ("filename", models.CharField(max_length=200, verbose_name="文件名")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "排队中"),
                                    ("running", "导入中"),
                                    ("done", "已完成"),
                                    ("failed", "未导入"),
                                    ("cancelled", "已取消"),
                                ],
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        ("total", models.PositiveIntegerField(blank=True, null=True)),
                        ("read", models.PositiveIntegerField(default=0)),
                        ("created", models.PositiveIntegerField(default=0)),
                        ("updated", models.PositiveIntegerField(default=0)),
                        ("skipped", models.PositiveIntegerField(default=0)),
                        ("failed", models.PositiveIntegerField(default=0)),
                        ("cancel_requested", models.BooleanField(default=False)),
                        ("message", models.CharField(blank=True, max_length=500)),
                        ("warnings", models.JSONField(blank=True, default=list)),
                        (
                            "errors",
                            models.JSONField(blank=True, default=list, verbose_name="首批错误"),
                        ),
                        (
                            "error_report",
                            models.FileField(blank=True, upload_to="imports/reports/%Y/%m/"),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "files_purged_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="文件删除时间"
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "org",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="orgs.org",
                                verbose_name="默认工会",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "导入任务",
                        "verbose_name_plural": "导入任务",
                        "db_table": "members_importjob",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [
                            models.Index(
                                condition=models.Q(("files_purged_at__isnull", True)),
                                fields=["finished_at"],
                                name="importjob_files_kept",
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
