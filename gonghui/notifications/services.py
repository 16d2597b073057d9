"""Writes of notifications: sending them (in bulk, deduplicated), telling the 系统管理员 of a
background failure, and marking them read."""

import logging
from collections.abc import Iterable

from django.db import connections, transaction
from django.db.models import QuerySet
from django.db.models.constants import OnConflict
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core.access import access_in_scope
from gonghui.notifications.models import Notification, NotificationKind, NotificationRead
from gonghui.notifications.selectors import notification_list, unread

logger = logging.getLogger(__name__)

NOT_FOUND = "找不到该通知。"
FAILURE_TITLE = "后台处理失败：{what}"
FAILURE_BODY = (
    "「{source}」出错（{error}），由它完成的后续处理没有进行；已保存的修改不受影响。"
    "请联系技术支持查看错误日志，排除故障后重新保存一次即可补做。"
)


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


def notify_user(
    *, user: User, kind: str, title: str, body: str = "", ref: str = "", link: str = ""
):
    return Notification.objects.create(
        recipient_org_id=user.org_id,
        recipient_user=user,
        kind=kind,
        title=title,
        body=body,
        ref=ref,
        link=link,
    )


def notify_sysadmins_of_failure(*, what: str, source: str, error: BaseException) -> int:
    """Log `error` (error level, with its traceback) and notify every active 系统管理员, since
    nobody reads a log. `what` says in Chinese what could not be done, `source` names the code
    that failed. Only the exception's type is shown: its message may hold personal data.
    Never raises (it runs where a failure must not turn into an error page); returns how
    many administrators were notified."""
    from gonghui.accounts.models import User
    from gonghui.accounts.permissions import ROLE_SYSADMIN

    logger.error("%s failed: %s", source, what, exc_info=error)
    title = FAILURE_TITLE.format(what=what)[: Notification._meta.get_field("title").max_length]
    body = FAILURE_BODY.format(source=source, error=type(error).__name__)
    try:
        with transaction.atomic():
            admins = User.objects.filter(is_active=True, groups__name=ROLE_SYSADMIN).distinct()
            rows = [
                Notification(
                    recipient_org_id=user.org_id,
                    recipient_user=user,
                    kind=NotificationKind.OTHER,
                    title=title,
                    body=body,
                )
                for user in admins.only("pk", "org_id")
            ]
            Notification.objects.bulk_create(rows)
    except Exception:  # noqa: BLE001 - the failure is logged above; this must not raise
        logger.exception("could not notify the system administrators of: %s", what)
        return 0
    return len(rows)


def report_receiver_failures(*, what: str, results: Iterable[tuple]) -> int:
    """Check the results of `Signal.send_robust`: each receiver that raised is logged and
    reported to the 系统管理员 (`notify_sysadmins_of_failure`). Returns how many failed."""
    failed = 0
    for receiver, result in results:
        if isinstance(result, Exception):
            source = f"{receiver.__module__}.{receiver.__qualname__}"
            notify_sysadmins_of_failure(what=what, source=source, error=result)
            failed += 1
    return failed


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
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


@transaction.atomic(durable=True)
def notification_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read: one read, one bulk insert."""
    now = timezone.now()
    ids = list(unread(user=user, now=now).values_list("pk", flat=True))
    NotificationRead.objects.bulk_create(
        [NotificationRead(notification_id=pk, user=user, read_at=now) for pk in ids],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(ids)
