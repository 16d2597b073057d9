"""困难职工档案: one archive per household (一户一档), opened for a member (the applicant).

An archive passes 初审 (township or county union, with a home visit) and 终审 (county union),
then a public notice of 5 working days (公示) before it is archived. Leaving hardship (解困脱困)
closes it; re-entry opens a new archive whose `period` is one more, with `previous` pointing back,
so the history is kept. ID numbers of household members are stored like members' (SM4 ciphertext
+ HMAC-SM3 hash) and shown masked.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models

from gonghui.assistance.codes import (
    ArchiveStatus,
    Channel,
    Disability,
    EmployerNature,
    EnterpriseState,
    Health,
    Housing,
    Hukou,
    Level,
    Marriage,
    MedicalInsurance,
    ModelWorker,
    Relation,
    WorkStatus,
)
from gonghui.core import crypto
from gonghui.core.masking import mask_id_number

__all__ = [
    "Archive",
    "ArchiveReview",
    "HomeVisit",
    "HomeVisitPhoto",
    "HouseholdMember",
    "Objection",
    "PovertyLine",
    "ReviewStage",
]

MONEY = {"max_digits": 14, "decimal_places": 2}


class PovertyLine(models.Model):
    """The county's 低保 line (monthly per-capita amount) for a year."""

    county = models.ForeignKey("orgs.Org", verbose_name="县区", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("年度")
    monthly_amount = models.DecimalField("低保标准（元/人·月）", **MONEY)

    class Meta:
        verbose_name = "低保标准"
        verbose_name_plural = "低保标准"
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="povertyline_county_year")
        ]


