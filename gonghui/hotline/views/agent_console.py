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
from gonghui.hotline.forms import DispatchForm, IntakeForm
from gonghui.hotline.selectors import access_case_by_number, call_centre_of, case_list
from gonghui.hotline.services.messages import STALE
from gonghui.hotline.views.case_queue import _mark_deadlines

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
    form = IntakeForm(request.POST or None, request.FILES or None, user=request.user, centre=centre)
    if request.method == "POST":
        case, _ = submit_with(form, lambda data: _intake(request.user, **data))
        if case is not NOT_SUBMITTED:
            messages.success(request, INTAKE_DONE.format(number=case.number))
            return redirect("hotline:detail", number=case.number)
    return render(request, "hotline/console.html", _console_context(request, form))


@permission_required(Perm.HOTLINE_AGENT)
@require_http_methods(["GET", "POST"])
def dispatch(request, number):
    """派单: a search box for the union, the workplace's county union preselected."""
    case = access_case_by_number(request.user, number)
    form = DispatchForm(
        request.POST or None,
        user=request.user,
        centre=call_centre_of(case.holder),
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
    status = 400 if form.is_bound else 200
    return render(request, "hotline/dispatch.html", {"case": case, "form": form}, status=status)
