from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class MetricsConfig(AppConfig):
    name = "gonghui.metrics"
    label = "metrics"
    verbose_name = "统计汇总"

    def ready(self):
        # Each app publishes its metrics in `<app>/metrics.py` (a module or a package) by
        # calling `gonghui.metrics.registry.register`; this app imports none of them by name.
        autodiscover_modules("metrics")
