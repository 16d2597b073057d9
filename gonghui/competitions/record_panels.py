"""The contests' panel on a member's record (`gonghui.members.record_panels`): his entries,
results, titles conferred and skill-grade promotions."""

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.competitions.contests.selectors import member_record
from gonghui.members.codes import TECH_LEVEL_CHOICES
from gonghui.members.record_panels import register_panel

_GRADES = dict(TECH_LEVEL_CHOICES)


def _context(member, user: User) -> dict:
    entries = member_record(member)
    if not entries:
        return {}
    for entry in entries:
        entry.promoted_label = _GRADES.get(entry.promoted_to, "")
    # Every contest a member of the viewer's subtree entered is one the viewer can open: hosted
    # in the subtree or a published one above it.
    return {"entries": entries, "linked": True}


register_panel(
    "competitions",
    "竞赛成绩与称号",
    order=10,
    perm=Perm.CONTEST_VIEW,
    context=_context,
    template="competitions/_record_panel.html",
)

# The studios register their own (gonghui/competitions/studios).
from gonghui.competitions.studios import record_panels as _studios  # noqa: E402, F401

# The online courses of 工匠学院 register their own (gonghui/competitions/training/online).
from gonghui.competitions.training.online import record_panels as _online  # noqa: E402, F401
