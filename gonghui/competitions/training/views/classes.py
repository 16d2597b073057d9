"""Workbench pages of training classes (班次): the list, a class of a course, its page with
enrolments and sessions, status steps, enrolment, confirmation, attendance, certificates."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.competitions.models.training import ClassStatus, EnrollmentStatus
from gonghui.competitions.training import forms as f
from gonghui.competitions.training import selectors as sel
from gonghui.competitions.training import services as svc
from gonghui.competitions.training.documents import (
    DOCX,
    certificate_docx,
    certificate_filename,
)
from gonghui.competitions.training.services.classes import EDITABLE
from gonghui.core.errors import NotFound
from gonghui.core.forms import NOT_SUBMITTED, attempt, form_action

CLASS_SAVED = "班次「{name}」已开设，开始报名。"
CLASS_UPDATED = "班次「{name}」已修改。"
COURSE_UPDATED = "课程「{title}」已修改。"
ENROLLED = "{name}已报名。"
CONFIRMED = "已确认{name}的报名。"
CANCELLED = "已取消{name}的报名。"
SESSION_SAVED = "课次已添加。"
ATTENDANCE_SAVED = "出勤已记录，{n}人出勤。"
STATUS_DONE = "班次「{name}」已{label}。"
NOT_MANAGER = "只有举办该班次的工会可以办理。"
NO_CERTIFICATE = "该学员尚未结业，没有结业证书。"

# step → (service, label, statuses it starts from)
STEPS = {
    "start": (svc.class_start, "开班", (ClassStatus.OPEN,)),
    "finish": (svc.class_finish, "结业", (ClassStatus.RUNNING,)),
}


@permission_required(Perm.TRAINING_VIEW)
def class_list_view(request):
    form = f.ClassFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    classes = sel.class_list(user=request.user, q=data.get("q", ""), status=data.get("status", ""))
    page = Paginator(classes, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/classes.html", {"form": form, "page_obj": page})


@permission_required(Perm.TRAINING_VIEW)
def course_detail(request, course_id):
    course = sel.access_course_by_id(request.user, course_id)
    classes = sel.class_list(user=request.user, course=course)
    return render(request, "training/course.html", {"course": course, "classes": classes})


@permission_required(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def course_edit_view(request, course_id):
    course = sel.access_course_by_id(request.user, course_id)
    fields = {"title": course.title, "trade": course.trade, "hours": course.hours}
    form = f.CourseEditForm(request.POST or None, initial={**fields, "intro": course.intro})
    ctx = {
        "form": form,
        "course": course,
        "academy": course.academy,
        "title": f"修改课程「{course.title}」",
    }
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.course_update(actor=request.user, course=course, **data),
            invalid=lambda status: render(request, "training/form.html", ctx, status=status),
            done=lambda result: COURSE_UPDATED.format(title=result.title),
            then=redirect("training:course", course_id=course.pk),
        )
    return render(request, "training/form.html", ctx)


@permission_required(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def class_create_view(request, course_id):
    course = sel.access_course_by_id(request.user, course_id)
    form = f.ClassForm(
        request.POST or None,
        user=request.user,
        initial={"org": request.user.org_id, "pass_percent": 80},
    )
    ctx = {"form": form, "course": course, "academy": course.academy, "title": "开设班次"}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.class_create(actor=request.user, course=course, **data),
            invalid=lambda status: render(request, "training/form.html", ctx, status=status),
            done=lambda result: CLASS_SAVED.format(name=result.name),
            then=lambda result: redirect("training:class", class_id=result.pk),
        )
    return render(request, "training/form.html", ctx)


@permission_required(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def class_edit_view(request, class_id):
    training_class = _managed(request, class_id)
    fields = {name: getattr(training_class, name) for name in EDITABLE}
    form = f.ClassEditForm(request.POST or None, initial=fields)
    ctx = {
        "form": form,
        "course": training_class.course,
        "academy": training_class.course.academy,
        "title": f"修改班次「{training_class.name}」",
    }
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.class_update(
                actor=request.user, training_class=training_class, **data
            ),
            invalid=lambda status: render(request, "training/form.html", ctx, status=status),
            done=lambda result: CLASS_UPDATED.format(name=result.name),
            then=redirect("training:class", class_id=training_class.pk),
        )
    return render(request, "training/form.html", ctx)


@permission_required(Perm.TRAINING_VIEW)
def class_detail(request, class_id):
    training_class = sel.access_class_by_id(request.user, class_id)
    enrollments = list(sel.class_enrollments(user=request.user, training_class=training_class))
    sessions = list(sel.class_sessions(training_class))
    ctx = {
        "training_class": training_class,
        "course": training_class.course,
        "academy": training_class.course.academy,
        "enrollments": enrollments,
        "sessions": sessions,
        "total_hours": sum(s.hours for s in sessions),
        "seats_taken": sel.seats_taken(training_class),
        "manager": sel.can_manage_class(request.user, training_class),
        "open": training_class.status == ClassStatus.OPEN,
        "running": training_class.status == ClassStatus.RUNNING,
        "live": training_class.status in (ClassStatus.OPEN, ClassStatus.RUNNING),
        "applied": EnrollmentStatus.APPLIED,
        "enrolled": EnrollmentStatus.ENROLLED,
        "completed": EnrollmentStatus.COMPLETED,
    }
    return render(request, "training/class.html", ctx)


def _managed(request, class_id):
    training_class = sel.access_class_by_id(request.user, class_id)
    if not sel.can_manage_class(request.user, training_class):
        raise NotFound(NOT_MANAGER)
    return training_class


def _step(request, class_id, step):
    training_class = _managed(request, class_id)
    service, label, _ = STEPS[step]
    if request.method == "POST":
        done = attempt(request, lambda: service(actor=request.user, training_class=training_class))
        if done is not NOT_SUBMITTED:
            messages.success(request, STATUS_DONE.format(name=done.name, label=label))
        return redirect("training:class", class_id=training_class.pk)
    ctx = {"training_class": training_class, "label": label}
    return render(request, "training/step.html", ctx)


@permission_required(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def class_start_view(request, class_id):
    return _step(request, class_id, "start")


@permission_required(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def class_finish_view(request, class_id):
    return _step(request, class_id, "finish")


@permission_required(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def class_cancel_view(request, class_id):
    training_class = _managed(request, class_id)
    form = f.ReasonForm(request.POST or None)
    ctx = {
        "form": form,
        "training_class": training_class,
        "title": "取消班次",
        "danger": True,
        "submit_label": "确认取消班次",
        "warning": "取消后全部报名随之取消，班次不再计入培训统计，且不能恢复。",
    }
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.class_cancel(
                actor=request.user, training_class=training_class, **data
            ),
            invalid=lambda status: render(request, "training/form.html", ctx, status=status),
            done=lambda result: STATUS_DONE.format(name=result.name, label="取消"),
            then=redirect("training:class", class_id=training_class.pk),
        )
    return render(request, "training/form.html", ctx)


@permission_required(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def enrol_view(request, class_id):
    training_class = sel.access_class_by_id(request.user, class_id)
    form = f.EnrolForm(request.POST or None, user=request.user, training_class=training_class)
    ctx = {"form": form, "training_class": training_class, "title": "报名学员"}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.enrollment_add(
                actor=request.user, training_class=training_class, **data
            ),
            invalid=lambda status: render(request, "training/form.html", ctx, status=status),
            done=lambda result: ENROLLED.format(name=result.member.name),
            then=redirect("training:class", class_id=training_class.pk),
        )
    return render(request, "training/form.html", ctx)


@permission_required(Perm.TRAINING_MANAGE)
@require_POST
def enrollment_confirm_view(request, enrollment_id):
    enrollment = sel.access_enrollment_by_id(request.user, enrollment_id)
    done = attempt(
        request, lambda: svc.enrollment_confirm(actor=request.user, enrollment=enrollment)
    )
    if done is not NOT_SUBMITTED:
        messages.success(request, CONFIRMED.format(name=enrollment.member.name))
    return redirect("training:class", class_id=enrollment.training_class_id)


@permission_required(Perm.TRAINING_MANAGE)
@require_POST
def enrollment_cancel_view(request, enrollment_id):
    enrollment = sel.access_enrollment_by_id(request.user, enrollment_id)
    done = attempt(
        request, lambda: svc.enrollment_cancel(actor=request.user, enrollment=enrollment)
    )
    if done is not NOT_SUBMITTED:
        messages.success(request, CANCELLED.format(name=enrollment.member.name))
    return redirect("training:class", class_id=enrollment.training_class_id)


@permission_required(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def session_add_view(request, class_id):
    training_class = _managed(request, class_id)
    form = f.SessionForm(request.POST or None)
    ctx = {"form": form, "training_class": training_class, "title": "添加课次"}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.session_add(actor=request.user, training_class=training_class, **data),
            invalid=lambda status: render(request, "training/form.html", ctx, status=status),
            done=SESSION_SAVED,
            then=redirect("training:class", class_id=training_class.pk),
        )
    return render(request, "training/form.html", ctx)


@permission_required(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def attendance_view(request, session_id):
    session = sel.access_session_by_id(request.user, session_id)
    training_class = session.training_class
    trainees = training_class.enrollments.filter(status=EnrollmentStatus.ENROLLED).select_related(
        "member"
    )
    initial = {"present": list(session.attendees.values_list("pk", flat=True))}
    form = f.AttendanceForm(request.POST or None, trainees=trainees, initial=initial)
    ctx = {
        "form": form,
        "training_class": training_class,
        "title": f"记录出勤：{session.held_on:%Y-%m-%d} {session.topic}",
        "submit_label": "保存出勤",
    }
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.attendance_record(actor=request.user, session=session, **data),
            invalid=lambda status: render(request, "training/form.html", ctx, status=status),
            done=lambda _: ATTENDANCE_SAVED.format(n=len(form.cleaned_data["present"])),
            then=redirect("training:class", class_id=training_class.pk),
        )
    return render(request, "training/form.html", ctx)


@permission_required(Perm.TRAINING_VIEW)
def certificate_view(request, enrollment_id):
    enrollment = sel.access_enrollment_by_id(request.user, enrollment_id)
    if enrollment.status != EnrollmentStatus.COMPLETED:
        raise NotFound(NO_CERTIFICATE)
    return FileResponse(
        certificate_docx(enrollment),
        as_attachment=True,
        filename=certificate_filename(enrollment),
        content_type=DOCX,
    )
