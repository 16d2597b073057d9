"""四送 campaigns (送温暖、送清凉、送岗位、送技能/送法律) with budgets allocated down the tree,
their recipients, and 金秋助学 grants for students of archived households."""

from django.conf import settings
from django.db import models

from gonghui.assistance.codes import AidForm, CampaignKind, SchoolLevel

__all__ = [
    "Allocation",
    "Campaign",
    "CampaignPayment",
    "GrantStatus",
    "StudentGrant",
]

MONEY = {"max_digits": 14, "decimal_places": 2}


class Campaign(models.Model):
    """A campaign launched by an org (usually the province) with a budget for its subtree."""

    kind = models.CharField("活动类型", max_length=10, choices=CampaignKind.choices)
    name = models.CharField("活动名称", max_length=100)
    org = models.ForeignKey("orgs.Org", verbose_name="发起工会", on_delete=models.PROTECT)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    budget = models.DecimalField("预算（元）", **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "四送活动"
        verbose_name_plural = "四送活动"
        permissions = [("manage_campaign", "管理四送活动和金秋助学")]

    def __str__(self) -> str:
        return self.name


class Allocation(models.Model):
    """Money passed from `from_org` (the campaign's org or an org that received an allocation)
    to one of its descendants `org`. An org can allocate and pay out only what it was given."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="allocations")
    from_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField("下拨金额（元）", **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "资金下拨"
        verbose_name_plural = "资金下拨"


class CampaignPayment(models.Model):
    """One recipient paid in a campaign: a member, or an archive's applicant. `person_hash` is
    the recipient's ID-number hash: the same person is paid at most once per campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="payments")
    org = models.ForeignKey("orgs.Org", verbose_name="发放工会", on_delete=models.PROTECT)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    archive = models.ForeignKey(
        "assistance.Archive", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person_hash = models.CharField(max_length=64)
    # A copy of the recipient's hash, re-hashed with its source (gonghui.core.pii).
    pii_hash_copies = {"person_hash": ""}
    form = models.CharField("慰问形式", max_length=6, choices=AidForm.choices)
    amount = models.DecimalField("金额（元，实物折价）", **MONEY)
    goods = models.CharField("实物内容", max_length=200, blank=True)
    paid_on = models.DateField("发放日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "慰问发放"
        verbose_name_plural = "慰问发放"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person_hash"], name="campaignpayment_once_per_person"
            )
        ]


class GrantStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未通过"
    PAID = "paid", "已发放"


class StudentGrant(models.Model):
    """金秋助学: an application for a student of an archived household, reviewed, then paid.
    One grant per student per year (`student_hash` = the student's ID-number hash)."""

    archive = models.ForeignKey(
        "assistance.Archive", on_delete=models.PROTECT, related_name="student_grants"
    )
    student = models.ForeignKey(
        "assistance.HouseholdMember", on_delete=models.PROTECT, related_name="+"
    )
    student_hash = models.CharField(max_length=64)
    # A copy of the student's hash, re-hashed with its source (gonghui.core.pii).
    pii_hash_copies = {"student_hash": ""}
    year = models.PositiveSmallIntegerField("年度")
    school = models.CharField("学校", max_length=100)
    school_level = models.CharField("就读层次", max_length=16, choices=SchoolLevel.choices)
    admission_proof = models.BinaryField("录取通知书/在读证明")
    admission_proof_type = models.CharField(max_length=40)
    admission_proof_name = models.CharField(max_length=200)
    status = models.CharField(
        max_length=10, choices=GrantStatus.choices, default=GrantStatus.SUBMITTED
    )
    amount = models.DecimalField("资助金额（元）", null=True, blank=True, **MONEY)
    opinion = models.TextField("审核意见", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paid_on = models.DateField("发放日期", null=True, blank=True)
    org = models.ForeignKey("orgs.Org", verbose_name="申报工会", on_delete=models.PROTECT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "金秋助学"
        verbose_name_plural = "金秋助学"
        constraints = [
            models.UniqueConstraint(
                fields=["student_hash", "year"],
                condition=~models.Q(status="rejected"),
                name="studentgrant_once_per_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年度金秋助学（档案{self.archive_id}）"
