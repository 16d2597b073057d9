"""The hotline's org picker purposes (port "pickers", `gonghui.orgs.pickers.registry`)."""

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.hotline.forms import dispatch_targets, transfer_targets
from gonghui.hotline.selectors import is_agent_for
from gonghui.orgs.models import Org
from gonghui.orgs.pickers import register_org_picker
from gonghui.orgs.selectors import orgs_in_scope


def _case_dispatch(user: User, centre: int):
    """派单: any active union under the call centre; nothing for a user who is no agent of it."""
    found = Org.objects.filter(pk=centre, depth=1).first()
    if found is None or not is_agent_for(user, found):
        return Org.objects.none()
    return dispatch_targets(found)


def _case_transfer(user: User, holder: int):
    """转派: the unions below the case's holder; nothing if the holder is outside the scope."""
    holding = orgs_in_scope(user).filter(pk=holder).first()
    return transfer_targets(holding) if holding is not None else orgs_in_scope(user).none()


register_org_picker("case_dispatch", _case_dispatch, permission=Perm.HOTLINE_AGENT)
register_org_picker("case_transfer", _case_transfer, permission=Perm.HOTLINE_HANDLE)
