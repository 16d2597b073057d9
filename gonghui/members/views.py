from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.filters import StatusTabs
from gonghui.core.forms import NOT_SUBMITTED, attempt, submit, submit_with
from gonghui.core.masking import mask_name
from gonghui.core.paging import CachedCountPaginator
from gonghui.members.codes import ChangeReason
from gonghui.members.exports import member_export_csv, member_export_xlsx
from gonghui.members.forms import (
    RECORD_FIELDS,
    MemberCreateForm,
    MemberEditForm,
    MemberFilterForm,
    StatusChangeForm,
    TransferDecisionForm,
    TransferInForm,
    TransferRequestForm,
)
from gonghui.members.models import TransferSide, TransferStatus
from gonghui.members.record_panels import panels_for
from gonghui.members.selectors import (
    access_member_by_id,
    access_transfer_by_id,
    member_for_transfer_in,
    member_history,
    member_list,
    member_view_trail,
    phone_shared_warning,
    transfer_list,
)
from gonghui.members.services import (
    TRANSFER_OWN_REQUEST,
    member_create,
    member_expel,
    member_leave,
    member_retain,
    member_unmask,
    member_update,
    transfer_approve,
    transfer_cancel,
    transfer_reject,
    transfer_request,
)
from gonghui.orgs.selectors import access_org_by_id, org_in_scope

MEMBER_CREATE_DONE = "已为「{member}」办理入会，会员卡号 {card_number}。"
MEMBER_EDIT_DONE = "会员信息已保存。"
MEMBER_TRANSFER_DONE = "已提交「{member}」的转会申请，等待转入工会审批。"
TRANSFER_IN_DONE = "已提交「{member}」的转入申请，等待「{org}」审批。"
TRANSFER_CANCEL_DONE = "已撤回「{member}」的转会申请。"


def _page(request, queryset):
    return Paginator(queryset, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))


def _list_page(request, queryset):
    """The member list's page: a long list's count is a minute old at most (the page says so)."""
    paginator = CachedCountPaginator(queryset, settings.MEMBERS_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def _filtered_members(request):
    form = MemberFilterForm(request.GET)
    form.is_valid()  # invalid filters are dropped, the valid ones kept
    filters = form.cleaned_data
    org = access_org_by_id(request.user, filters["org"]) if filters.get("org") else None
    members = member_list(
        user=request.user,
        q=filters.get("q", ""),
        org_id=org.pk if org else None,
        category=filters.get("category", ""),
        status=filters.get("status", ""),
    )
    return form, org, members


@permission_required(Perm.MEMBER_VIEW)
def member_list_view(request):
    form, org, members = _filtered_members(request)
    return render(
        request,
        "members/list.html",
        {
            "form": form,
            "org": org,
            "page_obj": _list_page(request, members),
        },
    )


@permission_required(Perm.MEMBER_VIEW)
def member_export(request):
    """The filtered list in the import template, as XLSX or (`?format=csv`) streamed CSV: masked,
    or in full with the grant and `?full=1` (audited)."""
    form, org, members = _filtered_members(request)
    filters = {k: str(v) for k, v in form.cleaned_data.items() if v}
    full = request.GET.get("full") == "1"
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if request.GET.get("format") == "csv":
        lines = member_export_csv(actor=request.user, members=members, filters=filters, full=full)
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"会员名单-{stamp}.csv")
        return response
    out = member_export_xlsx(actor=request.user, members=members, filters=filters, full=full)
    return FileResponse(out, as_attachment=True, filename=f"会员名单-{stamp}.xlsx")


def _detail_context(request, member, **extra):
    return {
        "member": member,
        "history": member_history(member),
        "pending": transfer_list(user=request.user).filter(member=member).first(),
        "trail": member_view_trail(user=request.user, member=member),
        "panels": panels_for(member, request.user),
        **extra,
    }


@permission_required(Perm.MEMBER_VIEW)
def member_detail(request, member_id):
    member = access_member_by_id(request.user, member_id)
    return render(request, "members/detail.html", _detail_context(request, member))


