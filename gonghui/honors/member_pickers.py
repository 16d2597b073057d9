"""The honors' member picker purpose (`gonghui.members.pickers`): a nominee comes from the
registry, an active member of the user's subtree."""

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.members.codes import MemberStatus
from gonghui.members.models import Member
from gonghui.members.pickers import register_member_picker
from gonghui.orgs.selectors import org_scope_path


def _active_members(user: User):
    return Member.objects.filter(
        org__path__startswith=org_scope_path(user), status=MemberStatus.ACTIVE
    )


register_member_picker("honor_nominee", _active_members, permission=Perm.HONOR_NOMINATE)
