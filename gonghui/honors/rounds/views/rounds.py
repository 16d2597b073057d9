"""Round pages: the list (with each round's conditions), opening one, its page (places, the
conditions live, the nominations), splitting places, 公示 and the decision."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.forms import form_action
from gonghui.honors.models import HonorType, NominationStatus, RoundStatus
from gonghui.honors.rounds.forms import (
    DecisionForm,
    FilterForm,
    PublicityForm,
    QuotaForm,
    RoundForm,
)
from gonghui.honors.rounds.selectors import (
    access_round_by_id,
    nomination_list,
    quota_lines,
    round_checks,
    round_list,
    to_correct,
    to_review,
)
from gonghui.honors.rounds.services import publicity_start, quota_set, round_decide, round_open

ROUND_OPENED = "评选批次「{title}」已发起。"
QUOTA_SAVED = "已为「{org}」分配{honor}名额{places}个。"
PUBLICITY_STARTED = "公示已开始，至{until}结束。"
DECIDED = "表彰决定已作出：{no}。"


@permission_required(Perm.HONOR_VIEW)
def rounds(request):
    form = FilterForm(request.GET)
    form.is_valid()
    status = form.cleaned_data.get("status", "")
    if status not in RoundStatus.values:
        status = ""
    items = round_list(user=request.user, status=status)
    page = Paginator(items, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    for rnd in page:
        rnd.checks = round_checks(user=request.user, round=rnd)
    ctx = {
        "page_obj": page,
        "status": status,
        "statuses": RoundStatus.choices,
        "to_review": to_review(user=request.user).count(),
        "to_correct": to_correct(user=request.user).count(),
    }
    return render(request, "honors/rounds/rounds.html", ctx)


@permission_required(Perm.HONOR_MANAGE)
@require_http_methods(["GET", "POST"])
def round_create(request):
    types = list(HonorType.objects.filter(conferrer=request.user.org, active=True))
    form = RoundForm(request.POST or None, types=types)
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda _: round_open(actor=request.user, **form.service_kwargs()),
            invalid=lambda status: render(
                request, "honors/rounds/round_form.html", {"form": form}, status=status
            ),
            done=lambda rnd: ROUND_OPENED.format(title=rnd.title),
            then=lambda rnd: redirect("honors:round", round_id=rnd.pk),
        )
    return render(request, "honors/rounds/round_form.html", {"form": form, "types": types})


def _round_page(request, rnd, status=200, **forms):
    user = request.user
    filters = FilterForm(request.GET)
    filters.is_valid()
    wanted = filters.cleaned_data.get("status", "")
    if wanted not in NominationStatus.values:
        wanted = ""
    items = nomination_list(
        user=user, round=rnd, status=wanted, q=filters.cleaned_data.get("q", "")
    )
    page = Paginator(items, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    conferrer = user.org_id == rnd.org_id
    ctx = {
        "round": rnd,
        "page_obj": page,
        "filters": filters,
        "status": wanted,
        "statuses": NominationStatus.choices,
        "quotas": quota_lines(user=user, round=rnd),
        "checks": round_checks(user=user, round=rnd),
        "conferrer": conferrer,
        "final_level": conferrer,
        "quota_form": forms.get("quota_form") or QuotaForm(user=user, round=rnd),
        "publicity_form": forms.get("publicity_form")
        or PublicityForm(initial={"days": rnd.publicity_days}),
        "decision_form": forms.get("decision_form") or DecisionForm(),
    }
    return render(request, "honors/rounds/round.html", ctx, status=status)


@permission_required(Perm.HONOR_VIEW)
def round_detail(request, round_id):
    return _round_page(request, access_round_by_id(request.user, round_id))


@permission_required(Perm.HONOR_MANAGE)
@require_POST
def round_quota(request, round_id):
    rnd = access_round_by_id(request.user, round_id)
    form = QuotaForm(request.POST, user=request.user, round=rnd)
    return form_action(
        request,
        form,
        lambda data: quota_set(actor=request.user, round=rnd, **data),
        invalid=lambda status: _round_page(request, rnd, status=status, quota_form=form),
        done=lambda quota: QUOTA_SAVED.format(
            org=quota.org.name, honor=quota.honor_type.title, places=quota.places
        ),
        then=redirect("honors:round", round_id=rnd.pk),
    )


@permission_required(Perm.HONOR_MANAGE)
@require_POST
def round_publicity(request, round_id):
    rnd = access_round_by_id(request.user, round_id)
    form = PublicityForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: publicity_start(actor=request.user, round=rnd, days=data["days"]),
        invalid=lambda status: _round_page(request, rnd, status=status, publicity_form=form),
        done=lambda result: PUBLICITY_STARTED.format(until=result.publicity_until.isoformat()),
        then=redirect("honors:round", round_id=rnd.pk),
    )


@permission_required(Perm.HONOR_MANAGE)
@require_POST
def round_decision(request, round_id):
    rnd = access_round_by_id(request.user, round_id)
    form = DecisionForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: round_decide(actor=request.user, round=rnd, **data),
        invalid=lambda status: _round_page(request, rnd, status=status, decision_form=form),
        done=lambda result: DECIDED.format(no=result.decision_no),
        then=redirect("honors:round", round_id=rnd.pk),
    )
