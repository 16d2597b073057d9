"""Workbench pages of the member import: upload, and the template to fill in. The job it starts
is shown on the pages of `gonghui.imports.views`."""

from io import BytesIO

from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.forms import NOT_SUBMITTED, submit_with
from gonghui.imports.jobs import import_job_create
from gonghui.imports.models import ImportJob
from gonghui.members.import_kinds import MEMBERS
from gonghui.members.imports.forms import MemberImportForm
from gonghui.members.imports.template import HEADER, REQUIRED, UNREAD, template_notes


@permission_required(Perm.MEMBER_ADD)
@require_http_methods(["GET", "POST"])
def member_import_view(request):
    form = MemberImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        job, _ = submit_with(
            form,
            lambda data: import_job_create(
                actor=request.user,
                kind=MEMBERS,
                upload=data["file"],
                mode=data["mode"],
                default_org=data["org"],
            ),
        )
        if job is not NOT_SUBMITTED:
            return redirect("imports:job", job_id=job.pk)
    recent = ImportJob.objects.filter(created_by=request.user, kind=MEMBERS)[:10]
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "recent": recent, "unread": UNREAD}
    return render(request, "members/imports/upload.html", context, status=status)


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
