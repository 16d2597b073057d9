"""Workbench pages of the org import (a background job, shown on the import job pages of
`gonghui.imports.views`) and export."""

import tempfile

from django import forms
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.errors import NotFound
from gonghui.core.forms import NOT_SUBMITTED, WorkbenchForm, submit_with
from gonghui.imports.jobs import import_job_create
from gonghui.imports.models import ImportJob
from gonghui.orgs import imports as org_imports
from gonghui.orgs.exports import org_export_csv, org_export_xlsx
from gonghui.orgs.import_kinds import ORGS

REPORT_GONE = "您最近的组织导入没有错误报告，或文件已按保留期限删除。"


class OrgImportForm(WorkbenchForm):
    file = forms.FileField(label="文件（.xlsx 或 .csv）")
    mode = forms.ChoiceField(
        label="导入方式",
        choices=[("all", "全部正确才导入"), ("valid", "导入正确的行，报告错误行")],
        initial="all",
        widget=forms.RadioSelect,
    )


@permission_required(Perm.ORG_MANAGE)
@require_http_methods(["GET", "POST"])
def org_import_view(request):
    form = OrgImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        job, _ = submit_with(
            form,
            lambda data: import_job_create(
                actor=request.user, upload=data["file"], mode=data["mode"], kind=ORGS
            ),
        )
        if job is not NOT_SUBMITTED:
            return redirect("imports:job", job_id=job.pk)
    recent = ImportJob.objects.filter(created_by=request.user, kind=ORGS)[:10]
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "recent": recent, "unread": org_imports.UNREAD}
    return render(request, "orgs/import.html", context, status=status)


@permission_required(Perm.ORG_MANAGE)
def org_import_report(request):
    """The error report of the user's latest org import (kept for links to the old page)."""
    job = (
        ImportJob.objects.filter(created_by=request.user, kind=ORGS)
        .exclude(error_report="")
        .first()
    )
    if job is None:
        raise NotFound(REPORT_GONE)
    return redirect("imports:job_report", job_id=job.pk)


@permission_required(Perm.ORG_VIEW)
def org_export_view(request):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(
            org_export_csv(actor=request.user), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(True, f"工会组织-{stamp}.csv")
        return response
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the FileResponse closes it)
    org_export_xlsx(actor=request.user, out=out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=f"工会组织-{stamp}.xlsx")
