"""Reads of notices. Staff see the notices published by unions of their subtree; a worker sees
the published notices, inside their window, whose target subtree holds his union."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core.access import access_in_scope
from gonghui.core.errors import NotFound
from gonghui.notices.models import Notice, NoticeStatus
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_scope_path

NOTICE_NOT_FOUND = "找不到该通知，或您无权查看。"


def notice_list(*, user: User, q: str = "", status: str = "") -> QuerySet[Notice]:
    """Notices whose publisher is in the user's subtree, newest first."""
    qs = Notice.objects.filter(publisher__path__startswith=org_scope_path(user)).select_related(
        "publisher", "target"
    )
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(body__contains=q))
    return qs.order_by("-publish_from", "-id")


def access_notice_by_id(user: User, notice_id) -> Notice:
    """The notice if its publisher is in the user's subtree; the same NotFound whether missing
    or out of scope, and an out-of-scope attempt is audited."""
    scoped = Notice.objects.select_related("publisher", "target", "created_by").filter(
        publisher__path__startswith=org_scope_path(user)
    )
    return access_in_scope(
        scoped, actor=user, message=NOTICE_NOT_FOUND, org_of=lambda n: n.publisher, pk=notice_id
    )


def ancestor_paths(path: str) -> list[str]:
    """The materialised paths of a node and of each of its ancestors: "0001", "00010002", …"""
    step = Org.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def notices_for_union(union: Org | None) -> QuerySet[Notice]:
    """What a worker of `union` sees: published notices inside their window whose target is the
    union or one of its ancestors, newest first. Without a union, a worker sees the notices
    published to a whole tree (a root's subtree: the province's)."""
    now = timezone.now()
    qs = Notice.objects.filter(status=NoticeStatus.PUBLISHED, publish_from__lte=now).filter(
        Q(publish_until__isnull=True) | Q(publish_until__gt=now)
    )
    if union is None:
        qs = qs.filter(target__depth=1)
    else:
        qs = qs.filter(target__path__in=ancestor_paths(union.path))
    return qs.select_related("publisher").order_by("-publish_from", "-id")


def visible_notice(union: Org | None, notice_id) -> Notice:
    """One notice the worker of `union` may read; anything else answers as missing."""
    notice = (
        notices_for_union(union).filter(pk=notice_id).first() if str(notice_id).isdigit() else None
    )
    if notice is None:
        raise NotFound(NOTICE_NOT_FOUND)
    return notice
