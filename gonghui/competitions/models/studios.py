"""Innovation studios (劳模和工匠人才创新工作室) and their naming batches, yearly results and
回头看 reviews.

A union opens a naming batch (`StudioBatch`) at a level its own tier may name; a host unit in its
subtree applies with a studio; the application goes up the tree one union at a time (`at_org`)
until the batch's union names it. A named studio files one results report a year and is
reviewed (保留 / 整改 / 撤销) from time to time by the naming union or one above it.
"""

from django.conf import settings
from django.db import models

from gonghui.orgs.models import OrgLevel


class StudioKind(models.TextChoices):
    MODEL_WORKER = "model", "劳模创新工作室"
    CRAFTSMAN = "craftsman", "工匠人才创新工作室"
    WORKER = "worker", "职工创新工作室"
    TEAM = "team", "班组创新工作室"


class StudioLevel(models.TextChoices):
    NATIONAL_DEMO = "national_demo", "全国示范性"
    PROVINCE_DEMO = "province_demo", "省级示范"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    ENTERPRISE = "enterprise", "企业标准化"


# The lowest tier (largest OrgLevel) of a union that may open a batch at each level: a 省级
# studio is named by the province, a 市级 one by a city (or above); a 全国示范性 batch is the
# province's recommendation to 全总.
LEVEL_MIN_TIER = {
    StudioLevel.NATIONAL_DEMO: OrgLevel.PROVINCE,
    StudioLevel.PROVINCE_DEMO: OrgLevel.PROVINCE,
    StudioLevel.PROVINCE: OrgLevel.PROVINCE,
    StudioLevel.CITY: OrgLevel.CITY,
    StudioLevel.ENTERPRISE: OrgLevel.COMMUNITY,
}


class StudioStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "审核推荐中"
    RETURNED = "returned", "已退回"
    REJECTED = "rejected", "未通过"
    NAMED = "named", "已命名"
    RECTIFYING = "rectifying", "整改中"
    REVOKED = "revoked", "已撤销"


# A studio counts (statistics, reports, reviews) while named or rectifying.
ACTIVE_STATUSES = (StudioStatus.NAMED, StudioStatus.RECTIFYING)
EDITABLE_STATUSES = (StudioStatus.DRAFT, StudioStatus.RETURNED)


class PlaqueStatus(models.TextChoices):
    PENDING = "pending", "未挂牌"
    HUNG = "hung", "已挂牌"


class ReviewResult(models.TextChoices):
    KEEP = "keep", "保留"
    RECTIFY = "rectify", "整改"
    REVOKE = "revoke", "撤销"


