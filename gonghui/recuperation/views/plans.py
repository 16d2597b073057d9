"""Bases, plans (list, create, one plan with its batches), new batch, edit batch."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.forms import form_action
from gonghui.recuperation.forms import BatchForm, PlanForm, ResortForm
from gonghui.recuperation.models import BaseLevel
from gonghui.recuperation.selectors import (
    access_batch_by_id,
    access_plan_by_id,
    batch_list,
    plan_list,
    resort_list,
)
from gonghui.recuperation.services import (
    batch_create,
    batch_update,
    plan_create,
    resort_create,
)

PLAN_CREATED = "计划「{title}」已建立。"
BATCH_CREATED = "批次「{name}」已建立。"
BATCH_SAVED = "批次已修改。"
RESORT_CREATED = "基地「{name}」已登记。"
NO_ORG = "您的账号未归属任何工会，不能组织疗休养。"


def _page(request, items):
    return Paginator(items, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))


@permission_required(Perm.RECUPERATION_VIEW)
def plans(request):
    q = request.GET.get("q", "").strip()[:40]
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else None
    page = _page(request, plan_list(user=request.user, q=q, year=year))
    return render(request, "recuperation/plans.html", {"page_obj": page, "q": q, "year": year})


@permission_required(Perm.RECUPERATION_MANAGE)
@require_http_methods(["GET", "POST"])
def plan_new(request):
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    ctx = {"form": form, "heading": "新建疗休养计划"}
    if request.method == "POST":
        if request.user.org is None:
            form.add_error(None, NO_ORG)
            return render(request, "recuperation/form.html", ctx, status=400)
        return form_action(
            request,
            form,
            lambda data: plan_create(actor=request.user, org=request.user.org, **data),
            invalid=lambda status: render(request, "recuperation/form.html", ctx, status=status),
            done=lambda plan: PLAN_CREATED.format(title=plan.title),
            then=lambda plan: redirect("recuperation:plan", plan_id=plan.pk),
        )
    return render(request, "recuperation/form.html", ctx)


@permission_required(Perm.RECUPERATION_VIEW)
def plan_detail(request, plan_id):
    plan = access_plan_by_id(request.user, plan_id)
    q = request.GET.get("q", "").strip()[:40]
    page = _page(request, batch_list(user=request.user, plan=plan, q=q))
    return render(request, "recuperation/plan.html", {"plan": plan, "page_obj": page, "q": q})


@permission_required(Perm.RECUPERATION_MANAGE)
@require_http_methods(["GET", "POST"])
def batch_new(request, plan_id):
    plan = access_plan_by_id(request.user, plan_id)
    form = BatchForm(request.POST or None)
    ctx = {"form": form, "plan": plan, "heading": f"新建批次：{plan}"}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: batch_create(actor=request.user, plan=plan, **data),
            invalid=lambda status: render(request, "recuperation/form.html", ctx, status=status),
            done=lambda batch: BATCH_CREATED.format(name=batch.name),
            then=lambda batch: redirect("recuperation:batch", batch_id=batch.pk),
        )
    return render(request, "recuperation/form.html", ctx)


@permission_required(Perm.RECUPERATION_MANAGE)
@require_http_methods(["GET", "POST"])
def batch_edit(request, batch_id):
    batch = access_batch_by_id(request.user, batch_id)
    initial = {
        "name": batch.name,
        "resort": batch.resort_id,
        "route": batch.route,
        "start_on": batch.start_on,
        "end_on": batch.end_on,
        "places": batch.places,
    }
    form = BatchForm(request.POST or None, initial=initial)
    ctx = {"form": form, "plan": batch.plan, "batch": batch, "heading": f"修改「{batch.name}」"}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: batch_update(actor=request.user, batch=batch, **data),
            invalid=lambda status: render(request, "recuperation/form.html", ctx, status=status),
            done=BATCH_SAVED,
            then=redirect("recuperation:batch", batch_id=batch.pk),
        )
    return render(request, "recuperation/form.html", ctx)


@permission_required(Perm.RECUPERATION_VIEW)
def resorts(request):
    q = request.GET.get("q", "").strip()[:40]
    level = request.GET.get("level", "")
    level = level if level in BaseLevel.values else ""
    page = _page(request, resort_list(user=request.user, q=q, level=level))
    ctx = {"page_obj": page, "q": q, "level": level, "levels": BaseLevel.choices}
    return render(request, "recuperation/resorts.html", ctx)


@permission_required(Perm.RECUPERATION_MANAGE)
@require_http_methods(["GET", "POST"])
def resort_new(request):
    form = ResortForm(request.POST or None)
    ctx = {"form": form, "heading": "登记疗休养基地"}
    if request.method == "POST":
        if request.user.org is None:
            form.add_error(None, NO_ORG)
            return render(request, "recuperation/form.html", ctx, status=400)
        return form_action(
            request,
            form,
            lambda data: resort_create(actor=request.user, org=request.user.org, **data),
            invalid=lambda status: render(request, "recuperation/form.html", ctx, status=status),
            done=lambda resort: RESORT_CREATED.format(name=resort.name),
            then=redirect("recuperation:resorts"),
        )
    return render(request, "recuperation/form.html", ctx)
