"""Workbench pages of innovation studios: list (search, status, level), batches, an
application's form and its review steps, yearly reports, 回头看 and the statistics."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.competitions.models.studios import ACTIVE_STATUSES, EDITABLE_STATUSES, StudioStatus
from gonghui.competitions.studios import forms as f
from gonghui.competitions.studios import selectors as sel
from gonghui.competitions.studios import services as svc
from gonghui.core.forms import NOT_SUBMITTED, attempt, form_action
from gonghui.members.candidates import candidate_sinks

SAVED = "创新工作室「{name}」已保存。"
SUBMITTED = "申报已提交至「{org}」审核。"
APPROVED = "已审核通过，推荐至「{org}」。"
NAMED = "「{name}」已命名为{level}创新工作室。"
RETURNED = "申报已退回依托单位。"
REJECTED = "申报未通过。"
REPORTED = "{year}年度成果已报送。"
REVIEW_OPENED = "已发起回头看，请于{deadline}前作出复查结论。"
REVIEWED = "复查结论已记录：{result}。"
BATCH_SAVED = "命名批次「{name}」已发布。"


@permission_required(Perm.STUDIO_VIEW)
def studio_list_view(request):
    form = f.StudioFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    studios = sel.studio_list(
        user=request.user,
        q=data.get("q", ""),
        status=data.get("status", ""),
        level=data.get("level", ""),
    )
    page = Paginator(studios, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "competitions/studios/list.html", {"form": form, "page_obj": page})


@permission_required(Perm.STUDIO_VIEW)
def studio_detail(request, studio_id):
    studio = sel.access_studio_by_id(request.user, studio_id)
    user = request.user
    ctx = {
        "studio": studio,
        "reports": studio.reports.all(),
        "reviews": studio.reviews.select_related("org"),
        "members": studio.members.select_related("org").order_by("name", "pk"),
        "can_put_forward": studio.status in ACTIVE_STATUSES
        and not studio.lead_put_forward
        and bool(candidate_sinks()),
        "editable": studio.status in EDITABLE_STATUSES,
        "my_turn": studio.status == StudioStatus.SUBMITTED and user.org_id == studio.at_org_id,
        "active": studio.status in ACTIVE_STATUSES,
        "naming_union": user.org is not None and studio.batch.org.path.startswith(user.org.path),
    }
    return render(request, "competitions/studios/detail.html", ctx)


@permission_required(Perm.STUDIO_MANAGE)
@require_http_methods(["GET", "POST"])
def studio_create_view(request, batch_id):
    batch = sel.access_batch_by_id(request.user, batch_id)
    form = f.StudioForm(request.POST or None, user=request.user)
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.studio_create(actor=request.user, batch=batch, **data),
            invalid=lambda status: render(
                request,
                "competitions/studios/form.html",
                {"form": form, "batch": batch},
                status=status,
            ),
            done=lambda studio: SAVED.format(name=studio.name),
            then=lambda studio: redirect("studios:detail", studio_id=studio.pk),
        )
    return render(request, "competitions/studios/form.html", {"form": form, "batch": batch})


@permission_required(Perm.STUDIO_MANAGE)
@require_http_methods(["GET", "POST"])
def studio_edit(request, studio_id):
    studio = sel.access_studio_by_id(request.user, studio_id)
    if studio.status in EDITABLE_STATUSES:
        initial = {
            "name": studio.name,
            "kind": studio.kind,
            "org": studio.org_id,
            "lead": studio.lead_id,
            "alliance": studio.alliance,
            "intro": studio.intro,
        }
        form = f.StudioForm(request.POST or None, user=request.user, initial=initial)
    else:
        initial = {"plaque": studio.plaque, "alliance": studio.alliance, "intro": studio.intro}
        form = f.NamedStudioForm(request.POST or None, initial=initial)
    ctx = {"form": form, "studio": studio, "batch": studio.batch}
    if request.method == "POST":
        defaults = {
            "org": studio.org,
            "lead": studio.lead,
            "name": studio.name,
            "kind": studio.kind,
        }
        return form_action(
            request,
            form,
            lambda data: svc.studio_update(
                actor=request.user, studio=studio, **{**defaults, **data}
            ),
            invalid=lambda status: render(
                request, "competitions/studios/form.html", ctx, status=status
            ),
            done=lambda result: SAVED.format(name=result.name),
            then=redirect("studios:detail", studio_id=studio.pk),
        )
    return render(request, "competitions/studios/form.html", ctx)


@permission_required(Perm.STUDIO_MANAGE)
@require_POST
def studio_submit_view(request, studio_id):
    studio = sel.access_studio_by_id(request.user, studio_id)
    done = attempt(request, lambda: svc.studio_submit(actor=request.user, studio=studio))
    if done is not NOT_SUBMITTED:
        messages.success(request, SUBMITTED.format(org=done.at_org.name))
    return redirect("studios:detail", studio_id=studio.pk)


@permission_required(Perm.STUDIO_REVIEW)
@require_POST
def studio_approve_view(request, studio_id):
    studio = sel.access_studio_by_id(request.user, studio_id)
    form = f.OpinionForm(request.POST)
    opinion = form.cleaned_data.get("opinion", "") if form.is_valid() else ""
    done = attempt(
        request, lambda: svc.studio_approve(actor=request.user, studio=studio, opinion=opinion)
    )
    if done is not NOT_SUBMITTED:
        if done.status == StudioStatus.NAMED:
            text = NAMED.format(name=done.name, level=done.get_level_display())
        else:
            text = APPROVED.format(org=done.at_org.name)
        messages.success(request, text)
    return redirect("studios:detail", studio_id=studio.pk)


def _reason_step(request, studio_id, service, done_message, title):
    studio = sel.access_studio_by_id(request.user, studio_id)
    form = f.ReasonForm(request.POST or None)
    ctx = {"form": form, "studio": studio, "title": title}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: service(actor=request.user, studio=studio, **data),
            invalid=lambda status: render(
                request, "competitions/studios/step.html", ctx, status=status
            ),
            done=done_message,
            then=redirect("studios:detail", studio_id=studio.pk),
        )
    return render(request, "competitions/studios/step.html", ctx)


@permission_required(Perm.STUDIO_REVIEW)
@require_http_methods(["GET", "POST"])
def studio_return_view(request, studio_id):
    return _reason_step(request, studio_id, svc.studio_return, RETURNED, "退回申报")


@permission_required(Perm.STUDIO_REVIEW)
@require_http_methods(["GET", "POST"])
def studio_reject_view(request, studio_id):
    return _reason_step(request, studio_id, svc.studio_reject, REJECTED, "不通过申报")


@permission_required(Perm.STUDIO_MANAGE)
@require_http_methods(["GET", "POST"])
def studio_report_view(request, studio_id):
    studio = sel.access_studio_by_id(request.user, studio_id)
    form = f.ReportForm(request.POST or None, initial={"year": studio.next_report_year})
    ctx = {"form": form, "studio": studio, "title": "报送年度成果", "submit_label": "报送"}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.studio_report_file(actor=request.user, studio=studio, **data),
            invalid=lambda status: render(
                request, "competitions/studios/step.html", ctx, status=status
            ),
            done=lambda report: REPORTED.format(year=report.year),
            then=redirect("studios:detail", studio_id=studio.pk),
        )
    return render(request, "competitions/studios/step.html", ctx)


@permission_required(Perm.STUDIO_REVIEW)
@require_http_methods(["GET", "POST"])
def studio_review_open_view(request, studio_id):
    studio = sel.access_studio_by_id(request.user, studio_id)
    form = f.ReviewOpenForm(request.POST or None)
    ctx = {"form": form, "studio": studio, "title": "发起回头看"}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.studio_review_open(actor=request.user, studio=studio, **data),
            invalid=lambda status: render(
                request, "competitions/studios/step.html", ctx, status=status
            ),
            done=lambda result: REVIEW_OPENED.format(deadline=result.review_deadline),
            then=redirect("studios:detail", studio_id=studio.pk),
        )
    return render(request, "competitions/studios/step.html", ctx)


@permission_required(Perm.STUDIO_REVIEW)
@require_http_methods(["GET", "POST"])
def studio_review_view(request, studio_id):
    studio = sel.access_studio_by_id(request.user, studio_id)
    form = f.ReviewDecideForm(request.POST or None)
    ctx = {"form": form, "studio": studio, "title": "回头看复查结论", "danger": True}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.studio_review_decide(actor=request.user, studio=studio, **data),
            invalid=lambda status: render(
                request, "competitions/studios/step.html", ctx, status=status
            ),
            done=lambda review: REVIEWED.format(result=review.get_result_display()),
            then=redirect("studios:detail", studio_id=studio.pk),
        )
    return render(request, "competitions/studios/step.html", ctx)


@permission_required(Perm.STUDIO_VIEW)
def batch_list_view(request):
    page = Paginator(sel.batch_list(user=request.user), settings.MEMBERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "competitions/studios/batches.html", {"page_obj": page})


@permission_required(Perm.STUDIO_REVIEW)
@require_http_methods(["GET", "POST"])
def batch_create_view(request):
    form = f.BatchForm(request.POST or None, initial={"year": timezone.localdate().year})
    ctx = {"form": form, "title": "发布命名批次"}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.studio_batch_create(actor=request.user, **data),
            invalid=lambda status: render(
                request, "competitions/studios/step.html", ctx, status=status
            ),
            done=lambda batch: BATCH_SAVED.format(name=batch.name),
            then=redirect("studios:batches"),
        )
    return render(request, "competitions/studios/step.html", ctx)


@permission_required(Perm.STUDIO_VIEW)
def studio_stats_view(request):
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    stats = sel.studio_stats(user=request.user, year=year)
    return render(request, "competitions/studios/stats.html", {"stats": stats, "year": year})
