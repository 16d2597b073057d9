"""Workbench pages of notices: list (search, status), create, edit, withdraw (confirm)."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.forms import NOT_SUBMITTED, attempt, form_action
from gonghui.notices.forms import NoticeFilterForm, NoticeForm
from gonghui.notices.models import NoticeStatus
from gonghui.notices.selectors import access_notice_by_id, notice_list
from gonghui.notices.services import notice_create, notice_update, notice_withdraw

NOTICE_CREATE_DONE = "通知「{title}」已保存。"
NOTICE_EDIT_DONE = "通知已修改。"
NOTICE_WITHDRAW_DONE = "通知「{title}」已撤回，职工端不再显示。"


@permission_required(Perm.NOTICE_VIEW)
def notice_list_view(request):
    form = NoticeFilterForm(request.GET)
    form.is_valid()  # invalid filters are dropped, the valid ones kept
    filters = form.cleaned_data
    notices = notice_list(
        user=request.user, q=filters.get("q", ""), status=filters.get("status", "")
    )
    page = Paginator(notices, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for notice in page:
        notice.live = (
            notice.status == NoticeStatus.PUBLISHED
            and notice.publish_from <= now
            and (notice.publish_until is None or notice.publish_until > now)
        )
    return render(request, "notices/list.html", {"form": form, "page_obj": page})


@permission_required(Perm.NOTICE_VIEW)
def notice_detail(request, notice_id):
    notice = access_notice_by_id(request.user, notice_id)
    return render(request, "notices/detail.html", {"notice": notice})


@permission_required(Perm.NOTICE_MANAGE)
@require_http_methods(["GET", "POST"])
def notice_create_view(request):
    form = NoticeForm(request.POST or None, user=request.user, publisher=request.user.org)
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: notice_create(actor=request.user, **data),
            invalid=lambda status: render(
                request, "notices/form.html", {"form": form}, status=status
            ),
            done=lambda notice: NOTICE_CREATE_DONE.format(title=notice.title),
            then=lambda notice: redirect("notices:detail", notice_id=notice.pk),
        )
    return render(request, "notices/form.html", {"form": form})


@permission_required(Perm.NOTICE_MANAGE)
@require_http_methods(["GET", "POST"])
def notice_edit(request, notice_id):
    notice = access_notice_by_id(request.user, notice_id)
    initial = {
        "title": notice.title,
        "body": notice.body,
        "target": notice.target_id,
        "publish_from": timezone.localtime(notice.publish_from),
        "publish_until": notice.publish_until and timezone.localtime(notice.publish_until),
        "status": notice.status if notice.status == NoticeStatus.DRAFT else NoticeStatus.PUBLISHED,
    }
    form = NoticeForm(
        request.POST or None, user=request.user, publisher=notice.publisher, initial=initial
    )
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: notice_update(actor=request.user, notice=notice, **data),
            invalid=lambda status: render(
                request, "notices/form.html", {"form": form, "notice": notice}, status=status
            ),
            done=NOTICE_EDIT_DONE,
            then=redirect("notices:detail", notice_id=notice.pk),
        )
    return render(request, "notices/form.html", {"form": form, "notice": notice})


@permission_required(Perm.NOTICE_MANAGE)
@require_http_methods(["GET", "POST"])
def notice_withdraw_view(request, notice_id):
    notice = access_notice_by_id(request.user, notice_id)
    if request.method == "POST":
        done = attempt(request, lambda: notice_withdraw(actor=request.user, notice=notice))
        if done is not NOT_SUBMITTED:
            messages.success(request, NOTICE_WITHDRAW_DONE.format(title=notice.title))
        return redirect("notices:detail", notice_id=notice.pk)
    return render(request, "notices/withdraw.html", {"notice": notice})
