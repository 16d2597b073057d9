from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gonghui.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self):
        from gonghui.audit.services import audit_access_denied
        from gonghui.core.access import record_denials_with

        record_denials_with(audit_access_denied)
