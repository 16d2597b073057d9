"""疗休养: bases (疗休养基地), yearly plans, batches (base, route, dates, places per union) and their
participants (a member of the registry, or a person entered once by name and ID number)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core import crypto
from gonghui.core.masking import mask_id_number


class BaseLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"


class Category(models.TextChoices):
    MODEL_WORKER = "model_worker", "劳模"
    SKILLED = "skilled", "技能人才"
    FRONTLINE = "frontline", "一线职工"
    VILLAGE_CADRE = "village_cadre", "驻村干部"


class ParticipantStatus(models.TextChoices):
    NOMINATED = "nominated", "推荐/报名"
    CONFIRMED = "confirmed", "已确认"
    COMPLETED = "completed", "已出行"
    CANCELLED = "cancelled", "已取消"


# The statuses that hold a place (quota and total).
HOLDING_PLACE = (
    ParticipantStatus.NOMINATED,
    ParticipantStatus.CONFIRMED,
    ParticipantStatus.COMPLETED,
)


class Resort(models.Model):
    """疗休养基地, registered by a union (省总 for 省级, a city's for 市级)."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=80)
    place = models.CharField("地点", max_length=120)
    level = models.CharField("级别", max_length=10, choices=BaseLevel.choices)
    plaque = models.BooleanField("已挂牌", default=False)
    active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "疗休养基地"
        verbose_name_plural = "疗休养基地"
        ordering = ["level", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["name"], name="resort_unique_name")]

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    """年度疗休养计划 of an organising union."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "疗休养计划"
        verbose_name_plural = "疗休养计划"
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "title"], name="plan_unique_title")
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.title}"


class Batch(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="batches")
    resort = models.ForeignKey(Resort, on_delete=models.PROTECT, related_name="batches")
    name = models.CharField("批次名称", max_length=100)
    route = models.CharField("线路", max_length=200, blank=True)
    start_on = models.DateField("出发日期")
    end_on = models.DateField("返回日期")
    places = models.PositiveIntegerField("总名额")
    # Places held (nominated, confirmed, completed): kept equal to the participants by services.
    taken = models.PositiveIntegerField("已占名额", default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "疗休养批次"
        verbose_name_plural = "疗休养批次"
        ordering = ["start_on", "id"]

    def __str__(self) -> str:
        return self.name


class Quota(models.Model):
    """The places of a batch given to one union (and its subtree)."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="quotas")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    places = models.PositiveIntegerField("名额")

    class Meta:
        verbose_name = "名额分配"
        verbose_name_plural = "名额分配"
        ordering = ["org__path"]
        constraints = [models.UniqueConstraint(fields=["batch", "org"], name="quota_once")]


class Participant(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="participants")
    # The union the person belongs to (the member's, or the one that put the person forward).
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名", max_length=40)
    id_number_enc = models.BinaryField("证件号码（密文）")
    id_number_hash = models.CharField(max_length=64)
    # Under the data keys: rewritten by `manage.py reencrypt_pii` (gonghui.core.pii).
    pii_encrypted = {"id_number_enc": "id_number_hash"}
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    # Who asked for this place: e.g. "honors:honoree:12" (free text of the calling domain).
    source_ref = models.CharField("来源", max_length=80, blank=True)
    status = models.CharField(
        "状态",
        max_length=12,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.NOMINATED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "疗休养人员"
        verbose_name_plural = "疗休养人员"
        ordering = ["batch_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "id_number_hash"],
                condition=~Q(status="cancelled"),
                name="participant_once_per_batch",
            )
        ]
        indexes = [models.Index(fields=["source_ref"], name="participant_source")]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_enc)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)
