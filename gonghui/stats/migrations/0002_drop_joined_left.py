"""The `joined`/`left` flows counted a transfer inside a subtree as a loss and a gain of every
common ancestor; the `flow.*` metrics replace them (`gonghui.members.metrics.flows`). Their rows go here;
`manage.py rollup_stats`, run once after upgrading, counts the new flows of existing events."""

from django.db import migrations


def drop_old_flows(apps, schema_editor):
    apps.get_model("stats", "OrgStat").objects.filter(metric__in=["joined", "left"]).delete()


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial")]

    operations = [migrations.RunPython(drop_old_flows, migrations.RunPython.noop)]
