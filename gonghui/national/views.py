"""The exchange endpoint (signed by the peer province, no login) and the workbench pages of
cross-province transfers: list, request (from a member), approve, reject."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required, public
from gonghui.accounts.permissions import Perm
from gonghui.core.errors import NotFound
from gonghui.core.forms import NOT_SUBMITTED, attempt, form_action
from gonghui.members.selectors import access_member_by_id
from gonghui.national import selectors
from gonghui.national.forms import CrossTransferForm, RejectForm
from gonghui.national.peers import SIGNATURE_HEADER, PeerError
from gonghui.national.services import (
    CONSENT_TEXT,
    cross_transfer_approve,
    cross_transfer_reject,
    cross_transfer_request,
    exchange_receive,
)

REQUEST_DONE = "跨省转出申请已发出（{ref}），等待转入地工会审批。"
APPROVE_DONE = "已同意跨省转入，会员档案已建立。"
REJECT_DONE = "已拒绝该跨省转入，结果已告知转出地。"
REFUSED = "报文无法验证，已拒收。"


@public
@csrf_exempt
@require_POST
def exchange_view(request):
    """A peer province POSTs one signed message; 200 also for a message handled before."""
    try:
        outcome = exchange_receive(
            body=request.body, signature=request.headers.get(SIGNATURE_HEADER, "")
        )
    except PeerError:
        return JsonResponse({"error": REFUSED}, status=403)
    return JsonResponse({"status": outcome})


@permission_required(Perm.NATIONAL_TRANSFER)
def transfer_list_view(request):
    return render(
        request,
        "national/transfers.html",
        {
            "received": selectors.received(request.user)[:100],
            "sent": selectors.sent(request.user)[:100],
            "reject_form": RejectForm(),
        },
    )


@permission_required(Perm.NATIONAL_TRANSFER)
@require_http_methods(["GET", "POST"])
def transfer_request_view(request, member_id):
    member = access_member_by_id(request.user, member_id)
    form = CrossTransferForm(request.POST or None)
    page = {"form": form, "member": member, "consent_text": CONSENT_TEXT}
    if request.method == "GET":
        return render(request, "national/request.html", page)
    return form_action(
        request,
        form,
        lambda data: cross_transfer_request(
            actor=request.user,
            member_id=member.pk,
            to_province=data["to_province"],
            to_org_code=data["to_org_code"],
            consent_by=data["consent_by"] if data["consent"] else "",
        ),
        invalid=lambda status: render(request, "national/request.html", page, status=status),
        done=lambda transfer: REQUEST_DONE.format(ref=transfer.ref),
        then=redirect("national:transfers"),
    )


def _found(service, user, transfer_id, **kwargs):
    """The service call for `attempt`, which shows refusals as messages; NotFound propagates."""

    def call():
        try:
            return service(actor=user, transfer_id=transfer_id, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from None

    return call


@permission_required(Perm.NATIONAL_TRANSFER)
@require_POST
def transfer_approve_view(request, transfer_id):
    # A missing or foreign id is the 404 of the error middleware, not a message (issue 11).
    result = attempt(request, _found(cross_transfer_approve, request.user, transfer_id))
    if result is not NOT_SUBMITTED:
        messages.success(request, APPROVE_DONE)
    return redirect("national:transfers")


@permission_required(Perm.NATIONAL_TRANSFER)
@require_POST
def transfer_reject_view(request, transfer_id):
    form = RejectForm(request.POST)
    note = form.data.get("note", "")
    result = attempt(request, _found(cross_transfer_reject, request.user, transfer_id, note=note))
    if result is not NOT_SUBMITTED:
        messages.success(request, REJECT_DONE)
    return redirect("national:transfers")
