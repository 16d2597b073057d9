from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from gonghui.core import crypto
from gonghui.core.masking import mask_id_number, mask_name, mask_phone
from gonghui.hotline.codes import (
    OPEN_STATUSES,
    CaseStatus,
    Category,
    Channel,
    Complexity,
    EventAction,
    Kind,
    Rating,
    Result,
    RuleKind,
)


class CaseSequence(models.Model):
    """The last case number issued for one day of receipt. Intake increments the row under its
    lock, so two agents saving at the same instant get consecutive numbers, never the same."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "工单编号序列"
        verbose_name_plural = "工单编号序列"


class Case(models.Model):
    """A 12351 维权工单. Caller name, phone and ID number are stored only encrypted (the phone
    and ID number with a keyed hash beside them for exact look-up)."""

    number = models.CharField("工单编号", max_length=20, unique=True)
    channel = models.CharField("来源渠道", max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField("受理时间")
    caller_name_enc = models.BinaryField("来电人姓名（密文）")
    caller_phone_enc = models.BinaryField("联系电话（密文）")
    caller_phone_hash = models.CharField(max_length=64)
    caller_id_enc = models.BinaryField("身份证号（密文）", null=True, blank=True)
    caller_id_hash = models.CharField(max_length=64, blank=True)
    # Under the data keys: rewritten by `manage.py reencrypt_pii` (gonghui.core.pii).
    pii_encrypted = {
        "caller_name_enc": "",
        "caller_phone_enc": "caller_phone_hash",
        "caller_id_enc": "caller_id_hash",
    }
    member = models.ForeignKey(
        "members.Member",
        verbose_name="会员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hotline_cases",
    )
    employer = models.CharField("工作单位", max_length=120, blank=True)
    county = models.ForeignKey(
        "orgs.Org",
        verbose_name="单位所在县区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"org_type": "county"},
    )
    kind = models.CharField("诉求类别", max_length=10, choices=Kind.choices)
    category = models.CharField("问题分类", max_length=20, choices=Category.choices)
    description = models.TextField("诉求内容")
    workers_affected = models.PositiveIntegerField("涉及人数", default=1)
    amount_involved = models.DecimalField(
        "涉及金额（元）", max_digits=14, decimal_places=2, default=0
    )
    complexity = models.CharField("复杂程度", max_length=10, choices=Complexity.choices)
    # The deadline runs from deadline_from: the receipt, or the reopening after a callback.
    deadline_from = models.DateTimeField("时限起算时间")
    deadline = models.DateTimeField("办理时限")
    # The rule's terms when the case was received (or re-graded): {"kind", "days", "cutoff"}.
    # Recomputations (calendar changes, reopening) use them, not the rules table of the day.
    deadline_terms = models.JSONField("时限规则", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    # Indexed by case_holder_status, whose first column is holder.
    holder = models.ForeignKey(
        "orgs.Org",
        verbose_name="当前承办单位",
        on_delete=models.PROTECT,
        related_name="hotline_cases",
        db_index=False,
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dispatched_at = models.DateTimeField("派单时间", null=True, blank=True)
    accepted_at = models.DateTimeField("接单时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    # Service targets, judged on the first dispatch and the first acceptance.
    dispatch_in_time = models.BooleanField("30分钟内派单", null=True, blank=True)
    accept_in_time = models.BooleanField("2小时内接单", null=True, blank=True)
    result = models.CharField("办理结果", max_length=15, choices=Result.choices, blank=True)
    result_reason = models.CharField("结果说明", max_length=500, blank=True)
    outcome = models.TextField("办理情况", blank=True)
    money_recovered = models.DecimalField(
        "追回金额（元）", max_digits=14, decimal_places=2, default=0
    )
    workers_benefited = models.PositiveIntegerField("受益职工人数", default=0)
    lawyer_involved = models.BooleanField("律师参与", default=False)
    lawyer_name = models.CharField("参与律师", max_length=60, blank=True)
    rating = models.CharField("回访评价", max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.CharField("回访意见", max_length=500, blank=True)
    callback_at = models.DateTimeField("回访时间", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("重办次数", default=0)
    supervised = models.BooleanField("已督办", default=False)
    supervise_count = models.PositiveSmallIntegerField("督办次数", default=0)
    # Optimistic lock: each change of state, holder or handler adds one; a form sends the
    # version it showed and is refused if someone else acted in between.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "12351工单"
        verbose_name_plural = "12351工单"
        ordering = ["-received_at", "-id"]
        permissions = [
            ("intake_case", "12351坐席：登记、派单、回访"),
            ("handle_case", "办理工单：接单、退单、转派、办结"),
            ("supervise_case", "督办工单"),
            # Purpose-bound: the holding union and the agents call the caller back.
            ("reveal_caller_phone", "查看来电号码"),
        ]
        indexes = [
            models.Index(fields=["holder", "status"], name="case_holder_status"),
            models.Index(
                fields=["deadline"],
                condition=Q(status__in=[str(s) for s in OPEN_STATUSES]),
                name="case_open_deadline",
            ),
            models.Index(fields=["received_at"], name="case_received_at"),
            models.Index(fields=["caller_phone_hash"], name="case_phone_hash"),
            models.Index(fields=["caller_id_hash"], name="case_id_hash"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def caller_name(self) -> str:
        return crypto.decrypt(self.caller_name_enc)

    @property
    def caller_phone(self) -> str:
        return crypto.decrypt(self.caller_phone_enc)

    @property
    def caller_id_number(self) -> str:
        return crypto.decrypt(self.caller_id_enc) if self.caller_id_enc else ""

    @property
    def caller_name_masked(self) -> str:
        return mask_name(self.caller_name)

    @property
    def caller_phone_masked(self) -> str:
        return mask_phone(self.caller_phone)

    @property
    def caller_id_number_masked(self) -> str:
        return mask_id_number(self.caller_id_number)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, now=None) -> bool:
        return self.is_open and self.deadline < (now or timezone.now())


class CaseEvent(models.Model):
    """One step of a case's timeline: who, from which org, when, what."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_org = models.ForeignKey("orgs.Org", null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField("操作", max_length=12, choices=EventAction.choices)
    note = models.TextField("说明", blank=True)
    from_org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "工单记录"
        verbose_name_plural = "工单记录"
        ordering = ["at", "id"]


