"""Workbench pages of teams: list (search, union, status, paging), create, detail with its
members (add with a member picker, remove with a confirmation), edit, deactivate (confirm),
and the Excel import of teams with their members (a job of the import framework)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.forms import NOT_SUBMITTED, WorkbenchForm, attempt, form_action, submit_with
from gonghui.imports.jobs import import_job_create
from gonghui.imports.models import ImportJob, ImportMode
from gonghui.members.teams.forms import (
    TeamCreateForm,
    TeamEditForm,
    TeamFilterForm,
    TeamMemberAddForm,
)
from gonghui.members.teams.import_kinds import TEAMS
from gonghui.members.teams.imports import template_xlsx
from gonghui.members.teams.pickers import team_pickers, team_search_page
from gonghui.members.teams.selectors import (
    access_membership_by_id,
    access_team_by_id,
    team_list,
    team_memberships,
)
from gonghui.members.teams.services import (
    team_add_member,
    team_create,
    team_deactivate,
    team_remove_member,
    team_update,
)
from gonghui.orgs.pick_views import picker_query, resolve_picker
from gonghui.orgs.pickers import page_number
from gonghui.orgs.selectors import access_org_by_id

TEAM_CREATED = "班组「{name}」已建立。"
TEAM_SAVED = "班组已修改。"
TEAM_DEACTIVATED = "班组「{name}」已停用。"
MEMBER_ADDED = "「{name}」已加入班组。"
MEMBER_REMOVED = "「{name}」已移出班组。"


@permission_required(Perm.MEMBER_VIEW)
def team_list_view(request):
    form = TeamFilterForm(request.GET)
    form.is_valid()
    filters = form.cleaned_data
    org = None
    if filters.get("org"):
        org = access_org_by_id(request.user, filters["org"])
    active = {"1": True, "0": False}.get(filters.get("active") or "")
    teams = team_list(
        user=request.user, q=filters.get("q", ""), org_id=org.pk if org else None, active=active
    )
    page = Paginator(teams, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/teams/list.html", {"form": form, "page_obj": page, "org": org})


@permission_required(Perm.MEMBER_CHANGE)
@require_http_methods(["GET", "POST"])
def team_create_view(request):
    initial = {"org": request.GET.get("org")} if request.GET.get("org") else {}
    form = TeamCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: team_create(actor=request.user, **data),
            invalid=lambda status: render(
                request, "members/teams/form.html", {"form": form}, status=status
            ),
            done=lambda team: TEAM_CREATED.format(name=team.name),
            then=lambda team: redirect("members:team_detail", team_id=team.pk),
        )
    return render(request, "members/teams/form.html", {"form": form})


@permission_required(Perm.MEMBER_VIEW)
def team_detail(request, team_id):
    team = access_team_by_id(request.user, team_id)
    page = Paginator(team_memberships(team), settings.MEMBERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    add_form = None
    if team.active and request.user.has_perm(Perm.MEMBER_CHANGE):
        add_form = TeamMemberAddForm(user=request.user, team=team)
    ctx = {"team": team, "page_obj": page, "add_form": add_form}
    return render(request, "members/teams/detail.html", ctx)


@permission_required(Perm.MEMBER_CHANGE)
@require_http_methods(["GET", "POST"])
def team_edit(request, team_id):
    team = access_team_by_id(request.user, team_id)
    initial = {"name": team.name, "kind": team.kind, "leader": team.leader_id}
    form = TeamEditForm(request.POST or None, user=request.user, team=team, initial=initial)
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: team_update(actor=request.user, team=team, **data),
            invalid=lambda status: render(
                request, "members/teams/form.html", {"form": form, "team": team}, status=status
            ),
            done=TEAM_SAVED,
            then=redirect("members:team_detail", team_id=team.pk),
        )
    return render(request, "members/teams/form.html", {"form": form, "team": team})


@permission_required(Perm.MEMBER_CHANGE)
@require_http_methods(["POST"])
def team_member_add(request, team_id):
    team = access_team_by_id(request.user, team_id)
    form = TeamMemberAddForm(request.POST, user=request.user, team=team)
    return form_action(
        request,
        form,
        lambda data: team_add_member(
            actor=request.user, team=team, member=data["member"], role=data["role"]
        ),
        invalid=lambda status: _detail_with_add_form(request, team, form, status),
        done=lambda added: MEMBER_ADDED.format(name=added.member.name),
        then=redirect("members:team_detail", team_id=team.pk),
    )


def _detail_with_add_form(request, team, form, status: int):
    page = Paginator(team_memberships(team), settings.MEMBERS_PAGE_SIZE).get_page(1)
    ctx = {"team": team, "page_obj": page, "add_form": form}
    return render(request, "members/teams/detail.html", ctx, status=status)


@permission_required(Perm.MEMBER_CHANGE)
@require_http_methods(["GET", "POST"])
def team_member_remove(request, team_id, membership_id):
    team = access_team_by_id(request.user, team_id)
    membership = access_membership_by_id(request.user, team, membership_id)
    if request.method == "POST":
        done = attempt(
            request,
            lambda: team_remove_member(actor=request.user, team=team, member=membership.member),
        )
        if done is not NOT_SUBMITTED:
            messages.success(request, MEMBER_REMOVED.format(name=membership.member.name))
        return redirect("members:team_detail", team_id=team.pk)
    ctx = {"team": team, "membership": membership}
    return render(request, "members/teams/remove.html", ctx)


@permission_required(Perm.MEMBER_CHANGE)
@require_http_methods(["GET", "POST"])
def team_deactivate_view(request, team_id):
    team = access_team_by_id(request.user, team_id)
    if request.method == "POST":
        done = attempt(request, lambda: team_deactivate(actor=request.user, team=team))
        if done is not NOT_SUBMITTED:
            messages.success(request, TEAM_DEACTIVATED.format(name=team.name))
        return redirect("members:team_detail", team_id=team.pk)
    return render(request, "members/teams/deactivate.html", {"team": team})


@permission_required(Perm.MEMBER_VIEW)
def team_pick(request):
    """A page of the teams a team picker offers that match `q`: the listbox's options (htmx)."""
    _purpose, queryset = resolve_picker(request, team_pickers)
    found = team_search_page(
        queryset, q=picker_query(request), page=page_number(request.GET.get("page"))
    )
    return render(
        request,
        "members/teams/_team_options.html",
        {"found": found, "token": request.GET.get("t", ""), "url": reverse("members:team_pick")},
    )


class TeamImportForm(WorkbenchForm):
    file = forms.FileField(label="Excel 文件")


@permission_required(Perm.MEMBER_CHANGE)
@require_http_methods(["GET", "POST"])
def team_import_view(request):
    form = TeamImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        job, _ = submit_with(
            form,
            lambda data: import_job_create(
                actor=request.user, kind=TEAMS, upload=data["file"], mode=ImportMode.ALL
            ),
        )
        if job is not NOT_SUBMITTED:
            return redirect("imports:job", job_id=job.pk)
    recent = ImportJob.objects.filter(created_by=request.user, kind=TEAMS)[:10]
    status = 400 if request.method == "POST" else 200
    ctx = {"form": form, "recent": recent}
    return render(request, "members/teams/import.html", ctx, status=status)


@permission_required(Perm.MEMBER_VIEW)
def team_import_template(request):
    return FileResponse(template_xlsx(), as_attachment=True, filename="班组导入模板.xlsx")
