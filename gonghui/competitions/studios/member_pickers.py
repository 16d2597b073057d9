"""The studios' member picker purposes (`gonghui.members.pickers`)."""

from django.db.models import QuerySet

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.competitions.studios.selectors import access_studio_by_id
from gonghui.members.models import Member
from gonghui.members.pickers import members_holding, register_member_picker

register_member_picker("studio_lead", members_holding, permission=Perm.STUDIO_MANAGE)


def studio_member_candidates(user: User, studio: int) -> QuerySet[Member]:
    """Members holding a membership in the host unit's subtree (and the user's)."""
    host = access_studio_by_id(user, studio).org
    return members_holding(user).filter(org__path__startswith=host.path)


register_member_picker("studio_member", studio_member_candidates, permission=Perm.STUDIO_MANAGE)
