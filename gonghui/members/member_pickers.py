"""The members' own member picker purposes (`gonghui.members.pickers`)."""

from gonghui.accounts.permissions import Perm
from gonghui.members.pickers import members_holding, register_member_picker

# Any member holding a membership in the user's subtree: the default for a form naming a member.
register_member_picker("member_in_scope", members_holding, permission=Perm.MEMBER_VIEW)
