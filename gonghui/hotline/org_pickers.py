"""The hotline's org picker purposes (port "pickers", `gonghui.orgs.pickers.registry`)."""

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.hotline.forms import county_unions, dispatch_targets, transfer_targets
from gonghui.hotline.selectors import is_agent_for
from gonghui.orgs.models import Org
from gonghui.orgs.pickers import register_org_picker
from gonghui.orgs.selectors import orgs_in_scope


def _agents_centre(user: User, centre: int) -> Org | None:
    """The call centre `centre` if `user` is one of its agents."""
    found = Org.objects.filter(pk=centre, depth=1).first()
    return found if found is not None and is_agent_for(user, found) else None


def _case_dispatch(user: User, centre: int):
    """派单: any active union under the call centre; nothing for a user who is no agent of it."""
    found = _agents_centre(user, centre)
    return dispatch_targets(found) if found is not None else Org.objects.none()


def _intake_county(user: User, centre: int):
    """接听登记's 单位所在县区: the active county unions under the agent's call centre."""
    found = _agents_centre(user, centre)
    return county_unions(found) if found is not None else Org.objects.none()


def _case_transfer(user: User, holder: int):
    """转派: the unions below the case's holder; nothing if the holder is outside the scope."""
    holding = orgs_in_scope(user).filter(pk=holder).first()
    return transfer_targets(holding) if holding is not None else orgs_in_scope(user).none()


def _stats_org(user: User):
    """工单统计's 统计范围: any union of the user's subtree (a merged one keeps its history)."""
    return orgs_in_scope(user).order_by("path")


register_org_picker("hotline_stats_org", _stats_org, permission=Perm.HOTLINE_VIEW)
register_org_picker("intake_county", _intake_county, permission=Perm.HOTLINE_AGENT)
register_org_picker("case_dispatch", _case_dispatch, permission=Perm.HOTLINE_AGENT)
register_org_picker("case_transfer", _case_transfer, permission=Perm.HOTLINE_HANDLE)
