from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "gonghui.national"
    label = "national"
    verbose_name = "全国联网"
