"""The optional steps of a round: the nomination's materials (附件), the departments' opinions
(征求意见) and the 评审委员会's review of each candidate, and the unions taking part in a round
(one row per round and union: the ref of the "deadline in 3 working days" 待办)."""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone


def attachment_path(instance: "NominationAttachment", filename: str) -> str:
    """MEDIA_ROOT/honors/<round>/<random>.<ext>: the stored name never carries the uploader's
    file name (kept in original_name), so it can neither be guessed nor escape the folder."""
    ext = PurePath(filename).suffix.lower()[:8]
    return f"honors/{instance.nomination.round_id}/{secrets.token_hex(16)}{ext}"


class NominationAttachment(models.Model):
    """A file of a nomination's deeds materials (PDF, JPEG, PNG, DOCX); `material` names the
    item of the honor type's 所需材料 it provides (blank: other material)."""

    nomination = models.ForeignKey(
        "honors.Nomination", on_delete=models.CASCADE, related_name="attachments"
    )
    material = models.CharField("材料项", max_length=100, blank=True)
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "推荐材料"
        verbose_name_plural = "推荐材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Opinion(models.Model):
    """A department's opinion (征求意见) on a candidate; a 不同意 keeps the candidate from 公示
    unless it is withdrawn or the opinion is overridden with a reason."""

    nomination = models.ForeignKey(
        "honors.Nomination", on_delete=models.CASCADE, related_name="opinions"
    )
    department = models.CharField("部门", max_length=40)
    agree = models.BooleanField("同意")
    remark = models.CharField("说明", max_length=200, blank=True)
    overridden = models.BooleanField("不予采纳", default=False)
    override_reason = models.CharField("不予采纳理由", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.department}：{'同意' if self.agree else '不同意'}"

    @property
    def blocking(self) -> bool:
        return not self.agree and not self.overridden


class CommitteeReview(models.Model):
    """The 评审委员会's review of one candidate: a score and/or the votes, and its decision."""

    nomination = models.OneToOneField(
        "honors.Nomination", on_delete=models.CASCADE, related_name="committee_review"
    )
    score = models.DecimalField("评分", max_digits=5, decimal_places=1, null=True, blank=True)
    votes_for = models.PositiveIntegerField("赞成", null=True, blank=True)
    votes_against = models.PositiveIntegerField("反对", null=True, blank=True)
    votes_abstain = models.PositiveIntegerField("弃权", null=True, blank=True)
    passed = models.BooleanField("评审通过")
    remark = models.CharField("评审意见", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "评审委员会评审"
        verbose_name_plural = "评审委员会评审"


class RoundUnion(models.Model):
    """A union taking part in a round: it was given places or it nominated."""

    round = models.ForeignKey("honors.Round", on_delete=models.CASCADE, related_name="unions")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "org"], name="honor_round_union_once")
        ]
