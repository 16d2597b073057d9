from django.apps import AppConfig


class RecuperationConfig(AppConfig):
    name = "gonghui.recuperation"
    label = "recuperation"
    verbose_name = "疗休养"
