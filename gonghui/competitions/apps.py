from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    name = "gonghui.competitions"
    label = "competitions"
    verbose_name = "竞赛与创新"

    def ready(self):
        from gonghui.competitions import kept  # noqa: F401 - its receivers
