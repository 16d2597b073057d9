"""The worker portal's own records: worker accounts, SMS codes, certification attempts, join
applications and the requests a member makes of his union (transfer, leave).

Workers are not staff: they never get a `accounts.User`, so no workbench permission can ever
reach them. Phone and ID numbers are stored encrypted with a keyed hash for look-up, like members'.
"""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from gonghui.core import crypto
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.members.codes import Category


class Worker(models.Model):
    """A worker's portal account: one per mobile number, one per person once certified."""

    phone_enc = models.BinaryField("手机号（密文）")
    phone_hash = models.CharField(max_length=64, unique=True)
    # Django's password hash; empty until the worker sets a password (SMS login works without).
    password = models.CharField("密码", max_length=128, blank=True)
    # Real-name certification (实名认证): name and ID as the worker entered and we checked them.
    name = models.CharField("姓名", max_length=40, blank=True)
    id_number_enc = models.BinaryField("身份证号（密文）", null=True, blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True)
    # Under the data keys: rewritten by `manage.py reencrypt_pii` (gonghui.core.pii).
    pii_encrypted = {"phone_enc": "phone_hash", "id_number_enc": "id_number_hash"}
    certified_at = models.DateTimeField("实名认证时间", null=True, blank=True)
    # The member record this person holds, linked at certification or when a join is approved.
    member = models.OneToOneField(
        "members.Member",
        verbose_name="会员档案",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="worker",
    )
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField("注册时间", default=timezone.now)
    last_login_at = models.DateTimeField("最近登录", null=True, blank=True)
    # The worker withdrew his consent and closed the account himself (is_active is then False).
    closed_at = models.DateTimeField("注销时间", null=True, blank=True)

    class Meta:
        verbose_name = "职工账号"
        verbose_name_plural = "职工账号"
        constraints = [
            # One person, one certified account.
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~Q(id_number_hash=""),
                name="portal_worker_one_account_per_id",
            )
        ]

    def __str__(self) -> str:
        return self.name or f"职工#{self.pk}"

    @property
    def is_certified(self) -> bool:
        return self.certified_at is not None

    @property
    def phone(self) -> str:
        return crypto.decrypt(self.phone_enc)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(crypto.decrypt(self.id_number_enc)) if self.id_number_enc else ""

    @property
    def status_label(self) -> str:
        if self.member_id:
            return "已认证会员"
        return "已实名认证" if self.is_certified else "未实名认证"


class SmsPurpose(models.TextChoices):
    LOGIN = "login", "登录/注册"
    PASSWORD = "password", "设置密码"


class SmsCode(models.Model):
    """One verification code sent by SMS. Only a hash of the code is kept.

    The rows double as the send log the rate limits count (per number per minute and per day),
    so the limits hold across processes and restarts.
    """

    phone_hash = models.CharField(max_length=64)
    purpose = models.CharField(max_length=10, choices=SmsPurpose.choices)
    code_hash = models.CharField(max_length=128)
    # Short-lived and pruned: look-ups ask for every readable version (gonghui.core.pii).
    pii_transient_hashes = ("phone_hash", "code_hash")
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    # The requesting client's address: one network may not send codes to number after number.
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = "短信验证码"
        verbose_name_plural = "短信验证码"
        indexes = [
            models.Index(fields=["phone_hash", "sent_at"]),
            models.Index(fields=["ip", "sent_at"]),
        ]


class PasswordFailure(models.Model):
    """One failed password login for a number, known or not: the lockout counts these rows, so
    it holds across processes and restarts, and an unknown number locks like a known one."""

    phone_hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)
    # Short-lived and pruned: look-ups ask for every readable version (gonghui.core.pii).
    pii_transient_hashes = ("phone_hash",)

    class Meta:
        verbose_name = "密码登录失败记录"
        verbose_name_plural = "密码登录失败记录"
        indexes = [models.Index(fields=["phone_hash", "at"])]


