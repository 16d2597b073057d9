"""Workbench pages for what workers ask on the portal: join applications (approve, reject, bulk
approve), members' transfer/leave requests, the unions' 码上入会 QR codes, and the e-card
verification page."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core import crypto
from gonghui.core.filters import StatusTabs
from gonghui.core.forms import NOT_SUBMITTED, attempt
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.portal import ecard
from gonghui.portal.models import RequestStatus
from gonghui.portal.selectors import (
    access_application_by_id,
    access_member_request_by_id,
    access_qr_union_by_id,
    application_list,
    member_request_list,
    qr_union_list,
)
from gonghui.portal.services.joining import (
    card_verify,
    join_approve,
    join_bulk_approve,
    join_reject,
    member_request_approve_leave,
    member_request_forward,
    member_request_reject,
)

APPLICATION_APPROVE_DONE = "已同意「{worker}」入会，会员卡号 {card_number}。"
APPLICATION_REJECT_DONE = "已退回「{worker}」的入会申请。"
BULK_NONE_CHOSEN = "请先勾选要批量通过的入会申请。"
MEMBER_REQUEST_FORWARD_DONE = "已同意转出，转会申请已转交「{to_org}」在转会审批中办理。"
MEMBER_REQUEST_APPROVE_DONE = "已为「{member}」办理退会。"
MEMBER_REQUEST_REJECT_DONE = "已退回「{member}」的{kind}申请。"


def _page(request, queryset):
    return Paginator(queryset, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))


def _back(request, default: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


def _mask_applicant(application) -> None:
    """The applicant's ID number and phone, masked for the page (never shown in full here)."""
    worker = application.worker
    application.id_number_masked = (
        mask_id_number(crypto.decrypt(worker.id_number_enc)) if worker.id_number_enc else ""
    )
    application.phone_masked = mask_phone(crypto.decrypt(worker.phone_enc))


@permission_required(Perm.MEMBER_ADD)
def applications(request):
    tabs = StatusTabs(
        request.GET, application_list(user=request.user, status=""), default=RequestStatus.PENDING
    )
    page_obj = _page(request, tabs.qs)
    for application in page_obj.object_list:
        _mask_applicant(application)
    return render(
        request,
        "portal/workbench/applications.html",
        {"page_obj": page_obj, "status": tabs.tab, "statuses": RequestStatus.choices},
    )


@permission_required(Perm.MEMBER_ADD)
def application_detail(request, application_id):
    application = access_application_by_id(request.user, application_id)
    _mask_applicant(application)
    return render(request, "portal/workbench/application_detail.html", {"application": application})


@permission_required(Perm.MEMBER_ADD)
@require_POST
def application_approve(request, application_id):
    application = access_application_by_id(request.user, application_id)
    approved = attempt(request, lambda: join_approve(actor=request.user, application=application))
    if approved is not NOT_SUBMITTED:
        messages.success(
            request,
            APPLICATION_APPROVE_DONE.format(
                worker=approved.worker.name, card_number=approved.member.card_number
            ),
        )
    return _back(request, "portal_admin:applications")


@permission_required(Perm.MEMBER_ADD)
@require_POST
def application_reject(request, application_id):
    application = access_application_by_id(request.user, application_id)
    reason = request.POST.get("reason", "")
    rejected = attempt(
        request, lambda: join_reject(actor=request.user, application=application, reason=reason)
    )
    if rejected is not NOT_SUBMITTED:
        messages.success(request, APPLICATION_REJECT_DONE.format(worker=application.worker.name))
    return _back(request, "portal_admin:applications")


@permission_required(Perm.MEMBER_ADD)
@require_POST
def applications_bulk_approve(request):
    """集体登记: approve the ticked rows; the result page tells, row by row, what failed and why."""
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
    if not ids:
        messages.error(request, BULK_NONE_CHOSEN)
        return _back(request, "portal_admin:applications")
    rows = join_bulk_approve(actor=request.user, application_ids=ids)
    return render(
        request,
        "portal/workbench/bulk_result.html",
        {
            "rows": rows,
            "ok": sum(1 for r in rows if not r.error),
            "failed": sum(1 for r in rows if r.error),
        },
    )


