"""In-app notifications, addressed to an org (every staff user of it sees them) or to one user.

One row per org, not one per user: the sweep notifies the holder org and the level above for
every late case, and a county union may have dozens of accounts; fanning out would multiply the
rows written by the sweep by the number of users, and add rows every time an account is created.
Who has read what is kept apart, in `NotificationRead` (one row per user who opened it), so the
unread count of a user is one indexed query: the org's recent notifications without a read row
of theirs (see `selectors.unread_count`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class NotificationKind(models.TextChoices):
    CASE_OVERDUE = "case_overdue", "工单超期"
    DISPATCH_LATE = "dispatch_late", "超时未派单"
    ACCEPT_LATE = "accept_late", "超时未接单"
    SUPERVISED = "supervised", "督办"
    # A new 待办 item for the recipient (gonghui.inbox), and a decision on what they asked for.
    WORK = "work", "新待办"
    DECIDED = "decided", "办理结果"
    OTHER = "other", "通知"


class Notification(models.Model):
    recipient_org = models.ForeignKey(
        "orgs.Org",
        verbose_name="接收单位",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # first column of notification_org_created
    )
    # Set: for this user only (recipient_org is then the user's org, for scoping).
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField("类型", max_length=20, choices=NotificationKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    # What the notification is about (a case number) and where to open it.
    ref = models.CharField("相关编号", max_length=40, blank=True)
    link = models.CharField("链接", max_length=200, blank=True)
    # The deadline or target time it reports on. With `ref` and `kind` it is the dedupe key:
    # one notification per org for one (case, kind, deadline), however often the sweep runs.
    due_at = models.DateTimeField("时限", null=True, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient_org", "-created_at"], name="notification_org_created"),
            models.Index(
                fields=["recipient_user", "-created_at"],
                condition=Q(recipient_user__isnull=False),
                name="notification_user_created",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ref", "kind", "due_at", "recipient_org"],
                condition=Q(due_at__isnull=False, recipient_user__isnull=True),
                name="notification_dedupe",
            )
        ]

    def __str__(self) -> str:
        return self.title


class NotificationRead(models.Model):
    """User `user` has read `notification`."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "通知已读"
        verbose_name_plural = "通知已读"
        constraints = [
            models.UniqueConstraint(fields=["notification", "user"], name="notification_read_once")
        ]


class DigestWatermark(models.Model):
    """The newest notification already sent to `user` in a digest (`notifications_digest`):
    the next digest sends only newer unread ones."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    last_notification_id = models.BigIntegerField("已发送至通知编号", default=0)
    sent_at = models.DateTimeField("最近发送时间", default=timezone.now)

    class Meta:
        verbose_name = "通知摘要发送记录"
        verbose_name_plural = "通知摘要发送记录"
