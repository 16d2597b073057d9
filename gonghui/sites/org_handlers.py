"""What the sites hang on an org (port "org merge/dissolve handlers", `gonghui.orgs.handlers`):
the union's 阵地. They go with the union it is merged into (the 职工之家 of a merged union is the
receiving union's now) and stop a dissolution (a map must not show the 驿站 of a union that no
longer exists; an edit would have to choose another union first anyway)."""

from django.utils import timezone

from gonghui.accounts.permissions import Perm
from gonghui.orgs.handlers import OrgHandler, OrgPanel, register_org_handler
from gonghui.orgs.models import Org
from gonghui.sites.models import Site

DISSOLVE_HAS_SITES = "该工会（含下级）还有 {n} 个服务阵地，请先把阵地改归其他工会或删除后再撤销。"


def _in_subtree(org: Org) -> int:
    return Site.objects.filter(org__path__startswith=org.path).count()


def _move_for_merge(*, actor, source: Org, target: Org) -> dict:
    # The merge recounts both unions' statistics afterwards (sites included).
    moved = Site.objects.filter(org=source).update(org=target, updated_at=timezone.now())
    return {"sites_moved": moved} if moved else {}


def _panel(user, org: Org) -> OrgPanel:
    if not user.has_perm(Perm.SITE_VIEW):
        return OrgPanel()
    return OrgPanel(facts=[("服务阵地（含下级）", _in_subtree(org))])


register_org_handler(
    OrgHandler(
        app="sites",
        blocking=_in_subtree,
        blocking_message=DISSOLVE_HAS_SITES,
        move_for_merge=_move_for_merge,
        panel=_panel,
    )
)
