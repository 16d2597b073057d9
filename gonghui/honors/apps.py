from django.apps import AppConfig


class HonorsConfig(AppConfig):
    name = "gonghui.honors"
    label = "honors"
    verbose_name = "荣誉评选与劳模服务"
