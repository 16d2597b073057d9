"""The members' org picker purposes (port "pickers", `gonghui.orgs.pickers.registry`)."""

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.orgs.models import MEMBER_HOLDING_TYPES, Org, OrgStatus
from gonghui.orgs.pickers import register_org_picker
from gonghui.orgs.selectors import member_holding_orgs

# Unions of the user's subtree that hold members: 登记入会, the import's default union, 申请转入.
register_org_picker("member_holding", member_holding_orgs, permission=Perm.MEMBER_VIEW)


def _transfer_target(user: User, exclude: int):
    """转会 from the member's page: any active union of the province that holds members (union
    names are public; the receiving side decides), but the member's own."""
    return (
        Org.objects.filter(status=OrgStatus.ACTIVE, org_type__in=MEMBER_HOLDING_TYPES)
        .exclude(pk=exclude)
        .order_by("path")
    )


register_org_picker("transfer_target", _transfer_target, permission=Perm.MEMBER_TRANSFER)
