from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "gonghui.assistance"
    label = "assistance"
    verbose_name = "困难职工帮扶"

    def ready(self) -> None:
        from gonghui.assistance.stats import count_own
        from gonghui.stats.services import OWN_COUNTERS

        if count_own not in OWN_COUNTERS:
            OWN_COUNTERS.append(count_own)
