"""Version 1 of the 用户协议 and the 隐私政策, so that a fresh install can register workers."""

from django.db import migrations

from gonghui.portal.legal_texts import seed_default_documents


def add_defaults(apps, schema_editor):
    seed_default_documents(apps.get_model("portal", "LegalDocument"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_legal_documents_and_consent")]

    # Backwards: nothing to undo here; 0002's reversal drops the tables with their rows.
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
