"""坐席工作台: the agent takes calls and dispatches them."""

from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.errors import ApplicationError, Conflict
from gonghui.core.forms import NOT_SUBMITTED, add_application_error, submit_with
from gonghui.hotline import services
from gonghui.hotline.caller_phone import may_reveal_caller_phone
from gonghui.hotline.codes import AT_CENTRE, DISPATCH_TARGET_MINUTES, CaseStatus
from gonghui.hotline.forms import DispatchForm, IntakeForm, county_unions
from gonghui.hotline.selectors import access_case_by_number, call_centre_of, case_list
from gonghui.hotline.services.messages import STALE
from gonghui.hotline.views.case_queue import _mark_deadlines
from gonghui.orgs.models import Org, OrgStatus

INTAKE_DONE = "已登记工单 {number}，请尽快派单。"
DISPATCH_DONE = "工单 {number} 已派给「{to_org}」。"


def _console_context(request, form):
    centre = call_centre_of(request.user.org)
    now = timezone.now()
    queue = list(
        case_list(user=request.user)
        .filter(status__in=AT_CENTRE)
        .order_by("received_at", "id")[:100]
    )
    for case in queue:
        case.dispatch_target = case.received_at + timedelta(minutes=DISPATCH_TARGET_MINUTES)
        case.target_missed = case.dispatched_at is None and case.dispatch_target < now
        case.minutes_left = int((case.dispatch_target - now).total_seconds() // 60)
        case.minutes_late = -case.minutes_left
    callbacks = list(
        case_list(user=request.user, status=CaseStatus.CLOSED).order_by("closed_at", "id")[:100]
    )
    for case in (*queue, *callbacks):
        case.can_reveal_phone = may_reveal_caller_phone(request.user, case)
    return {
        "form": form,
        "centre": centre,
        "queue": _mark_deadlines(queue, now),
        "callbacks": callbacks,
        "target_minutes": DISPATCH_TARGET_MINUTES,
    }


def _intake(actor, *, attachments, **fields):
    """A case and its attachments, all or nothing."""
    with transaction.atomic():
        case = services.case_intake(actor=actor, **fields)
        for f in attachments:
            services.case_attach(actor=actor, case=case, uploaded_file=f)
    return case


@permission_required(Perm.HOTLINE_AGENT)
@require_http_methods(["GET", "POST"])
def console(request):
    """坐席工作台: the call-taking form, the dispatch queue and the callbacks due."""
    centre = call_centre_of(request.user.org)
    form = IntakeForm(request.POST or None, request.FILES or None, centre=centre)
    if request.method == "POST":
        case, _ = submit_with(form, lambda data: _intake(request.user, **data))
        if case is not NOT_SUBMITTED:
            messages.success(request, INTAKE_DONE.format(number=case.number))
            return redirect("hotline:detail", number=case.number)
    return render(request, "hotline/console.html", _console_context(request, form))


@permission_required(Perm.HOTLINE_AGENT)
@require_http_methods(["GET", "POST"])
def dispatch(request, number):
    """派单: county unions first (the workplace's county preselected), or find a union by name."""
    case = access_case_by_number(request.user, number)
    form = DispatchForm(
        request.POST or None,
        initial={
            "expected_version": case.version,
            "to_org": case.county_id,
            "complexity": case.complexity,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_dispatch(actor=request.user, case=case, **form.cleaned_data)
        except Conflict:
            messages.error(request, STALE)
            return redirect("hotline:detail", number=case.number)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            to_org = form.cleaned_data["to_org"]
            messages.success(request, DISPATCH_DONE.format(number=case.number, to_org=to_org.name))
            return redirect("hotline:console")
    centre = call_centre_of(case.holder)
    q = (request.POST if request.method == "POST" else request.GET).get("q", "").strip()
    results = []
    if q:
        results = list(
            Org.objects.filter(
                path__startswith=centre.path, status=OrgStatus.ACTIVE, name__icontains=q
            ).order_by("depth", "path")[:20]
        )
    chosen = form.cleaned_data.get("to_org") if form.is_bound and form.is_valid() else None
    context = {
        "case": case,
        "form": form,
        "q": q,
        "results": results,
        "counties": county_unions(centre),
        "chosen_id": chosen.pk if chosen else (form["to_org"].value() or case.county_id),
    }
    if request.htmx and request.method == "GET":
        return render(request, "hotline/_org_results.html", context)
    return render(request, "hotline/dispatch.html", context)
