from django.apps import AppConfig


class UplinkConfig(AppConfig):
    name = "gonghui.uplink"
    label = "uplink"
    verbose_name = "向上连通全国总工会"

    def ready(self):
        from gonghui.uplink import receivers  # noqa: F401
