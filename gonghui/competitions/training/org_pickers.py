"""The training's org picker purposes (port "pickers", `gonghui.orgs.pickers.registry`)."""

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.orgs.models import Org, OrgStatus
from gonghui.orgs.pickers import register_org_picker
from gonghui.orgs.selectors import org_scope_path


def active_unions(user: User):
    """Active unions of the user's subtree: an academy's host unit, a class's union."""
    return Org.objects.filter(path__startswith=org_scope_path(user), status=OrgStatus.ACTIVE)


register_org_picker("training_host", active_unions, permission=Perm.TRAINING_MANAGE)
