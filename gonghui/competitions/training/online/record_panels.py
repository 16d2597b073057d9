"""The online courses' panel on a member's record (`gonghui.members.record_panels`): the courses
he studied, the time credited, and the hours of those he completed."""

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.competitions.training.online.selectors import member_progress
from gonghui.members.record_panels import register_panel


def _context(member, user: User) -> dict:
    progress = sorted(member_progress(member).values(), key=lambda p: p.started_at, reverse=True)
    if not progress:
        return {}
    return {"progress": progress}


register_panel(
    "training_online",
    "线上学习",
    order=30,
    perm=Perm.TRAINING_ONLINE_MANAGE,
    context=_context,
    template="training/online/_record_panel.html",
)
