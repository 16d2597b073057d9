# Kinds are registered by the apps (gonghui.imports.kinds), no longer a fixed list of choices;
# a kind may keep options its upload form chose (the sites' default coordinate system).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="options",
            field=models.JSONField(blank=True, default=dict, verbose_name="导入选项"),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="kind",
            field=models.CharField(max_length=40, verbose_name="导入内容"),
        ),
    ]
