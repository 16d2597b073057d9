from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    label = "orgs"
    verbose_name = "工会组织"

    def ready(self):
        # Each app that hangs things on an org declares its handler in `<app>/org_handlers.py`
        # (gonghui.orgs.handlers); the tree imports none of them by name.
        autodiscover_modules("org_handlers")
        # Each app's picker purposes (gonghui.orgs.pickers.registry).
        autodiscover_modules("org_pickers")
