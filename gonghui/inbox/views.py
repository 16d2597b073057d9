"""Workbench pages of the 待办 inbox: the landing after login, the inbox, one kind's full list,
clearing a dismissable item, and who is behind in a supervisor's subtree."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.errors import NotFound
from gonghui.core.menu import landing_url_name
from gonghui.inbox.kinds import kind_of
from gonghui.inbox.selectors import (
    behind_by_child,
    inbox_groups,
    kind_items,
    mark_states,
    overdue_at,
)
from gonghui.inbox.services import dismiss
from gonghui.orgs.selectors import access_org_by_id, scope_root

KIND_NOT_FOUND = "没有这类待办。"
DISMISSED = "已清除该待办事项。"


@permission_required(Perm.INBOX_VIEW)
def inbox_start(request):
    """Where a staff user lands after logging in: the landing page of their role (the 12351
    agent's 坐席工作台), else the inbox."""
    roles = set(request.user.groups.values_list("name", flat=True))
    return redirect(landing_url_name(roles))


@permission_required(Perm.INBOX_VIEW)
def inbox_home(request):
    groups = inbox_groups(request.user)
    total = sum(group.total for group in groups)
    request._inbox_count = total  # the badge needs no second count
    return render(
        request,
        "inbox/home.html",
        {
            "groups": groups,
            "total": total,
            "overdue": sum(group.overdue for group in groups),
            "soon": sum(group.soon for group in groups),
            "can_supervise": request.user.has_perm(Perm.INBOX_SUPERVISE)
            and request.user.org_id is not None,
        },
    )


@permission_required(Perm.INBOX_VIEW)
def inbox_kind(request, key: str):
    kind = kind_of(key)
    if kind is None:
        raise NotFound(KIND_NOT_FOUND)
    page = Paginator(kind_items(request.user, kind), settings.MEMBERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    mark_states(page)
    return render(request, "inbox/kind.html", {"kind": kind, "page_obj": page})


@require_POST
@permission_required(Perm.INBOX_VIEW)
def inbox_dismiss(request, pk: int):
    dismiss(user=request.user, item_id=pk)
    messages.success(request, DISMISSED)
    return redirect("inbox:home")


@permission_required(Perm.INBOX_SUPERVISE)
def inbox_behind(request, org_id: int | None = None):
    """Overdue items per child org of `org` (the user's own by default): who is behind."""
    org = scope_root(request.user) if org_id is None else access_org_by_id(request.user, org_id)
    if org is None:
        raise NotFound(KIND_NOT_FOUND)
    rows = behind_by_child(request.user, org)
    own = Paginator(overdue_at(request.user, org), settings.MEMBERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    mark_states(own)
    return render(
        request,
        "inbox/behind.html",
        {"org": org, "rows": rows, "page_obj": own, "at_top": org_id is None},
    )
