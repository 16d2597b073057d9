"""Excel import pages of a contest's entries and results (jobs of `gonghui.imports`)."""

from django import forms
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gonghui.accounts.permissions import Perm
from gonghui.competitions.contests import selectors as sel
from gonghui.competitions.contests.imports import entries_template, results_template
from gonghui.competitions.contests.views.pages import _managed
from gonghui.competitions.import_kinds import ENTRIES, RESULTS
from gonghui.core.decorators import permission_required
from gonghui.core.forms import NOT_SUBMITTED, WorkbenchForm, submit_with
from gonghui.imports.jobs import import_job_create
from gonghui.imports.models import ImportJob, ImportMode


class ImportForm(WorkbenchForm):
    file = forms.FileField(label="Excel 文件（.xlsx）")


def _import(request, contest, kind: str, title: str, template_url: str):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        job, _ = submit_with(
            form,
            lambda data: import_job_create(
                actor=request.user,
                kind=kind,
                upload=data["file"],
                mode=ImportMode.ALL,
                options={"contest": contest.pk},
            ),
        )
        if job is not NOT_SUBMITTED:
            return redirect("imports:job", job_id=job.pk)
    recent = ImportJob.objects.filter(created_by=request.user, kind=kind)[:10]
    ctx = {
        "form": form,
        "recent": recent,
        "contest": contest,
        "title": title,
        "template_url": template_url,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "competitions/import.html", ctx, status=status)


@permission_required(Perm.CONTEST_ENTER)
@require_http_methods(["GET", "POST"])
def import_entries_view(request, contest_id):
    contest = sel.access_contest_by_id(request.user, contest_id)
    return _import(request, contest, ENTRIES, "导入参赛职工", "competitions:entries_template")


@permission_required(Perm.CONTEST_ENTER)
@require_http_methods(["GET", "POST"])
def import_results_view(request, contest_id):
    contest = _managed(request, contest_id)
    return _import(request, contest, RESULTS, "导入竞赛成绩", "competitions:results_template")


@permission_required(Perm.CONTEST_VIEW)
def entries_template_view(request):
    return FileResponse(entries_template(), as_attachment=True, filename="竞赛报名导入模板.xlsx")


@permission_required(Perm.CONTEST_VIEW)
def results_template_view(request):
    return FileResponse(results_template(), as_attachment=True, filename="竞赛成绩导入模板.xlsx")
