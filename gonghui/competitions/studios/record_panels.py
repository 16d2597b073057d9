"""The studios' panel on a member's record (`gonghui.members.record_panels`): the innovation
studios he leads or belongs to, among those the viewer may see."""

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.competitions.studios.selectors import studios_of_member
from gonghui.members.record_panels import register_panel


def _context(member, user: User) -> dict:
    studios = studios_of_member(user=user, member=member)
    if not studios:
        return {}
    for studio in studios:
        studio.role_label = "领衔人" if studio.lead_id == member.pk else "成员"
    return {"studios": studios}


register_panel(
    "studios",
    "创新工作室",
    order=20,
    perm=Perm.STUDIO_VIEW,
    context=_context,
    template="competitions/studios/_record_panel.html",
)
