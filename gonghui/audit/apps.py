from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule


class AuditConfig(AppConfig):
    name = "gonghui.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self):
        from gonghui.audit.registry import declaring
        from gonghui.audit.services import audit_access_denied, audit_permission_denied
        from gonghui.core.access import record_denials_with
        from gonghui.core.decorators import record_permission_denials_with

        with declaring(self.verbose_name):
            import gonghui.audit.actions  # noqa: F401  (the audit app's own vocabulary)
        record_denials_with(audit_access_denied)
        record_permission_denials_with(audit_permission_denied)
        # Each app declares its audit actions in `<app>/audit_actions.py`; the audit app
        # imports none of them by name (as `autodiscover_modules` would, but noting which app
        # declared each action, for the action filter's groups).
        for config in apps.get_app_configs():
            if module_has_submodule(config.module, "audit_actions"):
                with declaring(str(config.verbose_name)):
                    import_module(f"{config.name}.audit_actions")
