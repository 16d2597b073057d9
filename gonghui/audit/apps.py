from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AuditConfig(AppConfig):
    name = "gonghui.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self):
        import gonghui.audit.actions  # noqa: F401  (the audit app's own vocabulary)
        from gonghui.audit.services import audit_access_denied, audit_permission_denied
        from gonghui.core.access import record_denials_with
        from gonghui.core.decorators import record_permission_denials_with

        record_denials_with(audit_access_denied)
        record_permission_denials_with(audit_permission_denied)
        # Each app declares its audit actions in `<app>/audit_actions.py`; the audit app
        # imports none of them by name.
        autodiscover_modules("audit_actions")
