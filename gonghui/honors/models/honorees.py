"""The honoree registry (荣誉对象库): people and collectives holding honors, and what they hold.

An honoree is one person (linked to the member record when one matches, and protected like it) or
one collective (an org) or team. `Honor` is one title held: conferred by a round's decision in
this system, or imported for honors conferred before it.
"""

from django.db import models
from django.db.models import Q

from gonghui.core import crypto
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.honors.models.catalogue import HonorSubject


class Honoree(models.Model):
    subject = models.CharField("对象", max_length=12, choices=HonorSubject.choices)
    name = models.CharField("姓名/名称", max_length=120, db_index=True)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The union the honoree belongs to (a person's union, or the collective itself).
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        "members.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    gender = models.CharField("性别", max_length=1, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    id_number_enc = models.BinaryField("证件号码（密文）", null=True, blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True)
    phone_enc = models.BinaryField("联系电话（密文）", null=True, blank=True)
    # Under the data keys: rewritten by `manage.py reencrypt_pii` (gonghui.core.pii).
    pii_encrypted = {"id_number_enc": "id_number_hash", "phone_enc": ""}
    employer = models.CharField("工作单位", max_length=120, blank=True)
    post = models.CharField("岗位", max_length=60, blank=True)
    alive = models.BooleanField("健在", default=True)
    died_on = models.DateField("去世日期", null=True, blank=True)
    hardship = models.BooleanField("困难劳模", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "荣誉对象"
        verbose_name_plural = "荣誉对象"
        ordering = ["name", "id"]
        permissions = [("view_honoree_pii", "查看劳模完整身份证号和电话")]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~Q(id_number_hash=""),
                name="honoree_one_per_person",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_enc) if self.id_number_enc else ""

    @property
    def phone(self) -> str:
        return crypto.decrypt(self.phone_enc) if self.phone_enc else ""

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number) if self.id_number_enc else ""

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone) if self.phone_enc else ""


class HonorSource(models.TextChoices):
    DECISION = "decision", "本系统表彰决定"
    IMPORTED = "imported", "历史导入"


class Honor(models.Model):
    """One title held by one honoree: year, decision (文号), certificate number; revocable."""

    honoree = models.ForeignKey(Honoree, on_delete=models.CASCADE, related_name="honors")
    honor_type = models.ForeignKey(
        "honors.HonorType", verbose_name="荣誉类型", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    decision_no = models.CharField("表彰决定文号", max_length=60, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    certificate_no = models.CharField("证书号", max_length=40, blank=True)
    source = models.CharField(max_length=10, choices=HonorSource.choices)
    # Set by the round's decision; the rounds package owns the model it points at.
    nomination_id = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    revoked = models.BooleanField("已撤销", default=False)
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revoke_reason = models.CharField("撤销原因", max_length=200, blank=True)
    revoke_decision_no = models.CharField("撤销决定文号", max_length=60, blank=True)

    class Meta:
        verbose_name = "荣誉"
        verbose_name_plural = "荣誉"
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate_no"],
                condition=~Q(certificate_no=""),
                name="honor_unique_certificate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.honor_type}"
