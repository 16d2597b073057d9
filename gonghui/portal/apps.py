from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gonghui.portal"
    label = "portal"
    verbose_name = "职工服务门户"

    def ready(self) -> None:
        from gonghui.portal import signals  # noqa: F401  (connects the receivers)
