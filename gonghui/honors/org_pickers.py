"""The honors' org picker purposes (`gonghui.orgs.pickers.registry`)."""

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.orgs.models import OrgStatus
from gonghui.orgs.pickers import register_org_picker
from gonghui.orgs.selectors import orgs_in_scope


def _active(user: User):
    return orgs_in_scope(user).filter(status=OrgStatus.ACTIVE).order_by("path")


def _below(user: User):
    return _active(user).exclude(pk=user.org_id)


# The union that confers an honor type (catalogue).
register_org_picker("honor_conferrer", _active, permission=Perm.HONOR_CATALOGUE)
# A collective nominated for a 五一劳动奖状.
register_org_picker("honor_collective", _active, permission=Perm.HONOR_NOMINATE)
# The union a level gives part of its places to.
register_org_picker("honor_quota_to", _below, permission=Perm.HONOR_MANAGE)
