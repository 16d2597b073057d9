"""The open items of the 待办 inbox: one row per piece of pending work, kept by the domains in
the same transaction as the action that opens or closes it (`gonghui.inbox.services.refresh`).

A row is addressed to an org (every staff user of that org holding the kind's permission must
act) or to one named user (`user`, with `org` their org, for scoping). Its state (overdue, due
today) is not stored: it follows from `due_at` at read time, so no sweep has to touch the table
when a deadline passes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class OpenItem(models.Model):
    kind = models.CharField("类型", max_length=40)
    # The object the work is about, within the kind (a case's id): (kind, ref) is unique.
    ref = models.CharField("对象", max_length=40)
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name="办理单位",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # first column of inbox_item_org_kind
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    summary = models.CharField("事项", max_length=200)
    link = models.CharField("链接", max_length=200)
    due_at = models.DateTimeField("办理时限", null=True, blank=True)
    opened_at = models.DateTimeField("产生时间", default=timezone.now)

    class Meta:
        verbose_name = "待办事项"
        verbose_name_plural = "待办事项"
        permissions = [("supervise_openitem", "查看下级超期待办")]
        constraints = [
            models.UniqueConstraint(fields=["kind", "ref"], name="inbox_item_once"),
        ]
        indexes = [
            models.Index(fields=["org", "kind", "due_at"], name="inbox_item_org_kind"),
            models.Index(
                fields=["user", "due_at"],
                condition=Q(user__isnull=False),
                name="inbox_item_user",
            ),
            models.Index(fields=["due_at"], name="inbox_item_due"),
        ]

    def __str__(self) -> str:
        return self.summary