class StudioBatch(models.Model):
    """A naming batch (第N批创建活动): opened by a union, applications until the deadline."""

    name = models.CharField("批次名称", max_length=80)
    org = models.ForeignKey(
        "orgs.Org", verbose_name="发起工会", on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField("命名级别", max_length=16, choices=StudioLevel.choices)
    year = models.PositiveSmallIntegerField("年度")
    deadline = models.DateField("申报截止日期")
    notice = models.TextField("通知内容", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "创新工作室命名批次"
        verbose_name_plural = verbose_name
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.name


class Studio(models.Model):
    name = models.CharField("工作室名称", max_length=80)
    kind = models.CharField("类型", max_length=12, choices=StudioKind.choices)
    lead = models.ForeignKey(
        "members.Member", verbose_name="领衔人", on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name="依托单位", on_delete=models.PROTECT, related_name="+"
    )
    batch = models.ForeignKey(
        StudioBatch, verbose_name="命名批次", on_delete=models.PROTECT, related_name="studios"
    )
    level = models.CharField("级别", max_length=16, choices=StudioLevel.choices)
    status = models.CharField(
        "状态", max_length=12, choices=StudioStatus.choices, default=StudioStatus.DRAFT
    )
    # The union whose turn it is to review a submitted application.
    at_org = models.ForeignKey(
        "orgs.Org",
        verbose_name="当前审核工会",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    return_reason = models.CharField("退回/不通过原因", max_length=200, blank=True)
    named_on = models.DateField("命名日期", null=True, blank=True)
    plaque = models.CharField(
        "挂牌状态", max_length=10, choices=PlaqueStatus.choices, default=PlaqueStatus.PENDING
    )
    alliance = models.CharField("所属联盟", max_length=80, blank=True)
    intro = models.TextField("简介", blank=True)
    members = models.ManyToManyField("members.Member", verbose_name="成员", blank=True)
    # "推荐荣誉": the lead was put forward to the honors' candidate pool (once).
    lead_put_forward = models.BooleanField("领衔人已推荐荣誉", default=False)
    # The first year from the naming year on without a results report (待办 "年度成果待报送").
    next_report_year = models.PositiveSmallIntegerField("待报送年度", null=True, blank=True)
    # Set while a 回头看 is open (待办 "待回头看"), cleared by the decision.
    review_deadline = models.DateField("回头看截止日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "创新工作室"
        verbose_name_plural = verbose_name
        permissions = [("review_studio", "审核命名创新工作室、开展回头看")]
        constraints = [
            models.UniqueConstraint(fields=["batch", "name"], name="studio_unique_name_per_batch")
        ]
        indexes = [models.Index(fields=["status", "at_org"], name="studio_status_at")]

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class StudioReport(models.Model):
    """A studio's results of one year (年度成果), one per studio and year."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField("年度")
    projects = models.PositiveIntegerField("创新项目数", default=0)
    patents = models.PositiveIntegerField("专利数", default=0)
    methods = models.PositiveIntegerField("先进操作法数", default=0)
    benefit = models.DecimalField("经济效益（万元）", max_digits=12, decimal_places=2, default=0)
    trained = models.PositiveIntegerField("培养人才（人）", default=0)
    funds_received = models.DecimalField(
        "获得经费（万元）", max_digits=12, decimal_places=2, default=0
    )
    funds_matched = models.DecimalField(
        "带动投入（万元）", max_digits=12, decimal_places=2, default=0
    )
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("报送时间", auto_now_add=True)

    class Meta:
        verbose_name = "创新工作室年度成果"
        verbose_name_plural = verbose_name
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["studio", "year"], name="studio_report_once_a_year")
        ]


class StudioReview(models.Model):
    """A 回头看 decision on a named studio."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="reviews")
    org = models.ForeignKey(
        "orgs.Org", verbose_name="复查工会", on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField("复查结论", max_length=10, choices=ReviewResult.choices)
    reason = models.CharField("理由", max_length=200)
    decided_on = models.DateField("复查日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "创新工作室复查"
        verbose_name_plural = verbose_name
        ordering = ["-decided_on", "-id"]


class SuggestionKind(models.TextChoices):
    FIVE_SMALL = "five_small", "五小成果"
    PROPOSAL = "proposal", "合理化建议"
    INNOVATION = "innovation", "技术革新"
    METHOD = "method", "先进操作法"


class SuggestionStatus(models.TextChoices):
    SUBMITTED = "submitted", "待评审"
    ADOPTED = "adopted", "已采纳"
    REJECTED = "rejected", "未采纳"


class Suggestion(models.Model):
    """A 五小 / 合理化建议 / 技术革新 / 先进操作法 of a worker or a team, reviewed by its base union
    (采纳 with the benefit, or not) and, once adopted, recommended upward one union at a time."""

    kind = models.CharField("类别", max_length=12, choices=SuggestionKind.choices)
    title = models.CharField("名称", max_length=80)
    content = models.TextField("内容")
    org = models.ForeignKey(
        "orgs.Org", verbose_name="所在工会", on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name="提报人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    team = models.ForeignKey(
        "members.Team",
        verbose_name="提报班组",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.SUBMITTED
    )
    benefit = models.DecimalField("经济效益（万元）", max_digits=12, decimal_places=2, default=0)
    # Submitted by the worker himself on the portal (/m/suggestions/), not by union staff.
    online = models.BooleanField("职工网上提报", default=False)
    review_note = models.CharField("评审意见", max_length=200, blank=True)
    reviewed_on = models.DateField("评审日期", null=True, blank=True)
    # The highest union it has been recommended to (None: not recommended upward).
    recommended_to = models.ForeignKey(
        "orgs.Org",
        verbose_name="已推荐至",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("提报时间", auto_now_add=True)

    class Meta:
        verbose_name = "五小和合理化建议"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=False) | models.Q(team__isnull=False),
                name="suggestion_has_a_submitter",
            )
        ]

    def __str__(self) -> str:
        return self.title
