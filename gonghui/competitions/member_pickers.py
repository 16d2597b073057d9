"""The competitions' member and team picker purposes (`gonghui.members.pickers`,
`gonghui.members.teams.pickers`)."""

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.competitions.contests.selectors import access_contest_by_id
from gonghui.members.pickers import members_holding, register_member_picker
from gonghui.members.teams.pickers import active_teams, register_team_picker


def contest_entrants(user: User, contest: int):
    """Members the user may enter: holding a membership, in the user's and the host's subtree."""
    host = access_contest_by_id(user, contest).host
    return members_holding(user).filter(org__path__startswith=host.path)


def contest_teams(user: User, contest: int):
    """Active teams the user may enter: of a union in the user's and the host's subtree."""
    host = access_contest_by_id(user, contest).host
    return active_teams(user).filter(org__path__startswith=host.path)


register_member_picker("contest_entrant", contest_entrants, permission=Perm.CONTEST_ENTER)
register_team_picker("contest_team", contest_teams, permission=Perm.CONTEST_ENTER)

# The studios and 五小 register their own (gonghui/competitions/studios).
from gonghui.competitions.studios import member_pickers as _studios  # noqa: E402, F401
from gonghui.competitions.training import member_pickers as _training  # noqa: E402, F401
