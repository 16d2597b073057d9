from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "公共"

    def ready(self):
        from gonghui.core import checks  # noqa: F401  (registers the key checks)
        from gonghui.core.permissions import discover

        # Each app declares its permissions in `<app>/permissions.py`; core imports none by name.
        discover()

        # Each app's workbench entries (gonghui.core.menu).
        autodiscover_modules("menu")

        # What each app lets `manage.py housekeeping` prune (gonghui.core.housekeeping).
        autodiscover_modules("housekeeping")

        import sys

        from gonghui.core.health import start_heartbeat_in_worker

        # `manage.py db_worker` beats into the cache for /healthz (gonghui/core/health.py).
        start_heartbeat_in_worker(sys.argv)
