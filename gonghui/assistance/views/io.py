"""Workbench pages of the archive import (an import job: gonghui.imports shows its progress,
result and error report) and export."""

from django import forms
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.assistance.codes import ArchiveStatus
from gonghui.assistance.exports import archive_export_xlsx
from gonghui.assistance.import_kinds import ARCHIVES
from gonghui.assistance.imports import template_xlsx
from gonghui.core.forms import NOT_SUBMITTED, WorkbenchForm, submit_with
from gonghui.imports.jobs import import_job_create
from gonghui.imports.models import ImportJob, ImportMode
from gonghui.orgs.selectors import access_org_by_id


class ArchiveImportForm(WorkbenchForm):
    file = forms.FileField(label="文件（.xlsx 或 .csv）")


@permission_required(Perm.ASSIST_MANAGE)
@require_http_methods(["GET", "POST"])
def io_import(request):
    form = ArchiveImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        job, _ = submit_with(
            form,
            lambda data: import_job_create(
                actor=request.user, kind=ARCHIVES, upload=data["file"], mode=ImportMode.ALL
            ),
        )
        if job is not NOT_SUBMITTED:
            return redirect("imports:job", job_id=job.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "recent": ImportJob.objects.filter(created_by=request.user, kind=ARCHIVES)[:10],
        "can_export_full": request.user.has_perm(Perm.MEMBER_PII),
    }
    return render(request, "assistance/io_import.html", context, status=status)


@permission_required(Perm.ASSIST_MANAGE)
def io_template(request):
    return FileResponse(template_xlsx(), as_attachment=True, filename="困难职工档案导入模板.xlsx")


@permission_required(Perm.ASSIST_VIEW)
def io_export(request):
    """?status=<code> (default 已建档, "all" for every status), ?org=<id> (a union of the
    user's subtree), ?full=1 for unmasked ID numbers (personal-data grant only)."""
    status = request.GET.get("status", ArchiveStatus.ARCHIVED)
    if status == "all":
        status = ""
    elif status not in ArchiveStatus.values:
        status = ArchiveStatus.ARCHIVED
    # A union outside the subtree answers as a missing one (404, audited), like every object
    # named in the URL.
    org = access_org_by_id(request.user, request.GET["org"]) if request.GET.get("org") else None
    out = archive_export_xlsx(
        actor=request.user, org=org, status=status, full=request.GET.get("full") == "1"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(out, as_attachment=True, filename=f"困难职工档案-{stamp}.xlsx")
