from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = "会员"

    def ready(self):
        # Each app's member picker purposes (gonghui.members.pickers).
        autodiscover_modules("member_pickers")
        autodiscover_modules("candidate_sinks")
        # Panels other domains add to a member's record (gonghui.members.record_panels).
        autodiscover_modules("record_panels")
