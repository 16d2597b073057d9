"""一户一计划 (help measures from the 五个一批 with progress notes) and aid payments with the
yearly cap per household and its exceptions (approved one level up)."""

from django.conf import settings
from django.db import models

from gonghui.assistance.codes import AidForm, FundSource, Measure

__all__ = [
    "AidCap",
    "AidException",
    "AidRecord",
    "ExceptionStatus",
    "HelpMeasure",
    "MeasureNote",
    "MeasureStatus",
]

MONEY = {"max_digits": 14, "decimal_places": 2}


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", "未开始"
    ACTIVE = "active", "实施中"
    DONE = "done", "已完成"
    DROPPED = "dropped", "已终止"


class HelpMeasure(models.Model):
    archive = models.ForeignKey(
        "assistance.Archive", on_delete=models.CASCADE, related_name="measures"
    )
    kind = models.CharField("帮扶措施", max_length=10, choices=Measure.choices)
    content = models.TextField("具体内容")
    responsible_org = models.ForeignKey(
        "orgs.Org", verbose_name="责任单位", on_delete=models.PROTECT, related_name="+"
    )
    target_date = models.DateField("完成时限")
    status = models.CharField(
        "状态", max_length=8, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "帮扶措施"
        verbose_name_plural = "帮扶措施"
        ordering = ["target_date", "pk"]


class MeasureNote(models.Model):
    measure = models.ForeignKey(HelpMeasure, on_delete=models.CASCADE, related_name="notes")
    note = models.TextField("进展情况")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class AidCap(models.Model):
    """Yearly cap of aid per household. `org` null is the province-wide default; an org's cap
    applies to archives of its subtree (the nearest one up the tree wins)."""

    org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    amount = models.DecimalField("每户年度救助上限（元）", **MONEY)

    class Meta:
        verbose_name = "救助上限"
        verbose_name_plural = "救助上限"
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="aidcap_org_year"),
            # NULLs are distinct in a unique index: the province default needs its own.
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(org__isnull=True), name="aidcap_default_year"
            ),
        ]


class ExceptionStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class AidException(models.Model):
    """A request to exceed the yearly cap for one household, decided by the org one level above
    the requesting org."""

    archive = models.ForeignKey(
        "assistance.Archive", on_delete=models.CASCADE, related_name="aid_exceptions"
    )
    year = models.PositiveSmallIntegerField("年度")
    extra_amount = models.DecimalField("超出上限金额（元）", **MONEY)
    reason = models.TextField("申请理由")
    requested_by_org = models.ForeignKey(
        "orgs.Org", verbose_name="申请工会", on_delete=models.PROTECT, related_name="+"
    )
    approver_org = models.ForeignKey(
        "orgs.Org", verbose_name="审批工会", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=8, choices=ExceptionStatus.choices, default=ExceptionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    opinion = models.TextField("审批意见", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "超限救助申请"
        verbose_name_plural = "超限救助申请"


class AidRecord(models.Model):
    archive = models.ForeignKey(
        "assistance.Archive", on_delete=models.PROTECT, related_name="aid_records"
    )
    form = models.CharField("救助形式", max_length=6, choices=AidForm.choices)
    amount = models.DecimalField("金额（元，实物折价）", **MONEY)
    goods = models.CharField("实物内容", max_length=200, blank=True)
    fund_source = models.CharField("资金来源", max_length=10, choices=FundSource.choices)
    paid_on = models.DateField("发放日期")
    paid_by_org = models.ForeignKey(
        "orgs.Org", verbose_name="发放工会", on_delete=models.PROTECT, related_name="+"
    )
    exception = models.ForeignKey(
        AidException, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "救助记录"
        verbose_name_plural = "救助记录"
        ordering = ["-paid_on", "-pk"]
