from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.notifications.filters import NotificationFilter
from gonghui.notifications.selectors import notification_list
from gonghui.notifications.services import notification_mark_all_read, notification_mark_read


@permission_required(Perm.ORG_VIEW)
def notification_index(request):
    rows = NotificationFilter(request.GET, queryset=notification_list(user=request.user))
    page_obj = Paginator(rows.qs, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page_obj, "only_unread": rows.only_unread_shown},
    )


@require_POST
@permission_required(Perm.ORG_VIEW)
def notification_read(request, pk: int):
    """Mark read; with `open`, go on to the case (a local link only)."""
    notification = notification_mark_read(user=request.user, notification_id=pk)
    target = notification.link if request.POST.get("open") else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
@permission_required(Perm.ORG_VIEW)
def notification_read_all(request):
    n = notification_mark_all_read(user=request.user)
    messages.success(request, f"已将 {n} 条通知标为已读。" if n else "没有未读通知。")
    return redirect("notifications:list")
