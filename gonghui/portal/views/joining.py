"""Portal pages of joining: 入会申请 (also reached by a union's QR code), the e-card, and the
worker's own requests (转会/退会) with their progress."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core import crypto
from gonghui.core.forms import NOT_SUBMITTED, WorkbenchForm, attempt, submit
from gonghui.honors.care.selectors import honors_on_card
from gonghui.members.codes import EDUCATION_CHOICES, ETHNICITY_CHOICES, POLITICAL_CHOICES, Category
from gonghui.orgs.models import Org
from gonghui.portal import ecard
from gonghui.portal.auth import current_worker, worker_required
from gonghui.portal.selectors import (
    fallback_areas,
    fallback_unions,
    holding_member_of,
    join_target_by_id,
    union_search,
    union_search_root,
    worker_applications,
    worker_pending_application,
    worker_pending_request,
    worker_requests,
)
from gonghui.portal.services.joining import (
    join_apply,
    join_withdraw,
    member_request_leave,
    member_request_transfer,
    member_request_withdraw,
)

JOIN_ORG_DONE = "入会申请已提交，请等待「{org}」审核。"
JOIN_WITHDRAW_DONE = "入会申请已撤回。"
TRANSFER_NOT_MEMBER = "您还不是工会会员，请先申请入会。"
PICK_NEW_UNION = "请先搜索并选择新单位的工会。"
REQUEST_TRANSFER_DONE = "转会申请已提交，请等待您所在工会办理。"
LEAVE_NOT_MEMBER = "您还不是工会会员，无需办理退会。"
REQUEST_LEAVE_DONE = "退会申请已提交，请等待您所在工会办理。"
REQUEST_WITHDRAW_DONE = "申请已撤回。"

_BLANK = [("", "请选择")]


class JoinForm(WorkbenchForm):
    category = forms.ChoiceField(label="职工类别", choices=_BLANK + Category.choices)
    employer = forms.CharField(
        label="工作单位",
        max_length=120,
        help_text="灵活就业、没有固定单位的，可填写“灵活就业”或所在平台名称。",
    )
    employer_uscc = forms.CharField(
        label="单位统一社会信用代码", max_length=18, required=False, help_text="18位，选填"
    )
    ethnicity = forms.ChoiceField(
        label="民族", choices=_BLANK + ETHNICITY_CHOICES, required=False, initial="01"
    )
    education = forms.ChoiceField(label="学历", choices=_BLANK + EDUCATION_CHOICES, required=False)
    political_status = forms.ChoiceField(
        label="政治面貌", choices=_BLANK + POLITICAL_CHOICES, required=False
    )
    job = forms.CharField(label="工种 / 岗位", max_length=60, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)


class ReasonForm(WorkbenchForm):
    reason = forms.CharField(label="原因", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))


def _certify_redirect(request):
    return redirect(f"{reverse('portal:certify')}?{urlencode({'next': request.get_full_path()})}")


def _join_gate(request, worker):
    """What stands before the form: certification, a membership, a pending application."""
    if not worker.is_certified:
        return _certify_redirect(request)
    member = holding_member_of(worker)
    if member is not None:
        return render(
            request, "portal/join_member.html", {"worker": worker, "member": member, "tab": "home"}
        )
    pending = worker_pending_application(worker)
    if pending is not None:
        return render(request, "portal/join_pending.html", {"application": pending, "tab": "home"})
    return None


@never_cache
@worker_required
def join(request):
    """Find the union to join: by name or the employer's credit code, or 兜底入会 by county."""
    worker = current_worker(request)
    gate = _join_gate(request, worker)
    if gate is not None:
        return gate
    q = request.GET.get("q", "").strip()[:60]
    within = union_search_root(request.GET.get("within", ""))
    areas = fallback_areas()
    area_id = request.GET.get("area", "")
    area = next((a for a in areas if str(a.pk) == area_id), None)
    context = {
        "q": q,
        "within": within,
        "results": union_search(q=q, within=within) if q else [],
        "areas": areas,
        "area": area,
        "fallback_unions": fallback_unions(area=area) if area else [],
        "tab": "home",
    }
    return render(request, "portal/join.html", context)


@never_cache
@worker_required
@require_http_methods(["GET", "POST"])
def join_org(request, org_id):
    """The join form for one union: the target of its 码上入会 QR code. A union that takes no
    members directly (a 县区总工会) says so and offers the search of the unions below it."""
    org = join_target_by_id(org_id)
    if not org.holds_members:
        area = next((a for a in fallback_areas() if a.pk == org.pk), None)
        context = {"org": org, "fallback_area": area, "tab": "home"}
        return render(request, "portal/join_not_direct.html", context)
    worker = current_worker(request)
    gate = _join_gate(request, worker)
    if gate is not None:
        return gate
    fallback = request.GET.get("fallback") == "1" or request.POST.get("fallback") == "1"
    form = JoinForm(request.POST or None, initial={"ethnicity": "01"})
    if request.method == "POST":
        applied, _ = submit(form, join_apply, worker=worker, org=org, fallback=fallback)
        if applied is not NOT_SUBMITTED:
            messages.success(request, JOIN_ORG_DONE.format(org=org.name))
            return redirect("portal:requests")
    return render(
        request,
        "portal/join_form.html",
        {"org": org, "form": form, "fallback": fallback, "worker": worker, "tab": "home"},
    )


