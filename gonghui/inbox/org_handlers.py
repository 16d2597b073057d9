"""What the inbox hangs on an org (port "org merge/dissolve handlers", gonghui.orgs.handlers):
the open items of a merged union go with it into the union it is merged into, at once; once the
merge has committed (its child unions moved, every app's objects moved or left), each moved item
is asked of its kind again, so an app that leaves its objects with the closed union (the hotline's
cases: moving one is a 转派) keeps its items there, as `inbox_check` expects."""

from collections import defaultdict

from django.db import transaction

from gonghui.inbox.kinds import kind_of
from gonghui.inbox.models import OpenItem
from gonghui.inbox.services import refresh_pks
from gonghui.orgs.handlers import OrgHandler, register_org_handler
from gonghui.orgs.models import Org


def _move_for_merge(*, actor, source: Org, target: Org) -> dict:
    items = OpenItem.objects.filter(org=source)
    refs = defaultdict(set)
    for key, ref in items.values_list("kind", "ref"):
        kind = kind_of(key)
        if kind is not None:
            refs[kind.model].add(ref)
    moved = items.update(org=target)

    def ask_again():
        for model, pks in refs.items():
            refresh_pks(model, pks)

    transaction.on_commit(ask_again)
    return {"open_items_moved": moved} if moved else {}


register_org_handler(OrgHandler(app="inbox", move_for_merge=_move_for_merge))
