"""Portal pages of 困难帮扶: a certified member applies for himself and follows the progress.

The archives are assistance's: these pages only call its selectors and services (namespace
`assistance_portal`, at `/m/assistance/`).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gonghui.assistance.forms.archives import HouseholdFormSet, PortalArchiveForm, household_rows
from gonghui.assistance.selectors.archives import archives_of_member
from gonghui.assistance.services.archives import WORKER_NOT_MEMBER, archive_apply_by_worker
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import add_application_error
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.portal.auth import current_worker, worker_required

APPLY_DONE = "申请已提交，请等待工会初审和入户走访。"

app_name = "assistance_portal"


def _member_of(worker):
    member = worker.member if worker.is_certified else None
    if member is None or member.status not in HOLDING_STATUSES:
        return None
    return member


@never_cache
@worker_required
@require_http_methods(["GET", "POST"])
def apply(request):
    """困难帮扶申请: only a certified worker who is a member; the others are told why."""
    worker = current_worker(request)
    member = _member_of(worker)
    if member is None:
        return render(
            request,
            "portal/assistance/refused.html",
            {"message": WORKER_NOT_MEMBER, "certified": worker.is_certified, "tab": "me"},
            status=403 if request.method == "POST" else 200,
        )
    form = PortalArchiveForm(request.POST or None)
    household = HouseholdFormSet(request.POST or None, prefix="hh")
    if request.method == "POST" and form.is_valid() and household.is_valid():
        try:
            archive_apply_by_worker(
                worker=worker,
                sensitive_consent=form.cleaned_data["sensitive_consent"],
                household=household_rows(household),
                **form.service_fields(),
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, APPLY_DONE)
            return redirect("assistance_portal:mine")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "portal/assistance/apply.html",
        {"form": form, "household": household, "member": member, "tab": "me"},
        status=status,
    )


@never_cache
@worker_required
def mine(request):
    """申请进度: the worker's own archives and where each stands."""
    worker = current_worker(request)
    member = _member_of(worker)
    archives = list(archives_of_member(member)[:20]) if member is not None else []
    return render(
        request,
        "portal/assistance/mine.html",
        {"archives": archives, "member": member, "tab": "me"},
    )


urlpatterns = [
    path("apply/", apply, name="apply"),
    path("mine/", mine, name="mine"),
]
