"""What the inbox hangs on an org (port "org merge/dissolve handlers", gonghui.orgs.handlers):
the open items it must act on go with it into the union it is merged into."""

from gonghui.inbox.models import OpenItem
from gonghui.orgs.handlers import OrgHandler, register_org_handler
from gonghui.orgs.models import Org


def _move_for_merge(*, actor, source: Org, target: Org) -> dict:
    moved = OpenItem.objects.filter(org=source).update(org=target)
    return {"open_items_moved": moved} if moved else {}


register_org_handler(OrgHandler(app="inbox", move_for_merge=_move_for_merge))
