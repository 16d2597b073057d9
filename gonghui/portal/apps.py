from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gonghui.portal"
    label = "portal"
    verbose_name = "职工服务门户"

    def ready(self) -> None:
        from gonghui.core.errorpages import serve_error_pages_under
        from gonghui.portal import signals  # noqa: F401  (connects the receivers)

        # Everything under /m/ (gonghui/urls.py mounts the portal, its 驿站 and 困难帮扶 pages
        # there) is the workers': their errors keep the portal's layout and lead back to it.
        serve_error_pages_under("/m/", templates="portal/errors/", home="/m/")
