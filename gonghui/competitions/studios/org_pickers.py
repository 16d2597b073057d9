"""The studios' org picker purposes (port "pickers", `gonghui.orgs.pickers.registry`)."""

from gonghui.accounts.permissions import Perm
from gonghui.orgs.pickers import register_org_picker
from gonghui.orgs.selectors import member_holding_orgs

# A studio's host unit: an active base union (or 产业/联合会) of the user's subtree.
register_org_picker("studio_host", member_holding_orgs, permission=Perm.STUDIO_MANAGE)
