"""The members' org picker purposes (port "pickers", `gonghui.orgs.pickers.registry`)."""

from gonghui.accounts.permissions import Perm
from gonghui.orgs.pickers import register_org_picker
from gonghui.orgs.selectors import member_holding_orgs

# Unions of the user's subtree that hold members: 登记入会, the import's default union, 申请转入.
register_org_picker("member_holding", member_holding_orgs, permission=Perm.MEMBER_VIEW)
