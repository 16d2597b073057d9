"""Writes of notifications: sending them (in bulk, deduplicated) and marking them read."""

from collections.abc import Iterable

from django.db import connections, transaction
from django.db.models import QuerySet
from django.db.models.constants import OnConflict
from django.utils import timezone

from gonghui.core.access import access_in_scope
from gonghui.notifications.models import Notification, NotificationRead
from gonghui.notifications.selectors import notification_list, unread

NOT_FOUND = "找不到该通知。"


def notify_orgs(notifications: Iterable[Notification], *, batch_size: int = 2000) -> int:
    """Insert org notifications in bulk. Those with `due_at` are deduplicated on (ref, kind,
    due_at, recipient_org): a notification already sent is silently skipped (ON CONFLICT DO
    NOTHING), so two sweeps running at once never notify twice. Returns how many were offered."""
    rows = list(notifications)
    if rows:
        Notification.objects.bulk_create(rows, batch_size=batch_size, ignore_conflicts=True)
    return len(rows)


def notify_orgs_select(rows: QuerySet) -> int:
    """Insert org notifications straight from a query, in one INSERT ... SELECT: nothing is
    read into Python, however many rows. `rows` is a `.values()` queryset whose columns are
    named `n_<Notification field>` (n_recipient_org_id, n_kind, n_title, ...). Duplicates of
    notifications already sent are skipped (the unique `notification_dedupe`). Returns the
    number of rows inserted."""
    compiler = rows.query.get_compiler(using=rows.db)
    select_sql, params = compiler.as_sql()
    columns = [alias.removeprefix("n_") for _, _, alias in compiler.select]
    meta = Notification._meta
    connection = connections[rows.db]
    qn = connection.ops.quote_name
    sql = " ".join(
        part
        for part in (
            connection.ops.insert_statement(on_conflict=OnConflict.IGNORE),
            qn(meta.db_table),
            "(" + ", ".join(qn(meta.get_field(c).column) for c in columns) + ")",
            select_sql,
            connection.ops.on_conflict_suffix_sql([], OnConflict.IGNORE, None, None),
        )
        if part
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def notify_user(*, user, kind: str, title: str, body: str = "", ref: str = "", link: str = ""):
    return Notification.objects.create(
        recipient_org_id=user.org_id,
        recipient_user=user,
        kind=kind,
        title=title,
        body=body,
        ref=ref,
        link=link,
    )


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's notifications read (again is a no-op)."""
    notification = access_in_scope(
        notification_list(user=user),
        actor=user,
        message=NOT_FOUND,
        org_of=lambda notification: notification.recipient_org,
        pk=notification_id,
    )
    NotificationRead.objects.bulk_create(
        [NotificationRead(notification=notification, user=user)], ignore_conflicts=True
    )
    return notification


@transaction.atomic
def notification_mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read: one read, one bulk insert."""
    now = timezone.now()
    ids = list(unread(user=user, now=now).values_list("pk", flat=True))
    NotificationRead.objects.bulk_create(
        [NotificationRead(notification_id=pk, user=user, read_at=now) for pk in ids],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(ids)
