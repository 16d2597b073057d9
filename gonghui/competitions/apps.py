from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    name = "gonghui.competitions"
    label = "competitions"
    verbose_name = "竞赛与创新"
