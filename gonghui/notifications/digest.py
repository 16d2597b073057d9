"""The notification digest (`manage.py notifications_digest`): one e-mail per active staff user
with an address and unread notifications newer than the last digest sent to them, through
Django's e-mail backend (console by default, see settings). A per-user watermark
(`DigestWatermark`) keeps what was sent, so running it again sends only what is new.

Hooks:
- `register_digest_lines(fn)`: `fn(user) -> list[str]` adds lines to every user's digest (an
  app above notifications, e.g. the 待办 inbox, may add its open counts); a digest is still
  sent only when there is a new notification.
- settings.GONGHUI_DIGEST_SMS: the dotted path of `send(user, text)`, called with a one-line
  summary for each user digested; empty (the default): no SMS.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from gonghui.accounts.models import User
from gonghui.notifications.models import DigestWatermark, Notification
from gonghui.notifications.selectors import unread

logger = logging.getLogger(__name__)

SUBJECT = "智慧工会：您有 {n} 条新的未读通知"
GREETING = "{name}，您好！自上次提醒以来，您有 {n} 条新的未读通知："
MORE = "……另有 {n} 条，请登录查看。"
FOOTER = "请登录系统查看和办理。此邮件由系统自动发送，请勿回复。"
SMS_TEXT = "您有{n}条新的未读通知，请登录智慧工会查看。"
MAX_LINES = 20

_EXTRA_LINES: list[Callable[[User], list[str]]] = []


def register_digest_lines(fn: Callable[[User], list[str]]) -> None:
    if fn not in _EXTRA_LINES:
        _EXTRA_LINES.append(fn)


def unregister_digest_lines(fn: Callable[[User], list[str]]) -> None:
    if fn in _EXTRA_LINES:
        _EXTRA_LINES.remove(fn)


@dataclass
class DigestResult:
    users: int = 0  # users looked at
    sent: int = 0  # e-mails sent
    sms: int = 0


def digest_recipients():
    """Active staff users (with an org) who have an e-mail address."""
    return (
        User.objects.filter(is_active=True, org__isnull=False)
        .exclude(email="")
        .select_related("org")
        .order_by("pk")
    )


def _line(notification: Notification) -> str:
    when = timezone.localtime(notification.created_at).strftime("%Y-%m-%d %H:%M")
    text = f"- [{notification.get_kind_display()}] {notification.title}（{when}）"
    if notification.link:
        text += f"\n  {settings.GONGHUI_SITE_URL}{notification.link}"
    return text


def digest_text(user: User, notifications: list[Notification]) -> str:
    name = user.full_name or user.username
    lines = [GREETING.format(name=name, n=len(notifications)), ""]
    lines += [_line(n) for n in notifications[:MAX_LINES]]
    if len(notifications) > MAX_LINES:
        lines.append(MORE.format(n=len(notifications) - MAX_LINES))
    for fn in _EXTRA_LINES:
        extra = fn(user)
        if extra:
            lines += ["", *extra]
    lines += ["", FOOTER]
    return "\n".join(lines)


def _sms_hook() -> Callable[[User, str], None] | None:
    path = getattr(settings, "GONGHUI_DIGEST_SMS", "")
    return import_string(path) if path else None


def send_digest(user: User, *, sms=None) -> bool:
    """Send `user` the unread notifications newer than their watermark; True if one was sent.
    The watermark moves only once the mail went out (a failed send is retried next run)."""
    with transaction.atomic():
        mark, _ = DigestWatermark.objects.select_for_update().get_or_create(user=user)
        fresh = list(unread(user=user).filter(pk__gt=mark.last_notification_id).order_by("pk"))
        if not fresh:
            return False
        send_mail(
            SUBJECT.format(n=len(fresh)),
            digest_text(user, fresh),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
        mark.last_notification_id = fresh[-1].pk
        mark.sent_at = timezone.now()
        mark.save(update_fields=["last_notification_id", "sent_at"])
    if sms is not None:
        try:
            sms(user, SMS_TEXT.format(n=len(fresh)))
        except Exception:  # noqa: BLE001 - an SMS failure must not stop the other users' digests
            logger.exception("digest SMS hook failed for user %s", user.pk)
    return True


def send_digests() -> DigestResult:
    """One digest per recipient with something new."""
    result = DigestResult()
    sms = _sms_hook()
    for user in digest_recipients().iterator(chunk_size=500):
        result.users += 1
        if send_digest(user, sms=sms):
            result.sent += 1
            result.sms += sms is not None
    return result
