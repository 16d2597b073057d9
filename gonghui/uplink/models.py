from django.db import models
from django.db.models import Q


class MessageStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已送达"


class UplinkMessage(models.Model):
    """The outbox of the upward link: one row per case event, written in the event's own
    transaction, sent in order per case until the endpoint acknowledges it (HTTP 2xx).
    The JSON sent is `payload` as it was when the event happened (built by the app that
    registered the event: gonghui.uplink.receivers)."""

    event = models.OneToOneField(
        "hotline.CaseEvent", on_delete=models.CASCADE, related_name="uplink_message"
    )
    case_number = models.CharField("工单编号", max_length=20)
    seq = models.PositiveIntegerField("工单内序号")
    payload = models.JSONField("报文")
    status = models.CharField(
        "状态", max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveIntegerField("发送次数", default=0)
    next_attempt_at = models.DateTimeField("下次发送时间")
    last_error = models.CharField("最近一次错误", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField("送达时间", null=True, blank=True)

    class Meta:
        verbose_name = "上报消息"
        verbose_name_plural = "上报消息"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["case_number", "seq"], name="uplink_one_per_seq")
        ]
        indexes = [
            models.Index(fields=["id"], condition=Q(status="pending"), name="uplink_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.case_number}#{self.seq}"
