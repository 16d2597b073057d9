"""What crosses province lines (docs/scale.md, "The nation").

`NationalOrgStat` is the export of the roll-ups that the national platform subscribes to by
logical replication; `CrossTransfer` and `ExchangeMessage` are the cross-province transfers and
the outbox/inbox of the signed exchange between provinces."""

from django.conf import settings
from django.db import models


class NationalOrgStat(models.Model):
    """One roll-up figure of a regional federation (省、市、县总工会), keyed by the province's own
    prefix so that 31 provinces replicate into one national table without collisions. Filled on
    PostgreSQL by the trigger of migration 0002 from `stats_orgstat`; never written by Python
    except `national_export rebuild`."""

    pk = models.CompositePrimaryKey("province_code", "org_code", "metric", "period")
    province_code = models.CharField("省份代码", max_length=2)
    org_code = models.CharField("行政区划代码", max_length=12)
    level = models.PositiveSmallIntegerField("层级")
    metric = models.CharField("指标", max_length=40)
    period = models.CharField("期间", max_length=7, blank=True)
    value = models.BigIntegerField("数值")

    class Meta:
        db_table = "national_orgstat"
        verbose_name = "全国统计汇总"
        verbose_name_plural = "全国统计汇总"


class Direction(models.TextChoices):
    OUT = "out", "转出（本省发出）"
    IN = "in", "转入（外省发来）"


class CrossTransferStatus(models.TextChoices):
    PENDING = "pending", "待转入地审批"
    APPROVED = "approved", "已同意"
    REJECTED = "rejected", "已拒绝"


class ConsentBy(models.TextChoices):
    WORKER = "worker", "职工本人在线同意"
    STAFF = "staff", "工会工作人员代为记录（书面同意）"


class CrossTransfer(models.Model):
    """A cross-province transfer (跨省转会), one row on each side under the same `ref`.

    At the sending province (`out`) it points at the member who leaves. At the receiving
    province (`in`) it holds, until the decision, the fields that travelled — re-encrypted at once
    under this province's own keys — and after approval the member created here."""

    ref = models.CharField("转会编号", max_length=40)
    direction = models.CharField("方向", max_length=3, choices=Direction.choices)
    peer = models.CharField("对方省份代码", max_length=2)
    status = models.CharField(
        "状态",
        max_length=10,
        choices=CrossTransferStatus.choices,
        default=CrossTransferStatus.PENDING,
    )
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_org_code = models.CharField("转入工会代码", max_length=18)
    name = models.CharField("姓名", max_length=40)
    id_number_enc = models.BinaryField("证件号码（密文）", null=True, blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True)
    phone_enc = models.BinaryField("移动电话（密文）", null=True, blank=True)
    phone_hash = models.CharField(max_length=64, blank=True)
    # Under the data keys: rewritten by `manage.py reencrypt_pii` (gonghui.core.pii).
    pii_encrypted = {"id_number_enc": "id_number_hash", "phone_enc": "phone_hash"}
    category = models.CharField("职工类别", max_length=20, blank=True)
    joined_on = models.DateField("首次入会日期", null=True, blank=True)
    history = models.JSONField("会籍变化摘要", default=list, blank=True)
    consent_at = models.DateTimeField("同意时间")
    consent_version = models.CharField("同意书版本", max_length=20)
    consent_by = models.CharField("同意方式", max_length=10, choices=ConsentBy.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)

    class Meta:
        verbose_name = "跨省转会"
        verbose_name_plural = "跨省转会"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["ref", "direction"], name="crosstransfer_ref_side"),
        ]

    def __str__(self) -> str:
        return self.ref


class MessageStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已送达"
    RECEIVED = "received", "已接收"


class ExchangeMessage(models.Model):
    """The exchange's outbox (`out`: sent until the peer answers 2xx) and the record of what was
    received (`in`: its `msg_id` makes a second delivery change nothing). The envelope is kept as
    sent; its personal part is sealed under the peer key, never in clear."""

    msg_id = models.UUIDField("消息编号")
    direction = models.CharField("方向", max_length=3, choices=Direction.choices)
    peer = models.CharField("对方省份代码", max_length=2)
    type = models.CharField("消息类型", max_length=40)
    transfer_ref = models.CharField("转会编号", max_length=40)
    envelope = models.JSONField("报文")
    status = models.CharField("状态", max_length=10, choices=MessageStatus.choices)
    attempts = models.PositiveIntegerField("发送次数", default=0)
    next_attempt_at = models.DateTimeField("下次发送时间", null=True, blank=True)
    last_error = models.CharField("最近一次错误", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField("送达时间", null=True, blank=True)

    class Meta:
        verbose_name = "交换消息"
        verbose_name_plural = "交换消息"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["msg_id", "direction"], name="exchange_once"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.msg_id}"
