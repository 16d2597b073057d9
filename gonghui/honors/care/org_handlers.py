"""What 劳模服务管理 hangs on an org (port "org merge/dissolve handlers", `gonghui.orgs.handlers`):
the honorees of the union. They go with the union it is merged into, and stop a dissolution
(their allowances and care are the union's to carry on)."""

from django.utils import timezone

from gonghui.accounts.permissions import Perm
from gonghui.honors.models import Honoree
from gonghui.orgs.handlers import OrgHandler, OrgPanel, register_org_handler
from gonghui.orgs.models import Org

DISSOLVE_HAS_HONOREES = (
    "该工会（含下级）还有 {n} 名劳模（荣誉对象），请先将其所在工会合并到其他工会后再撤销。"
)


def _in_subtree(org: Org) -> int:
    return Honoree.objects.filter(org__path__startswith=org.path).count()


def _move_for_merge(*, actor, source: Org, target: Org) -> dict:
    # The merge recounts both unions' statistics afterwards (honorees included).
    moved = Honoree.objects.filter(org=source).update(org=target, updated_at=timezone.now())
    return {"honorees_moved": moved} if moved else {}


def _panel(user, org: Org) -> OrgPanel:
    if not user.has_perm(Perm.HONOREE_VIEW):
        return OrgPanel()
    living = Honoree.objects.filter(org__path__startswith=org.path, alive=True).count()
    return OrgPanel(facts=[("健在劳模（含下级）", living)])


register_org_handler(
    OrgHandler(
        app="honorees",
        blocking=_in_subtree,
        blocking_message=DISSOLVE_HAS_HONOREES,
        move_for_merge=_move_for_merge,
        panel=_panel,
    )
)
