"""Workbench pages of the org import (synchronous: orgs are few) and export."""

import tempfile
import uuid

from django import forms
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.errors import ApplicationError, NotFound
from gonghui.core.forms import WorkbenchForm, add_application_error
from gonghui.core.tabular import ErrorReport
from gonghui.orgs.exports import org_export_csv, org_export_xlsx
from gonghui.orgs.imports import org_import

REPORT_SESSION_KEY = "org_import_report"
REPORT_GONE = "错误报告已不存在，请重新导入。"


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
    summary = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = ErrorReport()
        try:
            summary = org_import(
                actor=request.user,
                file=upload,
                filename=upload.name,
                mode=form.cleaned_data["mode"],
                report=report,
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            request.session.pop(REPORT_SESSION_KEY, None)
            if report.count:
                with report.save() as out:
                    name = default_storage.save(
                        f"imports/reports/orgs-{uuid.uuid4().hex}.xlsx", File(out)
                    )
                request.session[REPORT_SESSION_KEY] = name
    return render(request, "orgs/import.html", {"form": form, "summary": summary})


@permission_required(Perm.ORG_MANAGE)
def org_import_report(request):
    """The error report of this session's last org import (no one else can name it)."""
    name = request.session.get(REPORT_SESSION_KEY)
    if not name or not default_storage.exists(name):
        raise NotFound(REPORT_GONE)
    return FileResponse(
        default_storage.open(name, "rb"), as_attachment=True, filename="工会组织导入错误报告.xlsx"
    )


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
