"""Workbench pages of 工匠学院: the list (search, level, status), naming and editing an
academy, revoking it, its courses."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.competitions.models.training import AcademyStatus, CourseMode
from gonghui.competitions.training import forms as f
from gonghui.competitions.training import selectors as sel
from gonghui.competitions.training import services as svc
from gonghui.core.errors import NotFound
from gonghui.core.forms import form_action

SAVED = "工匠学院「{name}」已保存。"
REVOKED = "工匠学院「{name}」已撤销。"
COURSE_SAVED = "课程「{title}」已添加。"
NOT_NAMING_UNION = "只有命名该学院的工会可以修改或撤销它。"


@permission_required(Perm.TRAINING_VIEW)
def academy_list_view(request):
    form = f.AcademyFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    academies = sel.academy_list(
        user=request.user,
        q=data.get("q", ""),
        level=data.get("level", ""),
        status=data.get("status", ""),
    )
    page = Paginator(academies, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/academies.html", {"form": form, "page_obj": page})


@permission_required(Perm.TRAINING_VIEW)
def academy_detail(request, academy_id):
    academy = sel.access_academy_by_id(request.user, academy_id)
    ctx = {
        "academy": academy,
        "courses": sel.academy_courses(academy),
        "active": academy.status == AcademyStatus.ACTIVE,
        "naming_union": sel.can_manage_academy(request.user, academy),
        "offline": CourseMode.OFFLINE,
    }
    return render(request, "training/academy.html", ctx)


@permission_required(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def academy_create_view(request):
    form = f.AcademyForm(request.POST or None, user=request.user)
    ctx = {"form": form, "title": "命名工匠学院"}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.academy_create(actor=request.user, **data),
            invalid=lambda status: render(request, "training/form.html", ctx, status=status),
            done=lambda academy: SAVED.format(name=academy.name),
            then=lambda academy: redirect("training:academy", academy_id=academy.pk),
        )
    return render(request, "training/form.html", ctx)


def _naming(request, academy_id):
    academy = sel.access_academy_by_id(request.user, academy_id)
    if not sel.can_manage_academy(request.user, academy):
        raise NotFound(NOT_NAMING_UNION)
    return academy


@permission_required(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def academy_edit(request, academy_id):
    academy = _naming(request, academy_id)
    initial = {
        "name": academy.name,
        "level": academy.level,
        "org": academy.org_id,
        "batch": academy.batch,
        "named_on": academy.named_on,
        "intro": academy.intro,
    }
    form = f.AcademyForm(request.POST or None, user=request.user, initial=initial)
    ctx = {"form": form, "academy": academy, "title": "修改工匠学院"}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.academy_update(actor=request.user, academy=academy, **data),
            invalid=lambda status: render(request, "training/form.html", ctx, status=status),
            done=lambda result: SAVED.format(name=result.name),
            then=redirect("training:academy", academy_id=academy.pk),
        )
    return render(request, "training/form.html", ctx)


@permission_required(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def academy_revoke_view(request, academy_id):
    academy = _naming(request, academy_id)
    form = f.ReasonForm(request.POST or None)
    ctx = {
        "form": form,
        "academy": academy,
        "title": "撤销工匠学院",
        "danger": True,
        "submit_label": "确认撤销",
        "warning": "撤销后该学院不再开设课程和班次，不再计入工匠学院统计，且不能恢复。",
    }
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.academy_revoke(actor=request.user, academy=academy, **data),
            invalid=lambda status: render(request, "training/form.html", ctx, status=status),
            done=lambda result: REVOKED.format(name=result.name),
            then=redirect("training:academy", academy_id=academy.pk),
        )
    return render(request, "training/form.html", ctx)


@permission_required(Perm.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def course_create_view(request, academy_id):
    academy = sel.access_academy_by_id(request.user, academy_id)
    form = f.CourseForm(request.POST or None)
    ctx = {"form": form, "academy": academy, "title": "添加课程"}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.course_create(actor=request.user, academy=academy, **data),
            invalid=lambda status: render(request, "training/form.html", ctx, status=status),
            done=lambda course: COURSE_SAVED.format(title=course.title),
            then=redirect("training:academy", academy_id=academy.pk),
        )
    return render(request, "training/form.html", ctx)
