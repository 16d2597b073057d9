"""Excel import pages of a contest's entries (members, units, teams) and results (jobs of
`gonghui.imports`)."""

from django import forms
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gonghui.accounts.permissions import Perm
from gonghui.competitions.contests import selectors as sel
from gonghui.competitions.contests.group_imports import teams_template, units_template
from gonghui.competitions.contests.imports import entries_template, results_template
from gonghui.competitions.contests.views.pages import _managed
from gonghui.competitions.import_kinds import ENTRIES, RESULTS, TEAMS, UNITS
from gonghui.core.decorators import permission_required
from gonghui.core.forms import NOT_SUBMITTED, WorkbenchForm, submit_with
from gonghui.imports.jobs import import_job_create
from gonghui.imports.models import ImportJob, ImportMode

MEMBERS_HINT = "职工按身份证号识别（须是您管理范围内的在会会员），姓名须与会员档案一致。"
UNITS_HINT = (
    "单位按名称、18位统一社会信用代码或9位组织机构代码识别（须是您管理范围内、主办工会范围内"
    "的工会）；竞赛设工种时可填参赛工种，也可留空整体参赛。"
)
TEAMS_HINT = (
    "班组按「所在工会」（名称或代码）加「班组名称」识别，须是您管理范围内、主办工会范围内的"
    "在用班组；竞赛设工种时须填参赛工种。"
)


class ImportForm(WorkbenchForm):
    file = forms.FileField(label="Excel 文件（.xlsx）")


def _import(request, contest, kind: str, title: str, template_url: str, hint: str = ""):
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
        "hint": hint,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "competitions/import.html", ctx, status=status)


@permission_required(Perm.CONTEST_ENTER)
@require_http_methods(["GET", "POST"])
def import_entries_view(request, contest_id):
    contest = sel.access_contest_by_id(request.user, contest_id)
    return _import(
        request,
        contest,
        ENTRIES,
        "导入参赛职工",
        "competitions:entries_template",
        MEMBERS_HINT,
    )


@permission_required(Perm.CONTEST_ENTER)
@require_http_methods(["GET", "POST"])
def import_units_view(request, contest_id):
    contest = sel.access_contest_by_id(request.user, contest_id)
    return _import(
        request, contest, UNITS, "导入参赛单位", "competitions:units_template", UNITS_HINT
    )


@permission_required(Perm.CONTEST_ENTER)
@require_http_methods(["GET", "POST"])
def import_teams_view(request, contest_id):
    contest = sel.access_contest_by_id(request.user, contest_id)
    return _import(
        request, contest, TEAMS, "导入参赛班组", "competitions:teams_template", TEAMS_HINT
    )


@permission_required(Perm.CONTEST_ENTER)
@require_http_methods(["GET", "POST"])
def import_results_view(request, contest_id):
    contest = _managed(request, contest_id)
    return _import(
        request, contest, RESULTS, "导入竞赛成绩", "competitions:results_template", MEMBERS_HINT
    )


@permission_required(Perm.CONTEST_VIEW)
def entries_template_view(request):
    return FileResponse(entries_template(), as_attachment=True, filename="竞赛报名导入模板.xlsx")


@permission_required(Perm.CONTEST_VIEW)
def results_template_view(request):
    return FileResponse(results_template(), as_attachment=True, filename="竞赛成绩导入模板.xlsx")


@permission_required(Perm.CONTEST_VIEW)
def units_template_view(request):
    return FileResponse(units_template(), as_attachment=True, filename="竞赛参赛单位导入模板.xlsx")


@permission_required(Perm.CONTEST_VIEW)
def teams_template_view(request):
    return FileResponse(teams_template(), as_attachment=True, filename="竞赛参赛班组导入模板.xlsx")
