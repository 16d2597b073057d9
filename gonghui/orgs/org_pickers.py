"""The tree's own picker purposes (port "pickers", `gonghui.orgs.pickers.registry`)."""

from django.db.models import QuerySet

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.orgs.models import MEMBER_HOLDING_TYPES, REGIONAL_TYPES, Org, OrgStatus
from gonghui.orgs.pickers import register_org_picker
from gonghui.orgs.selectors import orgs_in_scope

# Any active union of the user's subtree (阵地's union, a 救助上限's union …).
register_org_picker(
    "org_in_scope",
    lambda user: orgs_in_scope(user).filter(status=OrgStatus.ACTIVE).order_by("path"),
    permission=Perm.ORG_VIEW,
)
# The union a staff account belongs to (工作人员账号), and the list's filter by union.
register_org_picker(
    "staff_org",
    lambda user: orgs_in_scope(user).filter(status=OrgStatus.ACTIVE).order_by("path"),
    permission=Perm.STAFF_MANAGE,
)


def _others_in_scope(user: User, org: int) -> tuple[Org | None, QuerySet[Org]]:
    """The org (None outside the user's subtree) and the active unions of the subtree that are
    neither it nor below it: a union cannot go under, nor merge into, its own branch."""
    scope = orgs_in_scope(user)
    found = scope.filter(pk=org).first()
    if found is None:
        return None, scope.none()
    others = scope.filter(status=OrgStatus.ACTIVE).exclude(path__startswith=found.path)
    return found, others.order_by("path")


def move_parents(user: User, org: int) -> QuerySet[Org]:
    """移动: a new parent in the user's subtree, not the current one (it is there already). A
    regional union goes only under a regional union of a higher tier (a 街道 under a 县区, not
    under a company); the others may go under any union."""
    moving, others = _others_in_scope(user, org)
    if moving is None:
        return others
    others = others.exclude(path=moving.path[: -Org.steplen])
    if moving.org_type in REGIONAL_TYPES:
        higher = REGIONAL_TYPES[: REGIONAL_TYPES.index(moving.org_type)]
        others = others.filter(org_type__in=higher)
    return others


def merge_targets(user: User, org: int) -> QuerySet[Org]:
    """合并: a union of the same kind in the user's subtree: a regional union merges into one of
    its own type (街道 into 街道), any other into a union that holds members (they move there)."""
    source, others = _others_in_scope(user, org)
    if source is None:
        return others
    if source.org_type in REGIONAL_TYPES:
        return others.filter(org_type=source.org_type)
    return others.filter(org_type__in=MEMBER_HOLDING_TYPES)


register_org_picker("org_move_parent", move_parents, permission=Perm.ORG_MANAGE)
register_org_picker("org_merge_target", merge_targets, permission=Perm.ORG_MANAGE)
