"""Portal pages of 劳动和技能竞赛: the contests a member may enter, his application (his union
confirms it: a 待办 there), and his entries with their results and titles.

The contests are the competitions app's: these pages only call its selectors and services
(namespace `competitions_portal`, at `/m/competitions/`)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from gonghui.competitions.contests.selectors import (
    member_record,
    open_contest_for_member,
    open_for_member,
)
from gonghui.competitions.contests.services import entry_apply
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import CleanTextForm
from gonghui.portal.auth import current_worker, worker_required

APPLY_DONE = "报名已提交，待您所在工会确认。"

app_name = "competitions_portal"


class ApplyForm(CleanTextForm):
    trade = forms.ChoiceField(label="参赛工种", required=False, choices=())

    def __init__(self, *args, trades, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trade"].choices = [("", "请选择"), *[(t, t) for t in trades]]
        self.fields["trade"].required = bool(trades)


@worker_required
def contest_home(request):
    member = current_worker(request).member
    contests = list(open_for_member(member)) if member else []
    entries = member_record(member) if member else []
    entered = {entry.competition_id for entry in entries}
    ctx = {"member": member, "contests": contests, "entries": entries, "entered": entered}
    return render(request, "portal/competitions/home.html", ctx)


@worker_required
@require_http_methods(["GET", "POST"])
def contest_apply(request, contest_id):
    worker = current_worker(request)
    contest = open_contest_for_member(worker.member, contest_id)
    form = ApplyForm(request.POST or None, trades=contest.trades)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                entry_apply(worker=worker, contest=contest, trade=form.cleaned_data["trade"])
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, APPLY_DONE)
                return redirect("competitions_portal:home")
        status = 400
    ctx = {"contest": contest, "form": form}
    return render(request, "portal/competitions/apply.html", ctx, status=status)


urlpatterns = [
    path("", contest_home, name="home"),
    path("<int:contest_id>/apply/", contest_apply, name="apply"),
]