class DeadlineRule(models.Model):
    """How long a case of one complexity may take. A row with a category overrides the default
    row (blank category) of its complexity; the three defaults come with the data migration."""

    complexity = models.CharField("复杂程度", max_length=10, choices=Complexity.choices)
    category = models.CharField(
        "问题分类（空为默认）", max_length=20, choices=Category.choices, blank=True
    )
    kind = models.CharField("计算方式", max_length=15, choices=RuleKind.choices)
    days = models.PositiveSmallIntegerField("天数", default=0)
    cutoff = models.TimeField("当日截止受理时间", null=True, blank=True)

    class Meta:
        verbose_name = "办理时限规则"
        verbose_name_plural = "办理时限规则"
        constraints = [
            models.UniqueConstraint(
                fields=["complexity", "category"], name="deadline_rule_one_per_category"
            )
        ]

    def __str__(self) -> str:
        scope = self.get_category_display() if self.category else "默认"
        return f"{self.get_complexity_display()}（{scope}）"

    @property
    def summary(self) -> str:
        """The rule in words, as the workbench shows it."""
        if self.kind == RuleKind.SAME_DAY:
            if self.cutoff is None:
                return "受理当日办结；非工作日受理的，下一工作日办结"
            return f"受理当日办结；{self.cutoff:%H:%M} 以后或非工作日受理的，下一工作日办结"
        unit = "个工作日" if self.kind == RuleKind.WORKING_DAYS else "个自然日"
        return f"受理后第 {self.days} {unit}内办结"


def attachment_path(instance: "CaseAttachment", filename: str) -> str:
    """MEDIA_ROOT/hotline/<case number>/<random>.<ext>: the stored name never carries the
    uploader's file name (kept in original_name), so it cannot collide or escape the folder."""
    import secrets
    from pathlib import PurePath

    ext = PurePath(filename).suffix.lower()[:8]
    return f"hotline/{instance.case.number}/{secrets.token_hex(8)}{ext}"


class CaseAttachment(models.Model):
    """A file kept with a case (a photo of a pay slip, a contract, a call recording).
    Type and size are checked by hotline.services.case_attach."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "工单附件"
        verbose_name_plural = "工单附件"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
