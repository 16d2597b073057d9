"""Portal pages of 工匠学院 training: the classes open to a member (held by his union or one
above it), his application (his union confirms it: a 待办 there), his applications and
enrolments, and the certificate of a class he completed — his own only, anyone else's answers
as missing.

The classes are the competitions app's: these pages only call its selectors and services
(namespace `training_portal`, at `/m/training/`)."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from gonghui.competitions.models.training import EnrollmentStatus
from gonghui.competitions.training.documents import (
    DOCX,
    certificate_docx,
    certificate_filename,
)
from gonghui.competitions.training.selectors import (
    member_certificate,
    member_enrollment,
    member_enrollments,
    open_class_for_member,
    open_classes_for_member,
)
from gonghui.competitions.training.services import enrollment_apply, enrollment_withdraw
from gonghui.core.errors import ApplicationError
from gonghui.portal.auth import current_worker, worker_required

APPLY_DONE = "报名已提交，待您所在工会确认。"
WITHDRAW_DONE = "已撤回「{name}」的报名。"

app_name = "training_portal"


@worker_required
def training_home(request):
    member = current_worker(request).member
    classes = list(open_classes_for_member(member)) if member else []
    enrollments = member_enrollments(member)
    applied = {e.training_class_id for e in enrollments if e.status != EnrollmentStatus.CANCELLED}
    ctx = {"member": member, "classes": classes, "enrollments": enrollments, "applied": applied}
    return render(request, "portal/training/home.html", ctx)


@worker_required
@require_http_methods(["GET", "POST"])
def training_apply(request, class_id):
    worker = current_worker(request)
    training_class = open_class_for_member(worker.member, class_id)
    error, status = "", 200
    if request.method == "POST":
        try:
            enrollment_apply(worker=worker, training_class=training_class)
        except ApplicationError as exc:
            error, status = exc.message, exc.status
        else:
            messages.success(request, APPLY_DONE)
            return redirect("training_portal:home")
    ctx = {"training_class": training_class, "error": error}
    return render(request, "portal/training/apply.html", ctx, status=status)


@worker_required
@require_http_methods(["GET", "POST"])
def training_withdraw(request, enrollment_id):
    """撤回报名: a confirmation page, then the POST (his own enrolment only)."""
    worker = current_worker(request)
    enrollment = member_enrollment(worker.member, enrollment_id)
    error, status = "", 200
    if request.method == "POST":
        try:
            enrollment_withdraw(worker=worker, enrollment=enrollment)
        except ApplicationError as exc:
            error, status = exc.message, exc.status
        else:
            messages.success(request, WITHDRAW_DONE.format(name=enrollment.training_class.name))
            return redirect("training_portal:home")
    ctx = {"enrollment": enrollment, "error": error}
    return render(request, "portal/training/withdraw.html", ctx, status=status)


@worker_required
def training_certificate(request, enrollment_id):
    enrollment = member_certificate(current_worker(request).member, enrollment_id)
    return FileResponse(
        certificate_docx(enrollment),
        as_attachment=True,
        filename=certificate_filename(enrollment),
        content_type=DOCX,
    )


urlpatterns = [
    path("", training_home, name="home"),
    path("<int:class_id>/apply/", training_apply, name="apply"),
    path("certificate/<int:enrollment_id>/", training_certificate, name="certificate"),
    path("enrollments/<int:enrollment_id>/withdraw/", training_withdraw, name="withdraw"),
]
