"""The portal home: the 8 icons, then 我的事项, 通知公告 and 附近的驿站 (`portal.home_items`);
and the worker's notices (list and page)."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from gonghui.accounts.decorators import public
from gonghui.competitions.quiz.selectors import quizzes_to_take
from gonghui.core.forms import CleanTextForm
from gonghui.notices.selectors import notices_for_union, visible_notice
from gonghui.portal.auth import current_worker
from gonghui.portal.home_items import (
    HomeItems,
    county_centre,
    home_notices,
    nearby_from,
    nearby_from_county,
    worker_home_items,
    worker_union,
)

NOTICE_PAGE_SIZE = 20
HOME_QUIZZES = 3


def home_quizzes(items: HomeItems) -> list:
    """网上练兵 a member can take now (his union chain's), with his tries left: one query."""
    if items.member is None or items.union is None:
        return []
    return quizzes_to_take(
        member_id=items.member.pk,
        union_path=items.union.path,
        at=timezone.now(),
        limit=HOME_QUIZZES,
    )


class PositionForm(CleanTextForm):
    lat = forms.FloatField(min_value=-90, max_value=90)
    lng = forms.FloatField(min_value=-180, max_value=180)


@public
def home(request):
    worker = current_worker(request)
    items = worker_home_items(worker) if worker is not None else HomeItems()
    county = county_centre(items.union)
    context = {
        "worker": worker,
        "items": items,
        "notices": home_notices(items.union),
        "quizzes": home_quizzes(items),
        "county": county,
        "nearby": nearby_from_county(county),
        "tab": "home",
    }
    return render(request, "portal/home.html", context)


@public
def home_nearby(request):
    """附近的驿站 from the browser's position: the home's section as an HTML fragment."""
    form = PositionForm(request.GET)
    if not form.is_valid():
        return render(
            request, "portal/_home_nearby.html", {"nearby": [], "bad_position": True}, status=400
        )
    nearby = nearby_from(form.cleaned_data["lat"], form.cleaned_data["lng"])
    return render(request, "portal/_home_nearby.html", {"nearby": nearby, "located": True})


@public
def notice_list(request):
    union = worker_union(current_worker(request))
    page_obj = Paginator(notices_for_union(union), NOTICE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/notices.html", {"page_obj": page_obj, "tab": "home"})


@public
def notice_detail(request, notice_id):
    notice = visible_notice(worker_union(current_worker(request)), notice_id)
    return render(request, "portal/notice.html", {"notice": notice, "tab": "home"})


urlpatterns = [
    path("", home, name="home"),
    path("nearby/", home_nearby, name="home_nearby"),
    path("notices/", notice_list, name="notices"),
    path("notices/<int:notice_id>/", notice_detail, name="notice"),
]
