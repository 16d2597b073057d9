"""The hotline's org picker purposes (port "pickers", `gonghui.orgs.pickers.registry`)."""

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.hotline.forms import transfer_targets
from gonghui.orgs.pickers import register_org_picker
from gonghui.orgs.selectors import orgs_in_scope


def _case_transfer(user: User, holder: int):
    """转派: the unions below the case's holder; nothing if the holder is outside the scope."""
    holding = orgs_in_scope(user).filter(pk=holder).first()
    return transfer_targets(holding) if holding is not None else orgs_in_scope(user).none()


register_org_picker("case_transfer", _case_transfer, permission=Perm.HOTLINE_HANDLE)
