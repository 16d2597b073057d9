"""What notices hang on an org (port "org merge/dissolve handlers", `gonghui.orgs.handlers`):
a merged union's notices become the receiving union's, published by it and to its subtree (the
workers of the merged union are the receiving union's now). They never stop a dissolution: a
dissolved union's notices simply reach nobody."""

from django.utils import timezone

from gonghui.notices.models import Notice
from gonghui.orgs.handlers import OrgHandler, register_org_handler
from gonghui.orgs.models import Org


def _move_for_merge(*, actor, source: Org, target: Org) -> dict:
    now = timezone.now()
    moved = Notice.objects.filter(publisher=source).update(publisher=target, updated_at=now)
    moved += Notice.objects.filter(target=source).update(target=target, updated_at=now)
    return {"notices_moved": moved} if moved else {}


register_org_handler(OrgHandler(app="notices", move_for_merge=_move_for_merge))
