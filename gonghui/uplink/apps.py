from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class UplinkConfig(AppConfig):
    name = "gonghui.uplink"
    label = "uplink"
    verbose_name = "向上连通全国总工会"

    def ready(self):
        # Each app that sends events upward registers them in `<app>/uplink_events.py`
        # (gonghui.uplink.receivers); the upward link imports none of them by name.
        autodiscover_modules("uplink_events")
