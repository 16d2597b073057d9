"""The notices' org picker purposes (port "pickers", `gonghui.orgs.pickers.registry`)."""

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.notices.forms import notice_targets
from gonghui.orgs.pickers import register_org_picker
from gonghui.orgs.selectors import orgs_in_scope


def _notice_target(user: User, publisher: int):
    """发布范围: the publishing union or a regional union below it (`notice_targets`); nothing
    if the publisher is outside the user's subtree."""
    found = orgs_in_scope(user).filter(pk=publisher).first()
    return notice_targets(found) if found is not None else orgs_in_scope(user).none()


register_org_picker("notice_target", _notice_target, permission=Perm.NOTICE_MANAGE)
