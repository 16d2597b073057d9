"""The catalogue of honors (荣誉目录): what can be conferred, by whom, on whom, how often."""

from django.db import models


class HonorLevel(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    ENTERPRISE = "enterprise", "企业级"


class HonorSubject(models.TextChoices):
    PERSON = "person", "个人"
    COLLECTIVE = "collective", "集体"
    TEAM = "team", "班组·车间·项目部"


class FormLayout(models.TextChoices):
    """The built-in layouts of the 推荐审批表 (rounds/layouts.py says what each holds)."""

    MODEL = "model", "劳动模范"
    MEDAL = "medal", "五一劳动奖章"
    PIONEER = "pioneer", "工人先锋号（集体）"
    CRAFTSMAN = "craftsman", "工匠"


class HonorType(models.Model):
    """A title such as 甘肃省五一劳动奖章, conferred by one union (省总, a 市总, an enterprise's union).

    `conferrer` is the conferring org, not a tier: a national honor's conferrer is the province's
    root too (the list is sent upward), with `level` saying whose honor it is.
    """

    code = models.SlugField("代码", max_length=40, unique=True)
    title = models.CharField("称号", max_length=60)
    level = models.CharField("级别", max_length=12, choices=HonorLevel.choices)
    conferrer = models.ForeignKey(
        "orgs.Org", verbose_name="授予单位", on_delete=models.PROTECT, related_name="+"
    )
    conferring_body = models.CharField("授予机关", max_length=60)
    subject = models.CharField("对象", max_length=12, choices=HonorSubject.choices)
    cycle_years = models.PositiveSmallIntegerField("评选周期（年）", default=1)
    regulation = models.TextField("评选办法", blank=True)
    regulation_version = models.CharField("办法版本", max_length=40, blank=True)
    materials = models.TextField("所需材料（每行一项）", blank=True)
    # Refuse sending a nomination upward while one of `materials` has no attachment.
    materials_enforced = models.BooleanField("上报前须上传所需材料", default=False)
    form_layout = models.CharField(
        "推荐审批表样式", max_length=12, choices=FormLayout.choices, default=FormLayout.MEDAL
    )
    active = models.BooleanField("在用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "荣誉类型"
        verbose_name_plural = "荣誉类型"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def material_list(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]
