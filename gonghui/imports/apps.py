from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ImportsConfig(AppConfig):
    name = "gonghui.imports"
    label = "imports"
    verbose_name = "导入"

    def ready(self):
        # Each app declares its import kinds in `<app>/import_kinds.py`; the framework imports
        # none of them by name (as the audit app does with `audit_actions.py`).
        autodiscover_modules("import_kinds")
