"""Load the Gansu catalogue of honors (idempotent: existing types are kept)."""

from django.core.management.base import BaseCommand, CommandError

from gonghui.honors.rounds.catalogue import load_catalogue
from gonghui.orgs.models import Org, OrgType

NO_ROOT = "找不到省总工会（组织树的根），请先导入组织树。"


class Command(BaseCommand):
    help = "载入甘肃省荣誉目录（已有的荣誉类型保持不变）。"

    def handle(self, *args, **options):
        root = Org.get_root_nodes().filter(org_type=OrgType.PROVINCE).first()
        if root is None:
            raise CommandError(NO_ROOT)
        created = load_catalogue(root)
        self.stdout.write(f"新增荣誉类型 {len(created)} 个。")
