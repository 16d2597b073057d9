"""Portal pages of 五小 / 合理化建议 / 技术革新 / 先进操作法: a certified member submits one to his
base union (which reviews it on the workbench: a 待办 there) and follows his submissions.

The suggestions are the competitions app's: these pages only call its selectors and services
(namespace `suggestions_portal`, at `/m/suggestions/`)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gonghui.competitions.models.studios import SuggestionKind
from gonghui.competitions.studios.selectors import suggestions_of_member
from gonghui.competitions.studios.services import suggestion_submit_by_worker
from gonghui.competitions.studios.services.suggestions import (
    CONTENT_MAX,
    WORKER_NOT_MEMBER,
    worker_teams,
)
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import CleanTextForm, add_application_error
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.portal.auth import current_worker, worker_required

SUBMIT_DONE = "「{title}」已提报，待您所在工会评审。"

app_name = "suggestions_portal"


class SuggestionForm(CleanTextForm):
    kind = forms.ChoiceField(label="类别", choices=SuggestionKind.choices)
    title = forms.CharField(label="名称", max_length=80)
    content = forms.CharField(
        label="内容",
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"写明现状、改进办法和预期效果，不超过{CONTENT_MAX}字。",
    )
    team = forms.TypedChoiceField(
        label="以班组名义提报", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.teams = {team.pk: team for team in teams}
        self.fields["team"].choices = [("", "个人提报"), *[(t.pk, t.name) for t in teams]]


def _member_of(worker):
    member = worker.member if worker.is_certified else None
    if member is None or member.status not in HOLDING_STATUSES:
        return None
    return member


@never_cache
@worker_required
@require_http_methods(["GET", "POST"])
def suggestion_home(request):
    """提报 and 我的提报: the form on top, the worker's submissions and their status below."""
    worker = current_worker(request)
    member = _member_of(worker)
    if member is None:
        ctx = {"refused": WORKER_NOT_MEMBER, "items": []}
        return render(
            request,
            "portal/suggestions/home.html",
            ctx,
            status=403 if request.method == "POST" else 200,
        )
    form = SuggestionForm(request.POST or None, teams=worker_teams(member))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = suggestion_submit_by_worker(
                    worker=worker,
                    kind=data["kind"],
                    title=data["title"],
                    content=data["content"],
                    team=form.teams.get(data["team"]),
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
                status = exc.status
            else:
                messages.success(request, SUBMIT_DONE.format(title=item.title))
                return redirect("suggestions_portal:home")
    ctx = {"form": form, "member": member, "items": suggestions_of_member(member)}
    return render(request, "portal/suggestions/home.html", ctx, status=status)


urlpatterns = [
    path("", suggestion_home, name="home"),
]
