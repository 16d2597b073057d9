"""The pages of every import job, whatever its kind: result page, progress (htmx, every
second), cancel, error report. Each kind's upload page is its app's (it chooses the options)."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.errors import NotFound
from gonghui.core.forms import NOT_SUBMITTED, attempt
from gonghui.imports.jobs import (
    FILES_PURGED,
    JOB_NOT_FOUND,
    access_import_job_by_id,
    import_job_cancel,
    import_job_seen,
)
from gonghui.imports.models import ImportJob

CANCEL_REQUESTED = "已请求取消，当前批次处理完后停止。"


def _context(job: ImportJob) -> dict:
    """What the result page shows is the kind's: its links, label and counters."""
    kind = job.import_kind
    args = kind.url_args(job) if kind.url_args else ()
    return {
        "job": job,
        "kind": kind,
        "kind_home": reverse(kind.home_url, args=args),
        "kind_upload": reverse(kind.upload_url, args=args),
        "counters": [(label, getattr(job, name)) for name, label in kind.counters],
    }


# Any staff page permission here: access_import_job_by_id checks the uploader and the
# permission of the job's kind.
@permission_required(Perm.ORG_VIEW)
def import_job_view(request, job_id):
    job = access_import_job_by_id(request.user, job_id)
    import_job_seen(user=request.user, job=job)
    return render(request, "imports/job.html", _context(job))


@permission_required(Perm.ORG_VIEW)
def import_job_progress(request, job_id):
    job = access_import_job_by_id(request.user, job_id)
    import_job_seen(user=request.user, job=job)  # the page polling it shows the result once done
    return render(request, "imports/_progress.html", _context(job))


@permission_required(Perm.ORG_VIEW)
@require_POST
def import_job_cancel_view(request, job_id):
    job = access_import_job_by_id(request.user, job_id)
    cancelled = attempt(request, lambda: import_job_cancel(actor=request.user, job=job))
    if cancelled is not NOT_SUBMITTED:
        messages.info(request, CANCEL_REQUESTED)
    return redirect("imports:job", job_id=job.pk)


@permission_required(Perm.ORG_VIEW)
def import_job_report(request, job_id):
    job = access_import_job_by_id(request.user, job_id)
    if job.files_purged_at:
        raise NotFound(FILES_PURGED)
    if not job.error_report:
        raise NotFound(JOB_NOT_FOUND)
    return FileResponse(
        job.error_report.open("rb"),
        as_attachment=True,
        filename=f"{job.filename.rsplit('.', 1)[0]}-错误报告.xlsx",
    )
