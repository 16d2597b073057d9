from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "gonghui.hotline"
    label = "hotline"
    verbose_name = "12351维权热线"

    def ready(self):
        from gonghui.hotline import receivers  # noqa: F401
