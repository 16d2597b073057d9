"""我的工单: the cases held by the user's union and below, with the supervision queues."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.hotline.codes import OPEN_STATUSES
from gonghui.hotline.forms import QueueFilterForm
from gonghui.hotline.selectors import case_list, due_within_one_working_day, overdue
from gonghui.orgs.selectors import access_org_by_id

PAGE_SIZE = 20


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _mark_deadlines(cases, now=None):
    """Each case gets `overdue` (open and past its deadline) for the red rows."""
    now = now or timezone.now()
    for case in cases:
        case.overdue = case.is_overdue(now)
    return cases


QUEUE_TITLES = {"": "我的工单", "soon": "一个工作日内到期", "overdue": "已超期"}


@permission_required(Perm.HOTLINE_VIEW)
def queue(request):
    """The cases held by the user's union and those below it, with the two supervision
    queues: due within one working day, and overdue (red)."""
    form = QueueFilterForm(request.GET)
    form.is_valid()
    filters = form.cleaned_data
    due = filters.get("due", "")
    now = timezone.now()
    if due == "soon":
        cases = due_within_one_working_day(user=request.user, now=now)
    elif due == "overdue":
        cases = overdue(user=request.user, now=now)
    else:
        cases = case_list(user=request.user).order_by("deadline", "id")
        if not filters.get("status"):
            cases = cases.filter(status__in=OPEN_STATUSES)
    if filters.get("status"):
        cases = cases.filter(status=filters["status"])
    # An upper union looks at one union below it (and that union's own subtree).
    org = access_org_by_id(request.user, filters["org"]) if filters.get("org") else None
    if org is not None:
        cases = cases.filter(holder__path__startswith=org.path)
    page_obj = _page(request, cases)
    _mark_deadlines(page_obj.object_list, now)
    return render(
        request,
        "hotline/queue.html",
        {
            "form": form,
            "due": due,
            "title": QUEUE_TITLES.get(due, "我的工单"),
            "page_obj": page_obj,
            "now": now,
            "scope": org or request.user.org,
            "org": org,
        },
    )