class Archive(models.Model):
    """困难职工档案 (one household, one period)."""

    # Scope: the applicant's union at the time of application; staff see archives of their subtree.
    org = models.ForeignKey(
        "orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+"
    )
    # The county union above `org`: 终审, the 低保 line and the county statistics.
    county = models.ForeignKey(
        "orgs.Org", verbose_name="所属县区", on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    period = models.PositiveSmallIntegerField("建档期次", default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name="上一期档案",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next",
    )
    status = models.CharField(
        "状态", max_length=16, choices=ArchiveStatus.choices, default=ArchiveStatus.SUBMITTED
    )
    channel = models.CharField("申请渠道", max_length=8, choices=Channel.choices)
    applied_on = models.DateField("申请日期")
    # A worker applying on the portal agrees separately to the processing of the household's
    # health and disability data (PIPL art. 29); a union entering a paper form keeps the paper.
    sensitive_consent_at = models.DateTimeField("敏感个人信息单独同意时间", null=True, blank=True)

    level = models.CharField("困难类别", max_length=10, choices=Level.choices)
    causes = models.JSONField("致困原因", default=list)  # list of codes.Cause values
    criterion = models.CharField("建档标准", max_length=200, blank=True)
    health = models.CharField("健康情况", max_length=10, choices=Health.choices)
    disability = models.CharField("残疾类别", max_length=12, choices=Disability.choices, blank=True)
    model_worker = models.CharField(
        "劳模类型", max_length=10, choices=ModelWorker.choices, blank=True
    )
    housing = models.CharField("住房类型", max_length=10, choices=Housing.choices)
    housing_area = models.DecimalField(
        "住房面积（平方米）", max_digits=7, decimal_places=1, null=True, blank=True
    )
    work_status = models.CharField("工作状态", max_length=10, choices=WorkStatus.choices)
    industry = models.CharField("所属行业", max_length=40, blank=True)
    marriage = models.CharField("婚姻状况", max_length=10, choices=Marriage.choices)
    hukou = models.CharField("户口类型", max_length=6, choices=Hukou.choices)
    hukou_division = models.CharField("户口所在地行政区划", max_length=12, blank=True)
    employer_nature = models.CharField(
        "工作单位性质", max_length=12, choices=EmployerNature.choices, blank=True
    )
    enterprise_state = models.CharField(
        "企业状况", max_length=10, choices=EnterpriseState.choices, blank=True
    )
    single_parent = models.BooleanField("是否单亲", default=False)
    zero_employment = models.BooleanField("是否家庭零就业", default=False)
    self_reliant = models.BooleanField("是否具有自救能力", default=True)
    medical_insurance = models.CharField(
        "医保状况", max_length=10, choices=MedicalInsurance.choices
    )
    contract_start = models.DateField("劳动合同开始日期", null=True, blank=True)
    contract_end = models.DateField("劳动合同结束日期", null=True, blank=True)

    # Income: monthly_income and other_annual_income are entered; the rest is computed by
    # services.archive_income (annual = monthly × 12 + other; per capita = annual / 12 / size).
    monthly_income = models.DecimalField("家庭月收入（元）", **MONEY)
    other_annual_income = models.DecimalField("家庭其他年收入（元）", default=Decimal(0), **MONEY)
    annual_income = models.DecimalField("家庭年度总收入（元）", **MONEY)
    household_size = models.PositiveSmallIntegerField("家庭人口")
    per_capita_monthly = models.DecimalField("家庭月人均收入（元）", **MONEY)
    poverty_line = models.DecimalField("当年低保标准（元/人·月）", null=True, blank=True, **MONEY)
    situation = models.TextField("家庭困难情况", blank=True)

    # Public notice (公示): 5 working days from notice_start; notice_end is its last day.
    notice_start = models.DateField("公示开始", null=True, blank=True)
    notice_end = models.DateField("公示截止", null=True, blank=True)
    archived_on = models.DateField("建档日期", null=True, blank=True)
    last_reviewed_year = models.PositiveSmallIntegerField("最近年审年度", null=True, blank=True)
    exited_on = models.DateField("解困日期", null=True, blank=True)
    exit_reason = models.TextField("解困原因", blank=True)
    exit_evidence = models.TextField("解困佐证", blank=True)
    rejected_reason = models.TextField("未通过原因", blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "困难职工档案"
        verbose_name_plural = "困难职工档案"
        permissions = [
            ("review_archive", "审核困难职工档案"),
        ]
        indexes = [
            models.Index(fields=["org", "status"], name="archive_org_status"),
            models.Index(fields=["county", "status"], name="archive_county_status"),
        ]

    def __str__(self) -> str:
        return f"{self.member.name}（第{self.period}期）"


class HouseholdMember(models.Model):
    """A person of the household, the applicant included (relation 本人). The one-open-archive
    rule looks up `id_number_hash` across open archives."""

    archive = models.ForeignKey(Archive, on_delete=models.CASCADE, related_name="household")
    relation = models.CharField("与申请人关系", max_length=8, choices=Relation.choices)
    name = models.CharField("姓名", max_length=40)
    id_number_enc = models.BinaryField("身份证号（密文）")
    id_number_hash = models.CharField(max_length=64, db_index=True)
    # Under the data keys: rewritten by `manage.py reencrypt_pii` (gonghui.core.pii).
    pii_encrypted = {"id_number_enc": "id_number_hash"}
    birth_date = models.DateField("出生日期", null=True, blank=True)
    gender = models.CharField("性别", max_length=1, blank=True)
    occupation = models.CharField("职业/就学情况", max_length=60, blank=True)
    monthly_income = models.DecimalField("月收入（元）", default=Decimal(0), **MONEY)
    health = models.CharField("健康情况", max_length=10, choices=Health.choices, blank=True)

    class Meta:
        verbose_name = "家庭成员"
        verbose_name_plural = "家庭成员"
        constraints = [
            models.UniqueConstraint(
                fields=["archive", "id_number_hash"], name="household_person_once"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_enc)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)


class ReviewStage(models.TextChoices):
    FIRST = "first", "初审"
    FINAL = "final", "终审"
    ANNUAL = "annual", "年审"


class ArchiveReview(models.Model):
    """One decision on an archive: 初审, 终审 or 年审."""

    archive = models.ForeignKey(Archive, on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField("环节", max_length=8, choices=ReviewStage.choices)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)  # 年审 only
    org = models.ForeignKey("orgs.Org", verbose_name="审核工会", on_delete=models.PROTECT)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved = models.BooleanField("是否通过")
    opinion = models.TextField("审核意见", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "档案审核"
        verbose_name_plural = "档案审核"
        ordering = ["created_at", "pk"]


class HomeVisit(models.Model):
    """入户走访 record, made at 初审 (and at 年审 if wished)."""

    archive = models.ForeignKey(Archive, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField("走访日期")
    visitors = models.CharField("走访人员", max_length=200)
    findings = models.TextField("走访情况")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "入户走访"
        verbose_name_plural = "入户走访"
        ordering = ["visited_on", "pk"]


class HomeVisitPhoto(models.Model):
    """A photo of a home visit, stored in the database like site photos."""

    visit = models.ForeignKey(HomeVisit, on_delete=models.CASCADE, related_name="photos")
    content = models.BinaryField()
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)


class Objection(models.Model):
    """An objection received during the 公示; it must be resolved before the archive is archived.
    An upheld objection rejects the archive."""

    archive = models.ForeignKey(Archive, on_delete=models.CASCADE, related_name="objections")
    received_on = models.DateField("收到日期")
    raised_by = models.CharField("异议人", max_length=40, blank=True)  # may stay anonymous
    content = models.TextField("异议内容")
    resolution = models.TextField("核实处理情况", blank=True)
    upheld = models.BooleanField("异议是否成立", null=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["received_on", "pk"]
