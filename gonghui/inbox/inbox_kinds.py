"""The inbox's own kind of 待办: import jobs that finished with errors, for their uploader.

`imports` sits below the inbox and cannot call `refresh`; it sends `job_finished` when a job ends
and `job_seen` when the uploader opens the finished job's page, and the receivers here open and
close the item. The uploader may also clear it himself (知道了).
"""

from django.db.models import Q
from django.dispatch import receiver
from django.urls import reverse

from gonghui.accounts.permissions import Perm
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.imports.signals import job_finished, job_seen
from gonghui.inbox.kinds import InboxKind, Item, register_kind
from gonghui.inbox.models import OpenItem
from gonghui.inbox.services import refresh

IMPORT_ERRORS_KEY = "imports.errors"
IMPORT_FAILED_SUMMARY = "{kind}「{file}」未导入：{message}"
IMPORT_ERRORS_SUMMARY = "{kind}「{file}」有 {n} 行错误未导入"


def _with_errors():
    """Finished jobs that failed as a whole or left rows out, of an uploader who has an org (a
    superuser without one has no inbox)."""
    finished = (ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.CANCELLED)
    return (
        ImportJob.objects.filter(status__in=finished)
        .filter(Q(status=ImportStatus.FAILED) | Q(failed__gt=0))
        .filter(Q(org__isnull=False) | Q(created_by__org__isnull=False))
        .select_related("created_by")
        .only("pk", "kind", "filename", "status", "failed", "message", "org_id", "created_by__org")
    )


def _item(job: ImportJob) -> Item:
    if job.status == ImportStatus.FAILED:
        summary = IMPORT_FAILED_SUMMARY.format(
            kind=job.kind_label, file=job.filename, message=job.message
        )
    else:
        summary = IMPORT_ERRORS_SUMMARY.format(kind=job.kind_label, file=job.filename, n=job.failed)
    return Item(
        org_id=job.created_by.org_id or job.org_id,
        user_id=job.created_by_id,
        summary=summary,
        link=reverse("imports:job", args=[job.pk]),
    )


register_kind(
    InboxKind(
        key=IMPORT_ERRORS_KEY,
        label="导入有错误",
        permission=Perm.ORG_VIEW,  # addressed to the uploader by name: not checked
        model="imports.ImportJob",
        source=_with_errors,
        item=_item,
        order=90,
        dismissable=True,
    )
)


@receiver(job_finished, dispatch_uid="inbox.import_job_finished")
def _job_finished(sender, job: ImportJob, **kwargs) -> None:
    refresh(job)


@receiver(job_seen, dispatch_uid="inbox.import_job_seen")
def _job_seen(sender, job: ImportJob, user, **kwargs) -> None:
    # Seen is as good as 知道了: the report is in front of him.
    OpenItem.objects.filter(kind=IMPORT_ERRORS_KEY, ref=str(job.pk), user=user).delete()
