"""Nomination pages: nominate in a round, one nomination with its history and the actions of
the level it waits at, correcting a returned one, and the review queue of my level."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.forms import NOT_SUBMITTED, attempt, form_action, submit_with
from gonghui.honors.models import NominationStatus, RoundStatus
from gonghui.honors.rounds.forms import (
    AttachmentForm,
    CommitteeForm,
    NominationForm,
    OpinionForm,
    ReasonForm,
    ResolveForm,
    ResubmitForm,
    VoteForm,
)
from gonghui.honors.rounds.selectors import (
    access_nomination_by_id,
    access_objection_by_id,
    access_round_by_id,
    candidate_list,
    open_rounds,
    to_correct,
    to_review,
)
from gonghui.honors.rounds.services import (
    nominate,
    nomination_approve,
    nomination_reject,
    nomination_resubmit,
    nomination_return,
    nomination_withdraw,
    objection_resolve,
)
from gonghui.honors.rounds.services.common import is_editable
from gonghui.members.models import Team
from gonghui.orgs.selectors import org_scope_path

NOMINATED = "已推荐{name}，报送「{holder}」审核。"
DRAFTED = "已保存{name}的推荐草稿：请上传材料{vote}后上报。"
APPROVED = "已同意上报{name}。"
RETURNED = "已退回{name}的推荐。"
REJECTED = "{name}不予推荐。"
WITHDRAWN = "已撤回{name}的推荐。"
RESUBMITTED = "已修改并重新上报{name}的推荐。"
RESOLVED = "异议已处理。"


def _teams(user):
    return Team.objects.filter(org__path__startswith=org_scope_path(user), active=True)


@permission_required(Perm.HONOR_NOMINATE)
@require_http_methods(["GET", "POST"])
def nomination_create(request, round_id):
    rnd = access_round_by_id(request.user, round_id)
    form = NominationForm(
        request.POST or None, user=request.user, round=rnd, teams=_teams(request.user)
    )
    ctx = {"form": form, "round": rnd}
    if request.method == "POST":
        draft = "draft" in request.POST
        n, status = submit_with(
            form,
            lambda data: nominate(actor=request.user, round=rnd, submit=not draft, **data),
        )
        if n is not NOT_SUBMITTED:
            if draft:
                vote = "、录入职工投票结果" if rnd.base_vote else ""
                messages.success(request, DRAFTED.format(name=n.name, vote=vote))
            else:
                messages.success(request, NOMINATED.format(name=n.name, holder=n.holder.name))
            return redirect("honors:nomination", nomination_id=n.pk)
        return render(request, "honors/rounds/nomination_form.html", ctx, status=status)
    return render(request, "honors/rounds/nomination_form.html", ctx)


def nomination_page(request, n, status=200, **forms):
    user = request.user
    at_my_level = (
        user.org_id == n.holder_id
        and n.status in (NominationStatus.PENDING, NominationStatus.RETURNED)
        and not (n.holder_id == n.org_id and n.org_id != n.round.org_id)
    )
    conferrer = user.org_id == n.round.org_id
    candidate = conferrer and n.status == NominationStatus.APPROVED
    attachments = list(n.attachments.select_related("uploaded_by"))
    have = {a.material for a in attachments}
    ctx = {
        "n": n,
        "steps": n.steps.select_related("org", "actor"),
        "objections": n.objections.all(),
        "at_my_level": at_my_level,
        "to_fix": n.status == NominationStatus.RETURNED and n.holder_id == n.org_id,
        "editable": is_editable(n) and n.round.status == RoundStatus.OPEN,
        "attachments": attachments,
        "checklist": [(m, m in have) for m in n.honor_type.material_list],
        "opinions": n.opinions.all(),
        "committee_review": getattr(n, "committee_review", None),
        "consulting": candidate and n.round.status == RoundStatus.CONSULTING,
        "in_committee": candidate and n.round.status == RoundStatus.COMMITTEE,
        "reason_form": forms.get("reason_form") or ReasonForm(),
        "opinion_form": forms.get("opinion_form") or OpinionForm(),
        "committee_form": forms.get("committee_form") or CommitteeForm(),
        "vote_form": forms.get("vote_form") or VoteForm(),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(honor_type=n.honor_type),
        "override_form": ReasonForm(),
        "resolve_form": ResolveForm(),
        "conferrer": conferrer,
    }
    return render(request, "honors/rounds/nomination.html", ctx, status=status)


@permission_required(Perm.HONOR_VIEW)
def nomination_detail(request, nomination_id):
    return nomination_page(request, access_nomination_by_id(request.user, nomination_id))


@permission_required(Perm.HONOR_REVIEW)
@require_POST
def nomination_approve_view(request, nomination_id):
    n = access_nomination_by_id(request.user, nomination_id)
    done = attempt(request, lambda: nomination_approve(actor=request.user, nomination=n))
    if done is not NOT_SUBMITTED:
        messages.success(request, APPROVED.format(name=n.name))
    return redirect("honors:nomination", nomination_id=n.pk)


def _with_reason(request, nomination_id, service, message):
    n = access_nomination_by_id(request.user, nomination_id)
    form = ReasonForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: service(actor=request.user, nomination=n, **data),
        invalid=lambda status: nomination_page(request, n, status=status, reason_form=form),
        done=lambda _: message.format(name=n.name),
        then=redirect("honors:nomination", nomination_id=n.pk),
    )


@permission_required(Perm.HONOR_REVIEW)
@require_POST
def nomination_return_view(request, nomination_id):
    return _with_reason(request, nomination_id, nomination_return, RETURNED)


@permission_required(Perm.HONOR_REVIEW)
@require_POST
def nomination_reject_view(request, nomination_id):
    return _with_reason(request, nomination_id, nomination_reject, REJECTED)


@permission_required(Perm.HONOR_NOMINATE)
@require_http_methods(["GET", "POST"])
def nomination_withdraw_view(request, nomination_id):
    n = access_nomination_by_id(request.user, nomination_id)
    if request.method == "POST":
        done = attempt(request, lambda: nomination_withdraw(actor=request.user, nomination=n))
        if done is not NOT_SUBMITTED:
            messages.success(request, WITHDRAWN.format(name=n.name))
        return redirect("honors:nomination", nomination_id=n.pk)
    return render(request, "honors/rounds/withdraw.html", {"n": n})


@permission_required(Perm.HONOR_NOMINATE)
@require_http_methods(["GET", "POST"])
def nomination_resubmit_view(request, nomination_id):
    n = access_nomination_by_id(request.user, nomination_id)
    initial = {name: getattr(n, name) for name in ResubmitForm.base_fields if hasattr(n, name)}
    form = ResubmitForm(
        request.POST or None,
        user=request.user,
        round=n.round,
        teams=_teams(request.user),
        initial=initial,
    )
    ctx = {"form": form, "n": n, "round": n.round}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: nomination_resubmit(actor=request.user, nomination=n, **data),
            invalid=lambda status: render(
                request, "honors/rounds/nomination_form.html", ctx, status=status
            ),
            done=lambda _: RESUBMITTED.format(name=n.name),
            then=redirect("honors:nomination", nomination_id=n.pk),
        )
    return render(request, "honors/rounds/nomination_form.html", ctx)


@permission_required(Perm.HONOR_MANAGE)
@require_POST
def objection_resolve_view(request, honor_objection_id):
    o = access_objection_by_id(request.user, honor_objection_id)
    form = ResolveForm(request.POST)
    done, status = submit_with(
        form, lambda data: objection_resolve(actor=request.user, objection=o, **data)
    )
    if done is NOT_SUBMITTED:
        for error in form.errors.values():
            messages.error(request, error[0])
    else:
        messages.success(request, RESOLVED)
    return redirect("honors:nomination", nomination_id=o.nomination_id)


@permission_required(Perm.HONOR_VIEW)
def review_queue(request):
    items = to_review(user=request.user)
    page = Paginator(items, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"page_obj": page, "to_correct": to_correct(user=request.user)[:50]}
    return render(request, "honors/rounds/queue.html", ctx)


@permission_required(Perm.HONOR_VIEW)
def candidates(request):
    items = candidate_list(user=request.user)
    page = Paginator(items, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"page_obj": page, "rounds": open_rounds(user=request.user)[:20]}
    return render(request, "honors/rounds/candidates.html", ctx)
