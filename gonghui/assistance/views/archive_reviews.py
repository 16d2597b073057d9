"""The actions on an archive's page: 初审, 终审, 公示 objections and closing, 年审, 解困.

Each answers with a redirect to the archive on success, or the page again with the form's errors."""

from django.contrib import messages
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
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import add_application_error


@permission_required(Perm.ASSIST_REVIEW)
@require_POST
def archive_first_review_view(request, pk):
    archive = _load(request, pk)
    form = FirstReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            archive = archive_first_review(
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
            )
        except ApplicationError as exc:
            if exc.status == 403:
                raise
            add_application_error(form, exc)
        else:
            return _done(request, archive, f"初审已完成：{archive.get_status_display()}。")
    return _detail(request, archive, status=400, first_form=form)


@permission_required(Perm.ASSIST_REVIEW)
@require_POST
def archive_final_review_view(request, pk):
    archive = _load(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            archive = archive_final_review(
                actor=request.user,
                archive=archive,
                approved=form.cleaned_data["approved"] == "1",
                opinion=form.cleaned_data["opinion"],
            )
        except ApplicationError as exc:
            if exc.status == 403:
                raise
            add_application_error(form, exc)
        else:
            if archive.status == ArchiveStatus.NOTICE:
                text = f"终审通过，公示期 {archive.notice_start} 至 {archive.notice_end}。"
            else:
                text = "终审未通过。"
            return _done(request, archive, text)
    return _detail(request, archive, status=400, final_form=form)


@permission_required(Perm.ASSIST_REVIEW)
@require_POST
def archive_objection_view(request, pk):
    archive = _load(request, pk)
    form = ObjectionForm(request.POST)
    if form.is_valid():
        try:
            objection_record(actor=request.user, archive=archive, **form.cleaned_data)
        except ApplicationError as exc:
            if exc.status == 403:
                raise
            add_application_error(form, exc)
        else:
            return _done(request, archive, "已登记公示异议，请核实处理。")
    return _detail(request, archive, status=400, objection_form=form)


@permission_required(Perm.ASSIST_REVIEW)
@require_POST
def archive_objection_resolve_view(request, pk, objection_id):
    archive = _load(request, pk)
    objection = access_objection(request.user, objection_id, archive=archive)
    form = ObjectionResolveForm(request.POST)
    if form.is_valid():
        try:
            objection_resolve(
                actor=request.user,
                objection=objection,
                upheld=form.cleaned_data["upheld"] == "1",
                resolution=form.cleaned_data["resolution"],
            )
        except ApplicationError as exc:
            if exc.status == 403:
                raise
            add_application_error(form, exc)
        else:
            return _done(request, archive, "异议已处理。")
    return _detail(request, archive, status=400, resolve_form=form)


@permission_required(Perm.ASSIST_REVIEW)
@require_http_methods(["GET", "POST"])
def archive_complete_notice_view(request, pk):
    archive = _load(request, pk)
    if request.method == "GET":
        return render(request, "assistance/archive_confirm.html", {"archive": archive})
    try:
        archive = archive_complete_notice(actor=request.user, archive=archive)
    except ApplicationError as exc:
        if exc.status == 403:
            raise
        messages.error(request, exc.message)
        return redirect("assistance:archive_detail", pk=archive.pk)
    return _done(request, archive, "公示期满，已正式建档。")


@permission_required(Perm.ASSIST_REVIEW)
@require_POST
def archive_annual_review_view(request, pk):
    archive = _load(request, pk)
    form = AnnualReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            archive = archive_annual_review(
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
            )
        except ApplicationError as exc:
            if exc.status == 403:
                raise
            add_application_error(form, exc)
        else:
            return _done(request, archive, f"{data['year']}年度年审已完成。")
    return _detail(request, archive, status=400, annual_form=form)


@permission_required(Perm.ASSIST_REVIEW)
@require_POST
def archive_exit_view(request, pk):
    archive = _load(request, pk)
    form = ExitForm(request.POST)
    if form.is_valid():
        try:
            archive = archive_exit(actor=request.user, archive=archive, **form.cleaned_data)
        except ApplicationError as exc:
            if exc.status == 403:
                raise
            add_application_error(form, exc)
        else:
            return _done(request, archive, "已办理解困脱困，档案保留可查。")
    return _detail(request, archive, status=400, exit_form=form)
