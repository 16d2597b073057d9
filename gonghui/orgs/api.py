from ninja import Router

from gonghui.accounts.api import require
from gonghui.accounts.permissions import Perm
from gonghui.orgs.models import Org
from gonghui.orgs.schemas import OrgChildOut, OrgOut
from gonghui.orgs.selectors import access_org_by_id, org_children, scope_top

router = Router(tags=["工会组织"])


def _org_out(org: Org, parent: Org | None) -> dict:
    return {
        "id": org.pk,
        "name": org.name,
        "type": org.org_type,
        "level": org.level,
        "division_code": org.division_code,
        "parent_id": parent.pk if parent else None,
    }


@router.get("", response=list[OrgOut], summary="本账号所属工会")
@require(Perm.ORG_VIEW)
def orgs_list(request):
    """The top of the caller's scope: the union the account belongs to."""
    return [_org_out(org, Org.objects.get_parent(org)) for org in scope_top(request.user)]


@router.get("/{org_id}", response=OrgOut, summary="工会组织详情")
@require(Perm.ORG_VIEW)
def orgs_detail(request, org_id: int):
    org = access_org_by_id(request.user, org_id)
    return _org_out(org, Org.objects.get_parent(org))


@router.get("/{org_id}/children", response=list[OrgChildOut], summary="下级工会列表")
@require(Perm.ORG_VIEW)
def orgs_children(request, org_id: int):
    """Active child unions in tree order, each with its subtree's active member count."""
    org = access_org_by_id(request.user, org_id)
    return [
        {
            **_org_out(child, org),
            "member_count": child.member_count,
            "has_children": child.has_children,
        }
        for child in org_children(user=request.user, org=org)
    ]
