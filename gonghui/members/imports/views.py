"""Workbench pages of the member import: upload, and the template to fill in; and the pages of
every import job, member or org: progress (htmx, every second), cancel, report."""

from io import BytesIO

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.errors import ApplicationError, NotFound
from gonghui.core.forms import add_application_error
from gonghui.members.imports.forms import MemberImportForm
from gonghui.members.imports.jobs import (
    FILES_PURGED,
    JOB_NOT_FOUND,
    access_import_job_by_id,
    import_job_cancel,
    import_job_create,
)
from gonghui.members.imports.template import HEADER, REQUIRED, UNREAD, template_notes
from gonghui.members.models import ImportJob, ImportKind


@permission_required(Perm.MEMBER_ADD)
@require_http_methods(["GET", "POST"])
def member_import_view(request):
    form = MemberImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(
                actor=request.user,
                upload=form.cleaned_data["file"],
                mode=form.cleaned_data["mode"],
                default_org=form.cleaned_data["org"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            return redirect("members:import_job", job_id=job.pk)
    recent = ImportJob.objects.filter(created_by=request.user, kind=ImportKind.MEMBERS)[:10]
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "recent": recent, "unread": UNREAD}
    return render(request, "members/imports/upload.html", context, status=status)


# The job pages serve member and org imports: any staff page permission here, and
# access_import_job_by_id checks the uploader and the permission of the job's kind.
@permission_required(Perm.ORG_VIEW)
def import_job_view(request, job_id):
    job = access_import_job_by_id(request.user, job_id)
    return render(request, "members/imports/job.html", {"job": job})


@permission_required(Perm.ORG_VIEW)
def import_job_progress(request, job_id):
    job = access_import_job_by_id(request.user, job_id)
    return render(request, "members/imports/_progress.html", {"job": job})


@permission_required(Perm.ORG_VIEW)
@require_POST
def import_job_cancel_view(request, job_id):
    job = access_import_job_by_id(request.user, job_id)
    try:
        import_job_cancel(actor=request.user, job=job)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, "已请求取消，当前批次处理完后停止。")
    return redirect("members:import_job", job_id=job.pk)


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


@permission_required(Perm.MEMBER_ADD)
def member_import_template(request):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "会员"
    sheet.append(HEADER)
    for i, column in enumerate(HEADER, start=1):
        letter = sheet.cell(row=1, column=i).column_letter
        sheet.column_dimensions[letter].width = 20 if column not in UNREAD else 10
        if column in ("证件号码", "移动电话"):
            # Cells formatted as text: Excel then keeps the numbers as typed.
            for row in range(2, 2002):
                sheet.cell(row=row, column=i).number_format = "@"
    notes = book.create_sheet("填写说明")
    notes.append(["列", "说明"])
    for column, note in template_notes():
        notes.append([column + ("（必填）" if column in REQUIRED else ""), note])
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 100
    out = BytesIO()
    book.save(out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename="会员导入模板.xlsx")
