from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.imports.kinds import ImportKind, kind_of


class ImportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "导入中"
    DONE = "done", "已完成"
    FAILED = "failed", "未导入"
    CANCELLED = "cancelled", "已取消"


class ImportMode(models.TextChoices):
    ALL = "all", "全部正确才导入"
    VALID = "valid", "导入正确的行，报告错误行"


class ImportJob(models.Model):
    """An import of one registered kind (`gonghui.imports.kinds`) run in the background: the
    uploaded file, progress and the result. The uploaded file is deleted when the job ends (it
    may hold ID numbers and phones in clear), the error report after `GONGHUI_IMPORT_KEEP_DAYS`;
    the row and its counters stay. The table keeps the name it had in `members`.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name="默认工会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The code of a registered kind; its label is `kind_label`.
    kind = models.CharField("导入内容", max_length=40)
    mode = models.CharField("导入方式", max_length=5, choices=ImportMode.choices)
    # What else the kind's upload form chose (the sites' default coordinate system).
    options = models.JSONField("导入选项", default=dict, blank=True)
    file = models.FileField(upload_to="imports/%Y/%m/")
    filename = models.CharField("文件名", max_length=200)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total = models.PositiveIntegerField(null=True, blank=True)
    read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    message = models.CharField(max_length=500, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    # The first errors in row order, [row, column, masked value, reason], for the result page;
    # all of them are in `error_report`. Purged with the report.
    errors = models.JSONField("首批错误", default=list, blank=True)
    error_report = models.FileField(upload_to="imports/reports/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    files_purged_at = models.DateTimeField("文件删除时间", null=True, blank=True)
    # The counters as of the last commit of the kind's work (a kind that commits in units, the
    # member import in mode `valid`), written in that commit: what a killed run left behind.
    checkpoint = models.JSONField("已提交进度", default=dict, blank=True)
    # Who runs it: "host:pid" of the worker process (see `gonghui.imports.recovery`).
    runner = models.CharField("执行进程", max_length=120, blank=True)
    restarts = models.PositiveSmallIntegerField("中断后重新开始次数", default=0)

    class Meta:
        db_table = "members_importjob"
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The purge looks for finished jobs whose files are still kept.
            models.Index(
                fields=["finished_at"],
                condition=Q(files_purged_at__isnull=True),
                name="importjob_files_kept",
            )
        ]

    @property
    def import_kind(self) -> ImportKind:
        return kind_of(self.kind)

    @property
    def kind_label(self) -> str:
        return self.import_kind.label

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.CANCELLED)

    @property
    def errors_not_listed(self) -> int:
        """Errors in the report beyond those `errors` lists."""
        return max(self.failed - len(self.errors), 0)

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.total:
            return 0
        return min(99, self.read * 100 // self.total)
