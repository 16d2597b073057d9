from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "公共"

    def ready(self):
        # Each app's workbench entries (gonghui.core.menu).
        autodiscover_modules("menu")
