"""The tree's own picker purposes (port "pickers", `gonghui.orgs.pickers.registry`)."""

from gonghui.accounts.permissions import Perm
from gonghui.orgs.models import OrgStatus
from gonghui.orgs.pickers import register_org_picker
from gonghui.orgs.selectors import orgs_in_scope

# Any active union of the user's subtree (阵地's union, a 救助上限's union …).
register_org_picker(
    "org_in_scope",
    lambda user: orgs_in_scope(user).filter(status=OrgStatus.ACTIVE).order_by("path"),
    permission=Perm.ORG_VIEW,
)
