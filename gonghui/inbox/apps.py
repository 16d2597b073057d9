from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class InboxConfig(AppConfig):
    name = "gonghui.inbox"
    label = "inbox"
    verbose_name = "待办"

    def ready(self):
        # Each app declares its kinds of pending work in `<app>/inbox_kinds.py`; the inbox
        # imports none of them by name (as the audit app does with `audit_actions.py`).
        autodiscover_modules("inbox_kinds")
