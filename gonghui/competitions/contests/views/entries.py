"""Workbench pages of a contest's entries: enter a member, team or unit; confirm a worker's
application; withdraw; record a result; 推荐荣誉."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.permissions import Perm
from gonghui.competitions.contests import selectors as sel
from gonghui.competitions.contests.forms import (
    MemberEntryForm,
    ResultForm,
    TeamEntryForm,
    UnitEntryForm,
)
from gonghui.competitions.contests.services import (
    entry_add_member,
    entry_add_team,
    entry_add_unit,
    entry_confirm,
    entry_put_forward,
    entry_record_result,
    entry_withdraw,
)
from gonghui.competitions.contests.views.pages import _managed
from gonghui.core.decorators import permission_required
from gonghui.core.errors import NotFound
from gonghui.core.forms import NOT_SUBMITTED, attempt, form_action

ENTER_DONE = "「{name}」已报名。"
CONFIRM_DONE = "已确认「{name}」的报名。"
WITHDRAW_DONE = "「{name}」已退出该竞赛。"
RESULT_DONE = "「{name}」的成绩已保存。"
PUT_FORWARD_DONE = "已将「{name}」推荐到荣誉评选。"
ENTRY_KIND_UNKNOWN = "找不到该报名方式。"

_FORMS = {
    "member": (MemberEntryForm, entry_add_member, "参赛职工"),
    "team": (TeamEntryForm, entry_add_team, "参赛班组"),
    "unit": (UnitEntryForm, entry_add_unit, "参赛单位"),
}


@permission_required(Perm.CONTEST_ENTER)
@require_http_methods(["GET", "POST"])
def entry_add(request, contest_id, kind):
    contest = sel.access_contest_by_id(request.user, contest_id)
    if kind not in _FORMS:
        raise NotFound(ENTRY_KIND_UNKNOWN)
    form_class, service, label = _FORMS[kind]
    form = form_class(request.POST or None, user=request.user, contest=contest)
    ctx = {"form": form, "contest": contest, "label": label}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: service(actor=request.user, contest=contest, **data),
            invalid=lambda status: render(
                request, "competitions/entry_form.html", ctx, status=status
            ),
            done=lambda entry: ENTER_DONE.format(name=entry.entrant_name),
            then=redirect("competitions:detail", contest_id=contest.pk),
        )
    return render(request, "competitions/entry_form.html", ctx)


@permission_required(Perm.CONTEST_ENTER)
@require_POST
def entry_confirm_view(request, contest_id, entry_id):
    contest = sel.access_contest_by_id(request.user, contest_id)
    entry = sel.access_entry_by_id(request.user, entry_id, contest=contest)
    done = attempt(request, lambda: entry_confirm(actor=request.user, entry=entry))
    if done is not NOT_SUBMITTED:
        messages.success(request, CONFIRM_DONE.format(name=entry.entrant_name))
    return redirect("competitions:detail", contest_id=contest.pk)


@permission_required(Perm.CONTEST_ENTER)
@require_http_methods(["GET", "POST"])
def entry_withdraw_view(request, contest_id, entry_id):
    contest = sel.access_contest_by_id(request.user, contest_id)
    entry = sel.access_entry_by_id(request.user, entry_id, contest=contest)
    if request.method == "POST":
        done = attempt(request, lambda: entry_withdraw(actor=request.user, entry=entry))
        if done is not NOT_SUBMITTED:
            messages.success(request, WITHDRAW_DONE.format(name=entry.entrant_name))
        return redirect("competitions:detail", contest_id=contest.pk)
    return render(request, "competitions/withdraw.html", {"contest": contest, "entry": entry})


@permission_required(Perm.CONTEST_ENTER)
@require_http_methods(["GET", "POST"])
def entry_result(request, contest_id, entry_id):
    contest = _managed(request, contest_id)
    entry = sel.access_entry_by_id(request.user, entry_id, contest=contest)
    initial = {k: getattr(entry, k) for k in ResultForm.base_fields}
    form = ResultForm(request.POST or None, initial=initial)
    ctx = {"form": form, "contest": contest, "entry": entry}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: entry_record_result(actor=request.user, entry=entry, **data),
            invalid=lambda status: render(
                request, "competitions/result_form.html", ctx, status=status
            ),
            done=lambda _: RESULT_DONE.format(name=entry.entrant_name),
            then=redirect("competitions:detail", contest_id=contest.pk),
        )
    return render(request, "competitions/result_form.html", ctx)


@permission_required(Perm.CONTEST_MANAGE)
@require_POST
def entry_put_forward_view(request, contest_id, entry_id):
    contest = _managed(request, contest_id)
    entry = sel.access_entry_by_id(request.user, entry_id, contest=contest)
    done = attempt(request, lambda: entry_put_forward(actor=request.user, entry=entry))
    if done is not NOT_SUBMITTED:
        messages.success(request, PUT_FORWARD_DONE.format(name=entry.entrant_name))
    return redirect("competitions:detail", contest_id=contest.pk)
