"""Writes of the inbox: `refresh` after every action that may open or close an item (in its
transaction), `dismiss` for items the user may clear himself, and the rebuild from the kinds'
own queries."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Model

from gonghui.accounts.models import User
from gonghui.core.access import access_in_scope
from gonghui.core.errors import ApplicationError
from gonghui.inbox.kinds import InboxKind, Item, kind_of, kinds, kinds_for_model
from gonghui.inbox.models import OpenItem
from gonghui.inbox.selectors import expected_items, visible_items
from gonghui.notifications.models import Notification, NotificationKind
from gonghui.notifications.services import notify_orgs

ITEM_NOT_FOUND = "找不到该待办事项。"
NOT_DISMISSABLE = "这项待办要在业务页面办理后才会消失，不能直接清除。"
NEW_WORK_TITLE = "新待办：{label}"


def _fields(item: Item) -> dict:
    return {
        "org_id": item.org_id,
        "user_id": item.user_id,
        "summary": item.summary[: OpenItem._meta.get_field("summary").max_length],
        "link": item.link,
        "due_at": item.due_at,
    }


def _new_work(kind: InboxKind, item: Item) -> Notification:
    return Notification(
        recipient_org_id=item.org_id,
        recipient_user_id=item.user_id,
        kind=NotificationKind.WORK,
        title=NEW_WORK_TITLE.format(label=kind.label),
        body=item.summary,
        link=item.link,
    )


def refresh_pks(model: str, pks: Iterable) -> None:
    """Bring the open items of the objects `pks` of `model` ("hotline.Case") in line with their
    kinds' `source()`: open what is pending now (notifying the acting side of new work where
    the kind says so, and the new side of an item passed on to another org or user), update
    what changed (holder, deadline), close what is no longer pending.
    Two queries per kind plus the writes; run it in the action's transaction."""
    refs = {str(pk) for pk in pks}
    if not refs:
        return
    notices = []
    for kind in kinds_for_model(model):
        pending = {str(obj.pk): kind.item(obj) for obj in kind.source().filter(pk__in=refs)}
        existing = {row.ref: row for row in OpenItem.objects.filter(kind=kind.key, ref__in=refs)}
        OpenItem.objects.filter(kind=kind.key, ref__in=existing.keys() - pending.keys()).delete()
        created = []
        for ref, item in pending.items():
            fields = _fields(item)
            row = existing.get(ref)
            if row is None:
                created.append(OpenItem(kind=kind.key, ref=ref, **fields))
                if kind.notify:
                    notices.append(_new_work(kind, item))
            elif any(getattr(row, name) != value for name, value in fields.items()):
                OpenItem.objects.filter(pk=row.pk).update(**fields)
                # Passed on to someone else (a case 转派 before it was accepted): new work
                # for them.
                if kind.notify and (row.org_id, row.user_id) != (item.org_id, item.user_id):
                    notices.append(_new_work(kind, item))
        OpenItem.objects.bulk_create(created)
    notify_orgs(notices)


def refresh(obj: Model) -> None:
    """`refresh_pks` for one object."""
    refresh_pks(obj._meta.label, [obj.pk])


def dismiss(*, user: User, item_id: int) -> None:
    """Clear one of the user's items of a dismissable kind (知道了)."""
    item = access_in_scope(
        visible_items(user),
        actor=user,
        message=ITEM_NOT_FOUND,
        org_of=lambda item: item.org,
        pk=item_id,
    )
    kind = kind_of(item.kind)
    if kind is None or not kind.dismissable:
        raise ApplicationError(NOT_DISMISSABLE, code="not_dismissable")
    item.delete()


@transaction.atomic
def rebuild(keys: Iterable[str] | None = None) -> dict[str, int]:
    """Rewrite the table from the kinds' `source()` (all kinds, or those named); rows of kinds
    nobody registers any more go too. Dismissable kinds are left alone: what a user cleared
    must not come back. Returns the number of rows per kind that has any."""
    chosen = [kind for kind in kinds() if keys is None or kind.key in keys]
    if keys is None:
        OpenItem.objects.exclude(kind__in=[kind.key for kind in kinds()]).delete()
    counts = {}
    for kind in chosen:
        if kind.dismissable:
            continue
        OpenItem.objects.filter(kind=kind.key).delete()
        rows = [
            OpenItem(kind=kind.key, ref=ref, **_fields(item)) for ref, item in expected_items(kind)
        ]
        OpenItem.objects.bulk_create(rows, batch_size=2000)
        if rows:
            counts[kind.key] = len(rows)
    return counts
