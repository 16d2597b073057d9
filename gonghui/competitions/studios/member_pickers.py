"""The studios' member picker purposes (`gonghui.members.pickers`)."""

from gonghui.accounts.permissions import Perm
from gonghui.members.pickers import members_holding, register_member_picker

register_member_picker("studio_lead", members_holding, permission=Perm.STUDIO_MANAGE)
