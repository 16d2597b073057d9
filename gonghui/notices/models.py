"""Notices (通知公告) a union publishes to the workers of its subtree.

A notice is published by a union (`publisher`) to one subtree: the publisher's own or a chosen
descendant's (`target`). A worker's notices are those whose target's materialised path is one
of his union's ancestor paths (or its own): one `target__path__in` query through the unique path
index, whatever the depth, and still right after an org moves in the tree (no copied path).
A notice is seen inside its publish window; a withdrawn one is seen by nobody on the portal.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class Notice(models.Model):
    title = models.CharField("标题", max_length=80)
    body = models.TextField("正文")
    publisher = models.ForeignKey(
        "orgs.Org", verbose_name="发布工会", on_delete=models.PROTECT, related_name="+"
    )
    target = models.ForeignKey(
        "orgs.Org", verbose_name="发布范围", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.PUBLISHED
    )
    publish_from = models.DateTimeField("发布时间")
    publish_until = models.DateTimeField("截止时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "通知公告"
        verbose_name_plural = "通知公告"
        indexes = [
            # The portal's read: target IN (the union's ancestors), status, newest first.
            models.Index(fields=["target", "status", "-publish_from"], name="notice_target_window"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(publish_until__isnull=True) | Q(publish_until__gt=F("publish_from")),
                name="notice_window_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title