@never_cache
@permission_required(Perm.MEMBER_PII)
@require_POST
def member_unmask_view(request, member_id):
    """Show the full ID number and phone once, on request; the service audits it."""
    member = access_member_by_id(request.user, member_id)
    pii = member_unmask(actor=request.user, member=member)
    if request.htmx:
        return render(request, "members/_pii.html", {"member": member, "pii": pii})
    return render(request, "members/detail.html", _detail_context(request, member, pii=pii))


def _warn_shared_phone(request, member) -> None:
    warning = phone_shared_warning(user=request.user, member=member)
    if warning:
        messages.warning(request, warning)


@permission_required(Perm.MEMBER_ADD)
@require_http_methods(["GET", "POST"])
def member_create_view(request):
    initial = {}
    if request.GET.get("org", "").isdigit():
        initial["org"] = request.GET["org"]
    form = MemberCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        member, _ = submit(form, member_create, actor=request.user)
        if member is not NOT_SUBMITTED:
            messages.success(
                request,
                MEMBER_CREATE_DONE.format(member=member.name, card_number=member.card_number),
            )
            _warn_shared_phone(request, member)
            return redirect("members:detail", member_id=member.pk)
    return render(request, "members/form.html", {"form": form})


@permission_required(Perm.MEMBER_CHANGE)
@require_http_methods(["GET", "POST"])
def member_edit(request, member_id):
    member = access_member_by_id(request.user, member_id)
    # The full ID number and phone are never put into the form: only a new value is typed.
    initial = {name: getattr(member, name) for name in RECORD_FIELDS}
    form = MemberEditForm(request.POST or None, initial=initial)
    if request.method == "POST":
        old_phone_hash = member.phone_hash
        updated, _ = submit_with(
            form,
            lambda data: member_update(
                actor=request.user,
                member=member,
                # An empty ID number or phone keeps the one on file.
                **{k: v for k, v in data.items() if v or k not in ("id_number", "phone")},
            ),
        )
        if updated is not NOT_SUBMITTED:
            messages.success(request, MEMBER_EDIT_DONE)
            if updated.phone_hash != old_phone_hash:
                _warn_shared_phone(request, updated)
            return redirect("members:detail", member_id=updated.pk)
    return render(request, "members/form.html", {"form": form, "member": member})


def _status_change(request, member_id, *, service, title, initial_reason, done):
    member = access_member_by_id(request.user, member_id)
    form = StatusChangeForm(request.POST or None, initial={"reason": initial_reason})
    if request.method == "POST":
        changed, _ = submit(form, service, actor=request.user, member=member)
        if changed is not NOT_SUBMITTED:
            messages.success(request, done.format(name=member.name))
            return redirect("members:detail", member_id=member.pk)
    return render(
        request, "members/status_change.html", {"form": form, "member": member, "title": title}
    )


@permission_required(Perm.MEMBER_CHANGE)
@require_http_methods(["GET", "POST"])
def member_retain_view(request, member_id):
    return _status_change(
        request,
        member_id,
        service=member_retain,
        title="保留会籍",
        initial_reason=ChangeReason.UNEMPLOYED,
        done="已为「{name}」办理保留会籍。",
    )


@permission_required(Perm.MEMBER_CHANGE)
@require_http_methods(["GET", "POST"])
def member_leave_view(request, member_id):
    return _status_change(
        request,
        member_id,
        service=member_leave,
        title="退会",
        initial_reason=ChangeReason.PERSONAL,
        done="已为「{name}」办理退会。",
    )


@permission_required(Perm.MEMBER_CHANGE)
@require_http_methods(["GET", "POST"])
def member_expel_view(request, member_id):
    return _status_change(
        request,
        member_id,
        service=member_expel,
        title="除名",
        initial_reason=ChangeReason.CRIME,
        done="已将「{name}」除名。",
    )


@permission_required(Perm.MEMBER_TRANSFER)
@require_http_methods(["GET", "POST"])
def member_transfer(request, member_id):
    """转会 request from the member's page: pick the receiving union (a search box), submit."""
    member = access_member_by_id(request.user, member_id)
    form = TransferRequestForm(request.POST or None, user=request.user, member=member)
    if request.method == "POST":
        requested, _ = submit(form, transfer_request, actor=request.user, member=member)
        if requested is not NOT_SUBMITTED:
            messages.success(request, MEMBER_TRANSFER_DONE.format(member=member.name))
            return redirect("members:detail", member_id=member.pk)
    return render(request, "members/transfer_form.html", {"member": member, "form": form})


