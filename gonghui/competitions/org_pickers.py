"""The competitions' org picker purposes (`gonghui.orgs.pickers.registry`)."""

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.competitions.contests.selectors import access_contest_by_id
from gonghui.orgs.models import Org, OrgStatus
from gonghui.orgs.pickers import register_org_picker
from gonghui.orgs.selectors import org_scope_path


def contest_hosts(user: User):
    """Unions of the user's subtree that may host a contest."""
    return Org.objects.filter(path__startswith=org_scope_path(user), status=OrgStatus.ACTIVE)


def contest_units(user: User, contest: int):
    """Units the user's unions may enter in the contest: in both the user's and the host's
    subtree."""
    host = access_contest_by_id(user, contest).host
    return contest_hosts(user).filter(path__startswith=host.path)


register_org_picker("contest_host", contest_hosts, permission=Perm.CONTEST_MANAGE)
register_org_picker("contest_unit", contest_units, permission=Perm.CONTEST_ENTER)

# The studios and 五小 register their own (gonghui/competitions/studios).
from gonghui.competitions.studios import org_pickers as _studios  # noqa: E402, F401
from gonghui.competitions.training import org_pickers as _training  # noqa: E402, F401
