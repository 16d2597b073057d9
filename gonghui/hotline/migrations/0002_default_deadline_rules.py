"""The three default deadline rules (DESIGN.md, "Hotline rules"); a federation may change them
or add per-category rows afterwards."""

from datetime import time

from django.db import migrations

DEFAULTS = [
    # 一般: the same working day; received after 17:30 or on a non-working day, the next one.
    {"complexity": "simple", "kind": "same_day", "days": 0, "cutoff": time(17, 30)},
    # 较难: the 5th working day after receipt.
    {"complexity": "hard", "kind": "working_days", "days": 5, "cutoff": None},
    # 复杂: the 15th calendar day after receipt.
    {"complexity": "complex", "kind": "calendar_days", "days": 15, "cutoff": None},
]


def add_defaults(apps, schema_editor):
    DeadlineRule = apps.get_model("hotline", "DeadlineRule")
    for row in DEFAULTS:
        DeadlineRule.objects.get_or_create(complexity=row["complexity"], category="", defaults=row)


def remove_defaults(apps, schema_editor):
    DeadlineRule = apps.get_model("hotline", "DeadlineRule")
    DeadlineRule.objects.filter(category="").delete()


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
