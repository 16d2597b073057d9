"""The actions on an archive's page: 初审, 终审, 公示 objections and closing, 年审, 解困.

Each answers with a redirect to the archive on success, or the page again with the form's errors."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.assistance.codes import ArchiveStatus
from gonghui.assistance.forms.archives import (
    AnnualReviewForm,
    DecisionForm,
    ExitForm,
    FirstReviewForm,
    ObjectionForm,
    ObjectionResolveForm,
)
from gonghui.assistance.selectors.archives import (
    access_objection,
)
from gonghui.assistance.services.archives import (
    archive_annual_review,
    archive_complete_notice,
    archive_exit,
    archive_final_review,
    archive_first_review,
    objection_record,
    objection_resolve,
)
from gonghui.assistance.views.archives import _detail, _done, _load
from gonghui.core.forms import NOT_SUBMITTED, attempt, submit, submit_with


def _answer(request, archive, result, form_name, form, text):
    """The archive again with the message `text(result)`, or its page with `form`'s errors
    (400) when the form or the service refused."""
    if result is NOT_SUBMITTED:
        return _detail(request, archive, status=400, **{form_name: form})
    return _done(request, archive, text(result))


@permission_required(Perm.ASSIST_REVIEW)
@require_POST
def archive_first_review_view(request, pk):
    archive = _load(request, pk)
    form = FirstReviewForm(request.POST)
    reviewed, _ = submit_with(
        form,
        lambda data: archive_first_review(
            actor=request.user,
            archive=archive,
            approved=data["approved"] == "1",
            opinion=data["opinion"],
            visit={
                "visited_on": data["visited_on"],
                "visitors": data["visitors"],
                "findings": data["findings"],
                "photos": request.FILES.getlist("photos"),
            },
        ),
    )
    return _answer(
        request,
        archive,
        reviewed,
        "first_form",
        form,
        lambda done: f"初审已完成：{done.get_status_display()}。",
    )


def _final_text(archive) -> str:
    if archive.status == ArchiveStatus.NOTICE:
        return f"终审通过，公示期 {archive.notice_start} 至 {archive.notice_end}。"
    return "终审未通过。"


@permission_required(Perm.ASSIST_REVIEW)
@require_POST
def archive_final_review_view(request, pk):
    archive = _load(request, pk)
    form = DecisionForm(request.POST)
    reviewed, _ = submit_with(
        form,
        lambda data: archive_final_review(
            actor=request.user,
            archive=archive,
            approved=data["approved"] == "1",
            opinion=data["opinion"],
        ),
    )
    return _answer(request, archive, reviewed, "final_form", form, _final_text)


@permission_required(Perm.ASSIST_REVIEW)
@require_POST
def archive_objection_view(request, pk):
    archive = _load(request, pk)
    form = ObjectionForm(request.POST)
    recorded, _ = submit(form, objection_record, actor=request.user, archive=archive)
    return _answer(
        request, archive, recorded, "objection_form", form, lambda _: "已登记公示异议，请核实处理。"
    )


@permission_required(Perm.ASSIST_REVIEW)
@require_POST
def archive_objection_resolve_view(request, pk, objection_id):
    archive = _load(request, pk)
    objection = access_objection(request.user, objection_id, archive=archive)
    form = ObjectionResolveForm(request.POST)
    resolved, _ = submit_with(
        form,
        lambda data: objection_resolve(
            actor=request.user,
            objection=objection,
            upheld=data["upheld"] == "1",
            resolution=data["resolution"],
        ),
    )
    return _answer(request, archive, resolved, "resolve_form", form, lambda _: "异议已处理。")


@permission_required(Perm.ASSIST_REVIEW)
@require_http_methods(["GET", "POST"])
def archive_complete_notice_view(request, pk):
    archive = _load(request, pk)
    if request.method == "GET":
        return render(request, "assistance/archive_confirm.html", {"archive": archive})
    archived = attempt(
        request, lambda: archive_complete_notice(actor=request.user, archive=archive)
    )
    if archived is NOT_SUBMITTED:
        return redirect("assistance:archive_detail", pk=archive.pk)
    return _done(request, archived, "公示期满，已正式建档。")


@permission_required(Perm.ASSIST_REVIEW)
@require_POST
def archive_annual_review_view(request, pk):
    archive = _load(request, pk)
    form = AnnualReviewForm(request.POST)
    reviewed, _ = submit_with(
        form,
        lambda data: archive_annual_review(
            actor=request.user,
            archive=archive,
            year=data["year"],
            approved=data["approved"] == "1",
            opinion=data["opinion"],
            updates={
                "level": data["level"],
                "monthly_income": data["monthly_income"],
                "other_annual_income": data["other_annual_income"],
            },
        ),
    )
    return _answer(
        request,
        archive,
        reviewed,
        "annual_form",
        form,
        lambda _: f"{form.cleaned_data['year']}年度年审已完成。",
    )


@permission_required(Perm.ASSIST_REVIEW)
@require_POST
def archive_exit_view(request, pk):
    archive = _load(request, pk)
    form = ExitForm(request.POST)
    exited, _ = submit(form, archive_exit, actor=request.user, archive=archive)
    return _answer(
        request, archive, exited, "exit_form", form, lambda _: "已办理解困脱困，档案保留可查。"
    )
