"""Workbench pages of the archive import (synchronous: a file holds at most a few thousand
households) and export."""

from django import forms
from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.assistance.codes import ArchiveStatus
from gonghui.assistance.exports import archive_export_xlsx
from gonghui.assistance.imports import ImportRejected, archive_import, template_xlsx
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import WorkbenchForm, add_application_error
from gonghui.orgs.selectors import access_org_by_id

SHOWN_ERRORS = 200


class ArchiveImportForm(WorkbenchForm):
    file = forms.FileField(label="文件（.xlsx 或 .csv）")


@permission_required(Perm.ASSIST_MANAGE)
@require_http_methods(["GET", "POST"])
def io_import(request):
    form = ArchiveImportForm(request.POST or None, request.FILES or None)
    errors: list[tuple[int, str, str]] = []
    total_errors = 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = archive_import(actor=request.user, file=upload, filename=upload.name)
        except ImportRejected as exc:
            form.add_error(None, exc.message)
            errors, total_errors = exc.errors[:SHOWN_ERRORS], len(exc.errors)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            for warning in summary.warnings:
                messages.warning(request, warning)
            messages.success(
                request,
                f"导入完成：读取 {summary.read} 行，新建档案 {summary.created} 户，"
                f"已有相同档案跳过 {summary.skipped} 户。",
            )
            return redirect("assistance:io_import")
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "errors": errors,
        "total_errors": total_errors,
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
