"""One batch: its facts, the split of places, its participants (filter, paging), adding people
(a member picked from the registry, or a person by name and ID number), 确认, 已出行, 取消."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.forms import NOT_SUBMITTED, attempt, form_action
from gonghui.orgs.models import Org, OrgStatus
from gonghui.orgs.selectors import org_in_scope
from gonghui.recuperation.forms import (
    CancelForm,
    MemberParticipantForm,
    ParticipantFilterForm,
    PersonParticipantForm,
    QuotaForm,
)
from gonghui.recuperation.selectors import (
    access_batch_by_id,
    access_participant_by_id,
    participant_list,
    quotas_of,
)
from gonghui.recuperation.services import (
    add_participant,
    batch_set_quotas,
    participant_cancel,
    participant_complete,
    participant_confirm,
)

ADDED = "「{name}」已加入名单。"
CONFIRMED = "已确认「{name}」。"
COMPLETED = "已登记「{name}」已出行。"
CANCELLED = "已取消「{name}」。"
QUOTAS_SAVED = "名额分配已保存。"


def _context(request, batch, **forms):
    filters = ParticipantFilterForm(request.GET)
    filters.is_valid()
    data = filters.cleaned_data
    people = participant_list(
        user=request.user, batch=batch, status=data.get("status", ""), q=data.get("q", "")
    )
    page = Paginator(people, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    organiser = org_in_scope(request.user, batch.plan.org)
    can_manage = request.user.has_perm(Perm.RECUPERATION_MANAGE)
    ctx = {
        "batch": batch,
        "plan": batch.plan,
        "quotas": quotas_of(batch),
        "page_obj": page,
        "filters": filters,
        "organiser": organiser and can_manage,
        "can_add": can_manage,
    }
    if can_manage:
        ctx["member_form"] = forms.get("member_form") or MemberParticipantForm(user=request.user)
        ctx["person_form"] = forms.get("person_form") or PersonParticipantForm()
    return ctx


@permission_required(Perm.RECUPERATION_VIEW)
def batch_detail(request, batch_id):
    batch = access_batch_by_id(request.user, batch_id)
    return render(request, "recuperation/batch.html", _context(request, batch))


@permission_required(Perm.RECUPERATION_MANAGE)
@require_http_methods(["POST"])
def participant_add(request, batch_id):
    batch = access_batch_by_id(request.user, batch_id)
    if request.POST.get("kind") == "person":
        form = PersonParticipantForm(request.POST)
        forms = {"person_form": form}
    else:
        form = MemberParticipantForm(request.POST, user=request.user)
        forms = {"member_form": form}
    return form_action(
        request,
        form,
        lambda data: add_participant(actor=request.user, batch=batch, **data),
        invalid=lambda status: render(
            request, "recuperation/batch.html", _context(request, batch, **forms), status=status
        ),
        done=lambda result: ADDED.format(name=result.name),
        then=redirect("recuperation:batch", batch_id=batch.pk),
    )


def _act(request, batch_id, participant_id, service, done_message):
    batch = access_batch_by_id(request.user, batch_id)
    participant = access_participant_by_id(request.user, batch, participant_id)
    done = attempt(request, lambda: service(actor=request.user, participant=participant))
    if done is not NOT_SUBMITTED:
        messages.success(request, done_message.format(name=participant.name))
    return redirect("recuperation:batch", batch_id=batch.pk)


@permission_required(Perm.RECUPERATION_MANAGE)
@require_http_methods(["POST"])
def participant_confirm_view(request, batch_id, participant_id):
    return _act(request, batch_id, participant_id, participant_confirm, CONFIRMED)


@permission_required(Perm.RECUPERATION_MANAGE)
@require_http_methods(["POST"])
def participant_complete_view(request, batch_id, participant_id):
    return _act(request, batch_id, participant_id, participant_complete, COMPLETED)


@permission_required(Perm.RECUPERATION_MANAGE)
@require_http_methods(["GET", "POST"])
def participant_cancel_view(request, batch_id, participant_id):
    batch = access_batch_by_id(request.user, batch_id)
    participant = access_participant_by_id(request.user, batch, participant_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: participant_cancel(
                actor=request.user, participant=participant, reason=form.cleaned_data["reason"]
            ),
        )
        if done is not NOT_SUBMITTED:
            messages.success(request, CANCELLED.format(name=participant.name))
        return redirect("recuperation:batch", batch_id=batch.pk)
    ctx = {"batch": batch, "participant": participant, "form": form}
    return render(request, "recuperation/cancel.html", ctx)


@permission_required(Perm.RECUPERATION_MANAGE)
@require_http_methods(["GET", "POST"])
def batch_quotas(request, batch_id):
    """The split of places between the unions directly below the organiser."""
    batch = access_batch_by_id(request.user, batch_id)
    children = Org.objects.filter(
        path__startswith=batch.plan.org.path,
        depth=batch.plan.org.depth + 1,
        status=OrgStatus.ACTIVE,
    ).order_by("path")
    current = {q.org_id: q.places for q in batch.quotas.all()}
    form = QuotaForm(request.POST or None, orgs=children, initial_places=current)
    ctx = {"batch": batch, "form": form}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: batch_set_quotas(actor=request.user, batch=batch, quotas=form.quotas()),
            invalid=lambda status: render(request, "recuperation/quotas.html", ctx, status=status),
            done=QUOTAS_SAVED,
            then=redirect("recuperation:batch", batch_id=batch.pk),
        )
    return render(request, "recuperation/quotas.html", ctx)
