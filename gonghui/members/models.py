from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core import crypto
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.members.codes import (
    EDUCATION_CHOICES,
    EMPLOYMENT_CHOICES,
    ETHNICITY_CHOICES,
    GENDER_CHOICES,
    HOLDING_STATUSES,
    HOUSEHOLD_CHOICES,
    ID_TYPE_CHOICES,
    MEMBER_TYPE_CHOICES,
    POLITICAL_CHOICES,
    TECH_LEVEL_CHOICES,
    Category,
    ChangeReason,
    ChangeType,
    MemberStatus,
)


class Member(models.Model):
    """A real-name member record. ID number and phone are stored only encrypted + hashed."""

    name = models.CharField("姓名", max_length=40, db_index=True)
    id_type = models.CharField("有效证件类别", max_length=1, choices=ID_TYPE_CHOICES, default="1")
    id_number_enc = models.BinaryField("证件号码（密文）")
    id_number_hash = models.CharField(max_length=64)
    phone_enc = models.BinaryField("移动电话（密文）", null=True, blank=True)
    phone_hash = models.CharField(max_length=64, blank=True)
    # Under the data keys: rewritten by `manage.py reencrypt_pii` (gonghui.core.pii).
    pii_encrypted = {"id_number_enc": "id_number_hash", "phone_enc": "phone_hash"}
    gender = models.CharField("性别", max_length=1, choices=GENDER_CHOICES, default="0")
    birth_date = models.DateField("出生日期", null=True, blank=True)
    ethnicity = models.CharField("民族", max_length=2, choices=ETHNICITY_CHOICES, default="01")
    education = models.CharField("学历", max_length=2, choices=EDUCATION_CHOICES, blank=True)
    political_status = models.CharField(
        "政治面貌", max_length=2, choices=POLITICAL_CHOICES, blank=True
    )
    employment_status = models.CharField(
        "就业状况", max_length=1, choices=EMPLOYMENT_CHOICES, default="1"
    )
    household_type = models.CharField(
        "户籍类型", max_length=1, choices=HOUSEHOLD_CHOICES, blank=True
    )
    tech_level = models.CharField("技术等级", max_length=1, choices=TECH_LEVEL_CHOICES, blank=True)
    job = models.CharField("工种", max_length=60, blank=True)
    employee_no = models.CharField("企业工号", max_length=40, blank=True)
    title = models.CharField("职称", max_length=40, blank=True)
    work_start_year = models.PositiveSmallIntegerField("参加工作年份", null=True, blank=True)
    email = models.EmailField("邮箱", blank=True)
    native_place = models.CharField("籍贯", max_length=60, blank=True)
    employer = models.CharField("工作单位", max_length=120, blank=True)
    # Indexed by member_org_status, whose first column is org.
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name="所属工会",
        on_delete=models.PROTECT,
        related_name="members",
        db_index=False,
    )
    category = models.CharField("职工类别", max_length=20, choices=Category.choices)
    member_type = models.CharField(
        "会员类型", max_length=1, choices=MEMBER_TYPE_CHOICES, default="1"
    )
    joined_on = models.DateField("入会日期")
    card_number = models.CharField("会员卡号", max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(
        "会籍状态", max_length=10, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    status_changed_on = models.DateField("会籍变化日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "会员"
        verbose_name_plural = "会员"
        permissions = [
            ("transfer_member", "办理转会"),
            ("view_member_pii", "查看完整身份证号和手机号"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=Q(status__in=HOLDING_STATUSES),
                name="member_one_holding_membership",
            )
        ]
        # Plain b-tree indexes: exact look-ups only, so no PostgreSQL "_like" twins.
        indexes = [
            models.Index(fields=["org", "status"], name="member_org_status"),
            models.Index(fields=["id_number_hash"], name="member_id_hash"),
            models.Index(fields=["phone_hash"], name="member_phone_hash"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_enc)

    @property
    def phone(self) -> str:
        return crypto.decrypt(self.phone_enc) if self.phone_enc else ""

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_holding(self) -> bool:
        return self.status in HOLDING_STATUSES


class MembershipEvent(models.Model):
    """One 会籍变化 in a member's history."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events")
    change_type = models.CharField("会籍变化类型", max_length=1, choices=ChangeType.choices)
    changed_on = models.DateField("会籍变化日期")
    reason = models.CharField(
        "会籍变化原因", max_length=1, choices=ChangeReason.choices, blank=True
    )
    note = models.CharField("说明", max_length=200, blank=True)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    other_org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "会籍变化"
        verbose_name_plural = "会籍变化"
        ordering = ["changed_on", "id"]


class TransferStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已同意"
    REJECTED = "rejected", "已拒绝"
    CANCELLED = "cancelled", "已撤回"


class TransferSide(models.TextChoices):
    OUT = "out", "转出方"
    IN = "in", "转入方"


class Transfer(models.Model):
    """A 转会 between two unions: asked for by one side, approved by the other."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers")
    from_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    to_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    initiated_by = models.CharField(max_length=3, choices=TransferSide.choices)
    reason = models.CharField(
        "会籍变化原因",
        max_length=1,
        choices=ChangeReason.choices,
        default=ChangeReason.RELATION_CHANGED,
    )
    note = models.CharField("说明", max_length=200, blank=True)
    status = models.CharField(
        max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)

    class Meta:
        verbose_name = "转会"
        verbose_name_plural = "转会"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="pending"),
                name="transfer_one_pending_per_member",
            )
        ]


class TeamKind(models.TextChoices):
    TEAM = "team", "班组"
    WORKSHOP = "workshop", "车间"
    PROJECT = "project", "项目部"


class Team(models.Model):
    """A 班组 / 车间 / 项目部 of a base union, with its members.

    Shared by the domains that honor or enter a group below the union (工人先锋号, 安康杯 teams,
    competition teams); they point at it by `"members.Team"` and never copy it.
    """

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="teams")
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=10, choices=TeamKind.choices, default=TeamKind.TEAM)
    leader = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    headcount = models.PositiveIntegerField("人数", default=0)
    active = models.BooleanField("在用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "班组"
        verbose_name_plural = "班组"
        ordering = ["org_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "name"], name="team_unique_name_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="team_memberships")
    role = models.CharField("岗位", max_length=40, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "班组成员"
        verbose_name_plural = "班组成员"
        constraints = [models.UniqueConstraint(fields=["team", "member"], name="team_member_once")]