# --- member requests -----------------------------------------------------------------------------


@permission_required(Perm.MEMBER_CHANGE)
def member_requests(request):
    tabs = StatusTabs(
        request.GET,
        member_request_list(user=request.user, status=""),
        default=RequestStatus.PENDING,
    )
    page_obj = _page(request, tabs.qs)
    return render(
        request,
        "portal/workbench/member_requests.html",
        {"page_obj": page_obj, "status": tabs.tab, "statuses": RequestStatus.choices},
    )


@permission_required(Perm.MEMBER_TRANSFER)
@require_POST
def member_request_forward_view(request, request_id):
    item = access_member_request_by_id(request.user, request_id)
    forwarded = attempt(request, lambda: member_request_forward(actor=request.user, item=item))
    if forwarded is not NOT_SUBMITTED:
        messages.success(request, MEMBER_REQUEST_FORWARD_DONE.format(to_org=item.to_org.name))
    return _back(request, "portal_admin:member_requests")


@permission_required(Perm.MEMBER_CHANGE)
@require_POST
def member_request_approve_view(request, request_id):
    item = access_member_request_by_id(request.user, request_id)
    note = request.POST.get("note", "")
    approved = attempt(
        request, lambda: member_request_approve_leave(actor=request.user, item=item, note=note)
    )
    if approved is not NOT_SUBMITTED:
        messages.success(request, MEMBER_REQUEST_APPROVE_DONE.format(member=item.member.name))
    return _back(request, "portal_admin:member_requests")


@permission_required(Perm.MEMBER_CHANGE)
@require_POST
def member_request_reject_view(request, request_id):
    item = access_member_request_by_id(request.user, request_id)
    note = request.POST.get("note", "")
    rejected = attempt(
        request, lambda: member_request_reject(actor=request.user, item=item, note=note)
    )
    if rejected is not NOT_SUBMITTED:
        messages.success(
            request,
            MEMBER_REQUEST_REJECT_DONE.format(
                member=item.member.name, kind=item.get_kind_display()
            ),
        )
    return _back(request, "portal_admin:member_requests")


# --- 码上入会 ------------------------------------------------------------------------------------


@permission_required(Perm.MEMBER_ADD)
def qr_unions(request):
    q = request.GET.get("q", "").strip()[:60]
    page_obj = _page(request, qr_union_list(user=request.user, q=q))
    return render(request, "portal/workbench/qr_unions.html", {"page_obj": page_obj, "q": q})


@permission_required(Perm.MEMBER_ADD)
def qr_svg_view(request, org_id):
    org = access_qr_union_by_id(request.user, org_id)
    svg = ecard.qr_svg(ecard.join_url(request, org), scale=8, title=f"{org.name} 扫码申请入会")
    response = HttpResponse(
        '<?xml version="1.0" encoding="utf-8"?>\n' + svg, content_type="image/svg+xml"
    )
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="join-qr-{org.pk}.svg"'
    return response


@permission_required(Perm.MEMBER_ADD)
def qr_png_view(request, org_id):
    org = access_qr_union_by_id(request.user, org_id)
    response = HttpResponse(ecard.qr_png(ecard.join_url(request, org)), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="join-qr-{org.pk}.png"'
    return response


@permission_required(Perm.MEMBER_ADD)
def qr_poster(request, org_id):
    org = access_qr_union_by_id(request.user, org_id)
    url = ecard.join_url(request, org)
    return render(
        request,
        "portal/workbench/qr_poster.html",
        {
            "org": org,
            "join_url": url,
            "qr_svg": ecard.qr_svg(url, scale=10, title=org.name, inline=True),
        },
    )


# --- e-card verification -------------------------------------------------------------------------


@never_cache
@permission_required(Perm.MEMBER_VIEW)
def verify(request):
    """Open from a scanned e-card QR code: valid, expired, tampered or no longer a member."""
    token = request.GET.get("t", "")
    check = card_verify(actor=request.user, token=token) if token else None
    return render(request, "portal/workbench/verify.html", {"check": check})
