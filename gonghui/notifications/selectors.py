"""Reads of notifications, always for one user.

A user sees the notifications addressed to their org and those addressed to them. Only the last
`UNREAD_WINDOW_DAYS` count as unread: the badge query then reads a bounded slice of the
(recipient_org, created_at) index whatever the age of the org, and a notice left unopened for
three months is no longer news (it stays in the list).
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.notifications.models import Notification, NotificationRead

UNREAD_WINDOW_DAYS = 90


def _for(user: User | None) -> Q | None:
    if user is None or not user.is_authenticated or user.org_id is None:
        return None
    return Q(recipient_user=user) | Q(recipient_user__isnull=True, recipient_org_id=user.org_id)


def notification_list(*, user: User) -> QuerySet[Notification]:
    """The user's notifications, newest first, each with `is_read`."""
    scope = _for(user)
    if scope is None:
        # Still annotated: the page filters on is_read (a superuser without an org got a 500).
        scope = Q(pk__in=[])
    read = NotificationRead.objects.filter(notification=OuterRef("pk"), user=user)
    return Notification.objects.filter(scope).annotate(is_read=Exists(read))


def unread(*, user: User, now=None) -> QuerySet[Notification]:
    scope = _for(user)
    if scope is None:
        return Notification.objects.none()
    since = (now or timezone.now()) - timedelta(days=UNREAD_WINDOW_DAYS)
    read = NotificationRead.objects.filter(notification=OuterRef("pk"), user=user)
    return Notification.objects.filter(scope, created_at__gte=since).exclude(Exists(read))


def unread_count(*, user: User, now=None) -> int:
    """One query: COUNT of the recent notifications of the user's org (or to them) with no read
    row of theirs (NOT EXISTS on the unique (notification, user) index)."""
    if _for(user) is None:
        return 0
    return unread(user=user, now=now).count()
