import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0002_training"),
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="lessonprogress",
            options={
                "permissions": [("manage_online_course", "管理线上课程")],
                "verbose_name": "线上学习记录",
                "verbose_name_plural": "线上学习记录",
            },
        ),
        migrations.AddField(
            model_name="lessonprogress",
            name="org",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.org",
                verbose_name="所在工会",
            ),
        ),
    ]
