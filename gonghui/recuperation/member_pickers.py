"""疗休养's member picker purpose (`gonghui.members.pickers`)."""

from gonghui.accounts.permissions import Perm
from gonghui.members.pickers import members_holding, register_member_picker

# 推荐/报名: a member holding a membership (在会 or 保留: retired 劳模) of the user's subtree.
register_member_picker(
    "recuperation_participant", members_holding, permission=Perm.RECUPERATION_MANAGE
)
