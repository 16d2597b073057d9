"""Version 1 of the 用户协议 and the 隐私政策, so that a fresh install can register workers."""

from django.db import migrations

from gonghui.portal.legal_texts import seed_default_documents


def add_defaults(apps, schema_editor):
    seed_default_documents(apps.get_model("portal", "LegalDocument"))


def remove_defaults(apps, schema_editor):
    LegalDocument = apps.get_model("portal", "LegalDocument")
    LegalDocument.objects.filter(version=1, published_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_legal_documents_and_consent")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