def _transfer_in(actor, *, id_number: str, name: str, **fields):
    member = member_for_transfer_in(id_number=id_number, name=name)
    return transfer_request(actor=actor, member=member, **fields)


@permission_required(Perm.MEMBER_TRANSFER)
@require_http_methods(["GET", "POST"])
def transfer_in(request):
    """转入方申请: the receiving union names the person (name + ID number) and asks for them."""
    form = TransferInForm(request.POST or None, user=request.user)
    if request.method == "POST":
        transfer, _ = submit_with(form, lambda data: _transfer_in(request.user, **data))
        if transfer is not NOT_SUBMITTED:
            member = transfer.member
            messages.success(
                request,
                TRANSFER_IN_DONE.format(member=mask_name(member.name), org=member.org.name),
            )
            return redirect("members:transfers")
    return render(request, "members/transfer_in.html", {"form": form})


def _annotate_sides(user, transfers):
    """Which side must approve each transfer, and what the user may do with it."""
    for t in transfers:
        out_started = t.initiated_by == TransferSide.OUT
        t.deciding_org = t.to_org if out_started else t.from_org
        t.deciding_side = TransferSide.IN.label if out_started else TransferSide.OUT.label
        # The services' rule (members.selectors._must_decide): never the account that asked.
        t.user_decides = t.user_must_decide
        t.user_asked = t.requested_by_id == user.pk
        t.own_request_note = TRANSFER_OWN_REQUEST.format(org=t.deciding_org.name)
        t.user_initiated = org_in_scope(user, t.from_org if out_started else t.to_org)
        # The member's union is one of the two sides (already loaded): no query per row.
        member_org = {t.from_org_id: t.from_org, t.to_org_id: t.to_org}.get(t.member.org_id)
        t.member_visible = member_org is not None and org_in_scope(user, member_org)
        t.member_label = t.member.name if t.member_visible else mask_name(t.member.name)
    return transfers


@permission_required(Perm.MEMBER_TRANSFER)
def transfers(request):
    tabs = StatusTabs(
        request.GET, transfer_list(user=request.user, status=""), default=TransferStatus.PENDING
    )
    page_obj = _page(request, tabs.qs)
    _annotate_sides(request.user, page_obj.object_list)
    return render(
        request,
        "members/transfers.html",
        {
            "page_obj": page_obj,
            "status": tabs.tab,
            "statuses": TransferStatus.choices,
        },
    )


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(reverse("members:transfers"))


def _decide(request, transfer_id, *, service, done):
    transfer = access_transfer_by_id(request.user, transfer_id)
    form = TransferDecisionForm(request.POST)
    form.is_valid()
    decided = attempt(
        request, lambda: service(actor=request.user, transfer=transfer, **form.cleaned_data)
    )
    if decided is not NOT_SUBMITTED:
        messages.success(request, done.format(name=transfer.member.name, to=transfer.to_org.name))
    return _back(request)


@permission_required(Perm.MEMBER_TRANSFER)
@require_POST
def transfer_approve_view(request, transfer_id):
    return _decide(
        request, transfer_id, service=transfer_approve, done="已同意转会：「{name}」已转入{to}。"
    )


@permission_required(Perm.MEMBER_TRANSFER)
@require_POST
def transfer_reject_view(request, transfer_id):
    return _decide(request, transfer_id, service=transfer_reject, done="已拒绝该转会申请。")


@permission_required(Perm.MEMBER_TRANSFER)
@require_POST
def transfer_cancel_view(request, transfer_id):
    transfer = access_transfer_by_id(request.user, transfer_id)
    cancelled = attempt(request, lambda: transfer_cancel(actor=request.user, transfer=transfer))
    if cancelled is not NOT_SUBMITTED:
        messages.success(request, TRANSFER_CANCEL_DONE.format(member=transfer.member.name))
    return _back(request)