@worker_required
@require_POST
def join_withdraw_view(request, application_id):
    worker = current_worker(request)
    application = get_object_or_404(worker.join_applications, pk=application_id)
    withdrawn = attempt(request, lambda: join_withdraw(worker=worker, application=application))
    if withdrawn is not NOT_SUBMITTED:
        messages.success(request, JOIN_WITHDRAW_DONE)
    return redirect("portal:requests")


def _card_qr_context(request, member):
    url = ecard.verify_url(request, member)
    return {
        "verify_url": url,
        "qr_svg": ecard.qr_svg(url, scale=4, title="会员电子卡二维码", inline=True),
        "refresh_ms": ecard.REFRESH_AFTER * 1000,
    }


@never_cache
@worker_required
def card(request):
    """会员电子卡: name, union, card number, the honors held and a QR code that expires in 5
    minutes."""
    worker = current_worker(request)
    member = holding_member_of(worker)
    context = {"worker": worker, "member": member, "tab": "me"}
    if member is not None:
        context.update(_card_qr_context(request, member))
        context["honors"] = honors_on_card(
            member_id=member.pk,
            id_number_hash=crypto.stored_hashes(member.id_number_hash, member.id_number_enc),
        )
    return render(request, "portal/card.html", context)


@never_cache
@worker_required
def card_qr(request):
    """A fresh QR block for the card page, fetched before the old token expires."""
    member = holding_member_of(current_worker(request))
    if member is None:
        return HttpResponse(status=404)
    return render(request, "portal/_card_qr.html", _card_qr_context(request, member))


@never_cache
@worker_required
def requests(request):
    """Everything the worker has asked for, with status, dates and the union's reasons."""
    worker = current_worker(request)
    member = holding_member_of(worker)
    context = {
        "applications": worker_applications(worker),
        "member_requests": worker_requests(worker),
        "member": member,
        "can_ask": member is not None and worker_pending_request(worker) is None,
        "tab": "me",
    }
    return render(request, "portal/requests.html", context)


@never_cache
@worker_required
@require_http_methods(["GET", "POST"])
def request_transfer(request):
    """转会申请: choose the new employer's union (search), give the reason."""
    worker = current_worker(request)
    member = holding_member_of(worker)
    if member is None:
        messages.error(request, TRANSFER_NOT_MEMBER)
        return redirect("portal:join")
    form = ReasonForm(request.POST or None)
    q = (request.POST if request.method == "POST" else request.GET).get("q", "").strip()[:60]
    chosen = None
    to_org_id = request.POST.get("to_org", "")
    if request.method == "POST":
        if not to_org_id.isdigit():
            form.add_error(None, PICK_NEW_UNION)
        else:
            chosen = Org.objects.filter(pk=to_org_id).first()
            if chosen is None:
                form.add_error(None, PICK_NEW_UNION)
        requested, _ = submit(form, member_request_transfer, worker=worker, to_org=chosen)
        if requested is not NOT_SUBMITTED:
            messages.success(request, REQUEST_TRANSFER_DONE)
            return redirect("portal:requests")
    results = [o for o in union_search(q=q) if o.pk != member.org_id] if q else []
    if chosen is not None and chosen not in results:
        results.insert(0, chosen)
    context = {
        "form": form,
        "member": member,
        "q": q,
        "results": results,
        "chosen": chosen,
        "tab": "me",
    }
    return render(request, "portal/request_transfer.html", context)


@never_cache
@worker_required
@require_http_methods(["GET", "POST"])
def request_leave(request):
    worker = current_worker(request)
    member = holding_member_of(worker)
    if member is None:
        messages.error(request, LEAVE_NOT_MEMBER)
        return redirect("portal:requests")
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        requested, _ = submit(form, member_request_leave, worker=worker)
        if requested is not NOT_SUBMITTED:
            messages.success(request, REQUEST_LEAVE_DONE)
            return redirect("portal:requests")
    return render(
        request, "portal/request_leave.html", {"form": form, "member": member, "tab": "me"}
    )


@worker_required
@require_POST
def request_withdraw(request, request_id):
    worker = current_worker(request)
    item = get_object_or_404(worker.member_requests, pk=request_id)
    withdrawn = attempt(request, lambda: member_request_withdraw(worker=worker, item=item))
    if withdrawn is not NOT_SUBMITTED:
        messages.success(request, REQUEST_WITHDRAW_DONE)
    return redirect("portal:requests")


urlpatterns = [
    path("join/", join, name="join"),
    path("join/<int:org_id>/", join_org, name="join_org"),
    path(
        "join/applications/<int:application_id>/withdraw/", join_withdraw_view, name="join_withdraw"
    ),
    path("card/", card, name="card"),
    path("card/qr/", card_qr, name="card_qr"),
    path("requests/", requests, name="requests"),
    path("requests/transfer/", request_transfer, name="request_transfer"),
    path("requests/leave/", request_leave, name="request_leave"),
    path("requests/<int:request_id>/withdraw/", request_withdraw, name="request_withdraw"),
]
