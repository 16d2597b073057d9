"""Workbench pages of 五小 / 合理化建议: list, submit, review, recommend upward."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.competitions.models.studios import SuggestionStatus
from gonghui.competitions.studios import suggestion_forms as f
from gonghui.competitions.studios.selectors import (
    access_suggestion_by_id,
    suggestion_list,
    suggestion_totals,
)
from gonghui.competitions.studios.services import (
    suggestion_recommend,
    suggestion_review,
    suggestion_submit,
)
from gonghui.core.forms import NOT_SUBMITTED, attempt, form_action

SUBMITTED = "「{title}」已提报，待所在工会评审。"
REVIEWED = "评审结论已保存：{status}。"
RECOMMENDED = "已推荐至「{org}」。"


@permission_required(Perm.STUDIO_VIEW)
def suggestion_list_view(request):
    form = f.SuggestionFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    items = suggestion_list(
        user=request.user,
        q=data.get("q", ""),
        kind=data.get("kind", ""),
        status=data.get("status", ""),
    )
    page = Paginator(items, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"form": form, "page_obj": page, "totals": suggestion_totals(user=request.user)}
    return render(request, "competitions/studios/suggestions.html", ctx)


@permission_required(Perm.STUDIO_MANAGE)
@require_http_methods(["GET", "POST"])
def suggestion_create_view(request):
    form = f.SuggestionForm(request.POST or None, user=request.user)
    ctx = {"form": form, "title": "提报五小和合理化建议"}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: suggestion_submit(actor=request.user, **data),
            invalid=lambda status: render(
                request, "competitions/studios/step.html", ctx, status=status
            ),
            done=lambda item: SUBMITTED.format(title=item.title),
            then=lambda item: redirect("studios:suggestion_detail", suggestion_id=item.pk),
        )
    return render(request, "competitions/studios/step.html", ctx)


def _detail(request, item, form, status=200):
    reached = item.recommended_to or item.org
    ctx = {
        "item": item,
        "form": form,
        "can_recommend": item.status == SuggestionStatus.ADOPTED
        and request.user.org_id == reached.pk,
    }
    return render(request, "competitions/studios/suggestion.html", ctx, status=status)


@permission_required(Perm.STUDIO_VIEW)
def suggestion_detail(request, suggestion_id):
    item = access_suggestion_by_id(request.user, suggestion_id)
    return _detail(request, item, f.SuggestionReviewForm())


@permission_required(Perm.STUDIO_MANAGE)
@require_POST
def suggestion_review_view(request, suggestion_id):
    item = access_suggestion_by_id(request.user, suggestion_id)
    form = f.SuggestionReviewForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: suggestion_review(actor=request.user, suggestion=item, **data),
        invalid=lambda status: _detail(request, item, form, status),
        done=lambda result: REVIEWED.format(status=result.get_status_display()),
        then=redirect("studios:suggestion_detail", suggestion_id=item.pk),
    )


@permission_required(Perm.STUDIO_MANAGE)
@require_POST
def suggestion_recommend_view(request, suggestion_id):
    item = access_suggestion_by_id(request.user, suggestion_id)
    done = attempt(request, lambda: suggestion_recommend(actor=request.user, suggestion=item))
    if done is not NOT_SUBMITTED:
        messages.success(request, RECOMMENDED.format(org=done.recommended_to.name))
    return redirect("studios:suggestion_detail", suggestion_id=item.pk)
