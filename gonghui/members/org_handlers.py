"""What members hang on an org (port "org merge/dissolve handlers", `gonghui.orgs.handlers`):
the union's people, who block its dissolution, move with it on a merge, and are counted on the
tree's pages."""

from django.urls import reverse

from gonghui.accounts.permissions import Perm
from gonghui.members.models import Team
from gonghui.members.selectors import (
    active_member_count,
    active_member_counts_by_prefix,
    active_member_total,
    holding_member_count,
)
from gonghui.members.services.merges import members_move_for_merge
from gonghui.members.teams.services import teams_move_for_merge
from gonghui.orgs.handlers import (
    Headcount,
    OrgHandler,
    OrgLink,
    OrgPanel,
    register_headcount,
    register_org_handler,
)
from gonghui.orgs.models import Org

DISSOLVE_HAS_MEMBERS = "该工会（含下级）还有 {n} 名会员（含保留会籍），请先办理转会或退会后再撤销。"


def _move_for_merge(*, actor, source: Org, target: Org) -> dict:
    moved = members_move_for_merge(actor=actor, source=source, target=target)
    teams = teams_move_for_merge(actor=actor, source=source, target=target)
    # The teams' key only when some moved: a merge of a union without teams reads as before.
    return {"members_moved": moved, **({"teams_moved": teams} if teams else {})}


def _panel(user, org: Org) -> OrgPanel:
    n = active_member_count(org=org)
    links = []
    if user.has_perm(Perm.MEMBER_VIEW):
        links.append(OrgLink(f"查看会员（{n}）", f"{reverse('members:list')}?org={org.pk}"))
    if user.has_perm(Perm.MEMBER_VIEW):
        teams = Team.objects.filter(org__path__startswith=org.path, active=True).count()
        links.append(OrgLink(f"班组（{teams}）", f"{reverse('members:teams')}?org={org.pk}"))
    if org.is_active and org.holds_members and user.has_perm(Perm.MEMBER_ADD):
        links.append(OrgLink("登记会员", f"{reverse('members:create')}?org={org.pk}"))
    return OrgPanel(links=links, facts=[("在会会员（含下级）", n)])


register_headcount(
    Headcount(
        active=lambda org: active_member_count(org=org),
        holding=lambda org: holding_member_count(org=org),
        active_by_child=lambda parent: active_member_counts_by_prefix(parent=parent),
        active_rolled_up=lambda org: active_member_total(org=org),
    )
)
register_org_handler(
    OrgHandler(
        app="members",
        blocking=lambda org: holding_member_count(org=org),
        blocking_message=DISSOLVE_HAS_MEMBERS,
        move_for_merge=_move_for_merge,
        panel=_panel,
    )
)
