from django.conf import settings
from django.db import models
from django.utils import timezone

APPEND_ONLY_MESSAGE = "审计日志只能追加，不能修改或删除。"


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(APPEND_ONLY_MESSAGE)

    def delete(self):
        raise AppendOnlyError(APPEND_ONLY_MESSAGE)


class AppendOnlyModel(models.Model):
    """Rows are inserted, never changed or removed; triggers refuse it in the database too, and
    on PostgreSQL the application's role holds only INSERT and SELECT (gonghui.core.dbroles)."""

    append_only = True

    objects = AuditQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(APPEND_ONLY_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(APPEND_ONLY_MESSAGE)


class AuditResult(models.TextChoices):
    SUCCESS = "success", "成功"
    DENIED = "denied", "拒绝"
    FAILED = "failed", "失败"


class AuditLog(AppendOnlyModel):
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField("账号", max_length=150, blank=True)
    actor_org = models.ForeignKey(
        "orgs.Org",
        verbose_name="操作人所属工会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Materialised path of the org the object belongs to: auditors browse their subtree by it.
    org_path = models.CharField(max_length=255, blank=True, db_index=True)
    action = models.CharField("操作", max_length=40, db_index=True)
    object_type = models.CharField("对象类型", max_length=40, blank=True)
    object_id = models.CharField("对象编号", max_length=40, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    changes = models.JSONField("变更字段", default=dict, blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    result = models.CharField(
        "结果", max_length=10, choices=AuditResult.choices, default=AuditResult.SUCCESS
    )

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        # An object's own trail (「查看记录」 on a member's page) is read by these two.
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.action}"


class AuditSubject(AppendOnlyModel):
    """One more object an audit row touched, beyond its own `object_*`: each member of an
    export. Written with the row, append-only like it; answers "which exports touched this
    member" by an index, not by replaying the export's filters against today's data."""

    # No foreign-key constraint in the database: on PostgreSQL the audit table is partitioned by
    # month (its key is (id, at)), and an archived month is detached with its subjects left.
    log = models.ForeignKey(
        AuditLog, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)

    class Meta:
        verbose_name = "审计日志涉及对象"
        verbose_name_plural = "审计日志涉及对象"
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_subject_idx")]


class AuditSeal(AppendOnlyModel):
    """The keyed hash chain over the audit trail, one link per audit row, in id order
    (gonghui.audit.sealing): digest = HMAC-SM3(AUDIT_KEY, previous digest ‖ the row)."""

    audit_id = models.BigIntegerField("审计日志编号", primary_key=True)
    digest = models.CharField("链值", max_length=64)
    sealed_at = models.DateTimeField("封存时间", default=timezone.now)

    class Meta:
        verbose_name = "审计封存"
        verbose_name_plural = "审计封存"
        ordering = ["audit_id"]

    def __str__(self) -> str:
        return f"{self.audit_id} {self.digest[:16]}"


class AuditArchive(AppendOnlyModel):
    """A month of the audit table detached for archiving (PostgreSQL, `audit_partitions
    --detach-before`): which rows left and the chain's head at its last one, so that
    `audit_verify` checks the rows still online from there (gonghui.audit.partitions)."""

    partition = models.CharField("分区表", max_length=63, unique=True)
    month = models.DateField("月份")
    rows = models.PositiveBigIntegerField("条数")
    first_id = models.BigIntegerField("首条编号", null=True)
    last_id = models.BigIntegerField("末条编号", null=True)
    head = models.CharField("末条链值", max_length=64, blank=True)
    detached_at = models.DateTimeField("摘除时间", default=timezone.now)

    class Meta:
        verbose_name = "审计日志归档"
        verbose_name_plural = "审计日志归档"
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.partition} {self.rows}"
