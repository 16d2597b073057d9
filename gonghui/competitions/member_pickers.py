"""The competitions' member picker purposes (`gonghui.members.pickers`)."""

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.competitions.contests.selectors import access_contest_by_id
from gonghui.members.pickers import members_holding, register_member_picker


def contest_entrants(user: User, contest: int):
    """Members the user may enter: holding a membership, in the user's and the host's subtree."""
    host = access_contest_by_id(user, contest).host
    return members_holding(user).filter(org__path__startswith=host.path)


register_member_picker("contest_entrant", contest_entrants, permission=Perm.CONTEST_ENTER)

# The studios and 五小 register their own (gonghui/competitions/studios).
from gonghui.competitions.studios import member_pickers as _studios  # noqa: E402, F401
from gonghui.competitions.training import member_pickers as _training  # noqa: E402, F401