class CertificationAttempt(models.Model):
    """Every certification try, kept to rate-limit mismatches and to audit repeated ones."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    success = models.BooleanField()
    reason = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = "实名认证记录"
        verbose_name_plural = "实名认证记录"
        indexes = [models.Index(fields=["worker", "at"])]


class RequestStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"
    WITHDRAWN = "withdrawn", "已撤回"


class JoinApplication(models.Model):
    """入会申请: a certified worker asks a union to take him in; its admin approves or rejects."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="join_applications")
    org = models.ForeignKey(
        "orgs.Org", verbose_name="申请加入的工会", on_delete=models.PROTECT, related_name="+"
    )
    # 兜底入会: no union at work, taken in by a township/regional union or industry federation.
    fallback = models.BooleanField("兜底入会", default=False)
    category = models.CharField("职工类别", max_length=20, choices=Category.choices)
    employer = models.CharField("工作单位", max_length=120, blank=True)
    employer_uscc = models.CharField("单位社会信用代码", max_length=18, blank=True)
    ethnicity = models.CharField("民族", max_length=2, blank=True)
    education = models.CharField("学历", max_length=2, blank=True)
    political_status = models.CharField("政治面貌", max_length=2, blank=True)
    job = models.CharField("工种", max_length=60, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    reject_reason = models.CharField("不予通过的原因", max_length=200, blank=True)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "入会申请"
        verbose_name_plural = "入会申请"
        indexes = [models.Index(fields=["org", "status", "submitted_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["worker"],
                condition=Q(status="pending"),
                name="portal_one_pending_join_per_worker",
            )
        ]


class MemberRequestKind(models.TextChoices):
    TRANSFER = "transfer", "转会"
    LEAVE = "leave", "退会"


class MemberRequest(models.Model):
    """A member's own request to his union, followed on the portal.

    A transfer is carried by a `members.Transfer` (both unions consent there, as in the
    workbench); a leave request is decided by the holding union.
    """

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="member_requests")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("类型", max_length=10, choices=MemberRequestKind.choices)
    to_org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    transfer = models.OneToOneField(
        "members.Transfer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField("原因", max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    decided_at = models.DateTimeField("办理时间", null=True, blank=True)
    decision_note = models.CharField("办理意见", max_length=200, blank=True)

    class Meta:
        verbose_name = "会员申请"
        verbose_name_plural = "会员申请"
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="pending"),
                name="portal_one_pending_request_per_member",
            )
        ]


_SECTION = re.compile(r"^[一二三四五六七八九十]+、")


class LegalKind(models.TextChoices):
    TERMS = "terms", "用户协议"
    PRIVACY = "privacy", "隐私政策"


class LegalDocument(models.Model):
    """One published version of the 用户协议 or the 隐私政策 shown to workers.

    Publishing never edits a row: it adds the next version, so every text a worker ever agreed
    to stays readable (PIPL art. 14, 17).
    """

    kind = models.CharField("类型", max_length=10, choices=LegalKind.choices)
    version = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文")
    published_at = models.DateTimeField("发布时间", default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "用户协议与隐私政策"
        verbose_name_plural = "用户协议与隐私政策"
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="portal_legal_one_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（第{self.version}版）"

    def blocks(self) -> list[tuple[bool, str]]:
        """The body as (is_heading, text) lines for the page: a line opening with 一、二、…
        is a section heading, every other non-empty line a paragraph."""
        lines = (line.strip() for line in self.body.splitlines())
        return [(bool(_SECTION.match(line)), line) for line in lines if line]


class ConsentRecord(models.Model):
    """A worker agreed to one version of a legal document; withdrawn when he closes his account."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="consents")
    document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField("同意时间", default=timezone.now)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)

    class Meta:
        verbose_name = "同意记录"
        verbose_name_plural = "同意记录"
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "document"], name="portal_consent_once_per_version"
            )
        ]
