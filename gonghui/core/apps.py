from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "公共"

    def ready(self):
        from gonghui.core.permissions import discover

        # Each app declares its permissions in `<app>/permissions.py`; core imports none by name.
        discover()
