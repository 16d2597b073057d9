"""劳模服务管理: the allowance ledger (三金 / 津贴 / 专项补助 / 慰问金), its batches, and care records."""

from django.conf import settings
from django.db import models


class AllowanceKind(models.TextChoices):
    SANJIN = "sanjin", "三金"
    STIPEND = "stipend", "津贴"
    SPECIAL = "special", "专项补助"
    CONDOLENCE = "condolence", "慰问金"


class FundSource(models.TextChoices):
    SPECIAL = "special", "专项资金"
    HIGHER = "higher", "上级拨付"
    OWN = "own", "本级"
    DONATION = "donation", "社会捐赠"


class AllowanceBatch(models.Model):
    """One batch generation (e.g. 2026 春节慰问金 for the living national 劳模 of a city): the
    filter it was generated with, the amount per honoree; `key` makes it idempotent."""

    key = models.SlugField("批次代码", max_length=60, unique=True)
    title = models.CharField("批次名称", max_length=80)
    org = models.ForeignKey(
        "orgs.Org", verbose_name="发放范围", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类型", max_length=12, choices=AllowanceKind.choices)
    period = models.CharField("期间", max_length=40)
    amount = models.DecimalField("每人金额（元）", max_digits=14, decimal_places=2)
    fund_source = models.CharField("资金来源", max_length=12, choices=FundSource.choices)
    paid_on = models.DateField("发放日期")
    level = models.CharField("荣誉级别", max_length=12, blank=True)
    honor_type = models.ForeignKey(
        "honors.HonorType",
        verbose_name="荣誉类型",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "待遇发放批次"
        verbose_name_plural = "待遇发放批次"
        ordering = ["-paid_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Allowance(models.Model):
    """One payment to one honoree."""

    honoree = models.ForeignKey(
        "honors.Honoree", on_delete=models.PROTECT, related_name="allowances"
    )
    kind = models.CharField("类型", max_length=12, choices=AllowanceKind.choices)
    period = models.CharField("期间", max_length=40)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    fund_source = models.CharField("资金来源", max_length=12, choices=FundSource.choices)
    paid_on = models.DateField("发放日期")
    batch = models.ForeignKey(
        AllowanceBatch,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allowances",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "待遇发放"
        verbose_name_plural = "待遇发放"
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "honoree"], name="allowance_once_per_batch")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class CareKind(models.TextChoices):
    VISIT = "visit", "走访慰问"
    HEALTH = "health", "健康体检"
    LECTURE = "lecture", "劳模宣讲"


class CareRecord(models.Model):
    """A visit, a health check, or a 宣讲 activity (sessions, audience) of one honoree."""

    honoree = models.ForeignKey("honors.Honoree", on_delete=models.PROTECT, related_name="cares")
    kind = models.CharField("类型", max_length=10, choices=CareKind.choices)
    on = models.DateField("日期")
    content = models.CharField("内容", max_length=200)
    team = models.CharField("宣讲团/参加人员", max_length=200, blank=True)
    sessions = models.PositiveIntegerField("场次", default=0)
    audience = models.PositiveIntegerField("听众人次", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "关爱记录"
        verbose_name_plural = "关爱记录"
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"
