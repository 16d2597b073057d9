"""Workbench pages of a contest: list (search, filters, paging), detail, create, edit, status
transitions (confirmed), documents."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gonghui.accounts.permissions import Perm
from gonghui.competitions.contests import selectors as sel
from gonghui.competitions.contests.counting import chain_counts
from gonghui.competitions.contests.forms import (
    ContestCreateForm,
    ContestFilterForm,
    ContestForm,
    DocumentForm,
)
from gonghui.competitions.contests.rules import TRANSITIONS
from gonghui.competitions.contests.services import (
    contest_create,
    contest_document_add,
    contest_transition,
    contest_update,
)
from gonghui.competitions.models import EntryKind, EntryStatus
from gonghui.core.decorators import permission_required
from gonghui.core.errors import NotFound
from gonghui.core.forms import NOT_SUBMITTED, attempt, form_action
from gonghui.members.candidates import candidate_sinks

CREATE_DONE = "竞赛「{name}」已保存为草稿，发布后下级工会可见。"
EDIT_DONE = "竞赛已修改。"
TRANSITION_DONE = "竞赛「{name}」已改为「{status}」。"
DOCUMENT_DONE = "文件已上传。"
NOT_MANAGED = "该竞赛由上级工会主办，您不能修改。"


@permission_required(Perm.CONTEST_VIEW)
def contest_list_view(request):
    form = ContestFilterForm(request.GET)
    form.is_valid()
    filters = {k: v for k, v in form.cleaned_data.items() if v}
    contests = sel.contest_list(user=request.user, **filters)
    page = Paginator(contests, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "competitions/list.html", {"form": form, "page_obj": page})


@permission_required(Perm.CONTEST_VIEW)
def contest_detail(request, contest_id):
    contest = sel.access_contest_by_id(request.user, contest_id)
    manages = sel.can_manage(request.user, contest)
    entries = sel.contest_entries(user=request.user, contest=contest)
    context = {
        "contest": contest,
        "manages": manages,
        "transitions": TRANSITIONS.get(contest.status, ()) if manages else (),
        "counts": chain_counts(contest),
        "children": sel.sub_contests(contest),
        "documents": sel.contest_documents(contest),
        "members": entries.filter(kind=EntryKind.MEMBER),
        "teams": entries.filter(kind=EntryKind.TEAM),
        "units": entries.filter(kind=EntryKind.UNIT),
        "pending": entries.filter(status=EntryStatus.PENDING).count(),
        "can_put_forward": manages and bool(candidate_sinks()),
    }
    return render(request, "competitions/detail.html", context)


@permission_required(Perm.CONTEST_MANAGE)
@require_http_methods(["GET", "POST"])
def contest_create_view(request):
    parents = sel.parent_choices(request.user)
    initial = {}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = request.GET["parent"]
    form = ContestCreateForm(
        request.POST or None, user=request.user, parents=parents, initial=initial
    )
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: contest_create(actor=request.user, **data),
            invalid=lambda status: render(
                request, "competitions/form.html", {"form": form}, status=status
            ),
            done=lambda contest: CREATE_DONE.format(name=contest.name),
            then=lambda contest: redirect("competitions:detail", contest_id=contest.pk),
        )
    return render(request, "competitions/form.html", {"form": form})


def _managed(request, contest_id):
    contest = sel.access_contest_by_id(request.user, contest_id)
    if not sel.can_manage(request.user, contest):
        raise NotFound(NOT_MANAGED)
    return contest


@permission_required(Perm.CONTEST_MANAGE)
@require_http_methods(["GET", "POST"])
def contest_edit(request, contest_id):
    contest = _managed(request, contest_id)
    initial = {name: getattr(contest, name) for name in ContestForm.base_fields}
    initial["trades"] = "、".join(contest.trades)
    form = ContestForm(request.POST or None, initial=initial)
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: contest_update(actor=request.user, contest=contest, **data),
            invalid=lambda status: render(
                request, "competitions/form.html", {"form": form, "contest": contest}, status=status
            ),
            done=EDIT_DONE,
            then=redirect("competitions:detail", contest_id=contest.pk),
        )
    return render(request, "competitions/form.html", {"form": form, "contest": contest})


@permission_required(Perm.CONTEST_MANAGE)
@require_http_methods(["GET", "POST"])
def contest_transition_view(request, contest_id, status):
    contest = _managed(request, contest_id)
    label = dict(TRANSITIONS.get(contest.status, ())).get(status)
    if request.method == "POST":
        done = attempt(
            request, lambda: contest_transition(actor=request.user, contest=contest, status=status)
        )
        if done is not NOT_SUBMITTED:
            messages.success(
                request, TRANSITION_DONE.format(name=done.name, status=done.get_status_display())
            )
        return redirect("competitions:detail", contest_id=contest.pk)
    ctx = {"contest": contest, "status": status, "label": label}
    return render(request, "competitions/transition.html", ctx)


@permission_required(Perm.CONTEST_MANAGE)
@require_http_methods(["GET", "POST"])
def contest_document_upload(request, contest_id):
    contest = _managed(request, contest_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: contest_document_add(
                actor=request.user, contest=contest, kind=data["kind"], upload=data["file"]
            ),
            invalid=lambda status: render(
                request,
                "competitions/document.html",
                {"form": form, "contest": contest},
                status=status,
            ),
            done=DOCUMENT_DONE,
            then=redirect("competitions:detail", contest_id=contest.pk),
        )
    return render(request, "competitions/document.html", {"form": form, "contest": contest})


@permission_required(Perm.CONTEST_VIEW)
def contest_document_view(request, contest_id, document_id):
    contest = sel.access_contest_by_id(request.user, contest_id)
    document = sel.access_document_by_id(request.user, document_id, contest=contest)
    response = HttpResponse(bytes(document.data), content_type=document.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response
