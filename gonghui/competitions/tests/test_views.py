"""Workbench pages: list scope, create, transition with confirmation, entering a member, a
result, and the member's record panel."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.competitions.contests.services import entry_add_member, entry_record_result
from gonghui.competitions.models import Competition, ContestStatus, Entry
from gonghui.competitions.tests.conftest import advance
from gonghui.conftest import login as _login

pytestmark = pytest.mark.django_db


def login(client, user):
    return _login(user)


def test_list_shows_own_and_published_above_not_siblings(client, make_contest, staff):
    make_contest(name="省级竞赛")
    make_contest(name="省级草稿", status=ContestStatus.DRAFT)
    make_contest(actor=staff.county_admin, name="城关竞赛")
    make_contest(actor=staff.sibling_admin, name="七里河竞赛")
    page = (
        (client := login(client, staff.county_admin))
        .get(reverse("competitions:list"))
        .content.decode()
    )
    assert "省级竞赛" in page and "城关竞赛" in page
    assert "省级草稿" not in page and "七里河竞赛" not in page
    filtered = client.get(reverse("competitions:list"), {"q": "城关"}).content.decode()
    assert "城关竞赛" in filtered and "省级竞赛" not in filtered


def test_a_sibling_contest_answers_as_missing(client, make_contest, staff):
    contest = make_contest(actor=staff.sibling_admin)
    response = (client := login(client, staff.county_admin)).get(
        reverse("competitions:detail", args=[contest.pk])
    )
    assert response.status_code == 404


def test_create_a_qualifier_on_the_page(client, make_contest, staff, tree):
    final = make_contest(name="省赛")
    today = timezone.localdate().isoformat()
    response = (client := login(client, staff.city_admin)).post(
        reverse("competitions:create"),
        {
            "name": "兰州选拔赛",
            "host": tree.lanzhou.pk,
            "parent": final.pk,
            "kind": "skill",
            "contest_class": "2",
            "trades": "焊工、电工",
            "starts_on": today,
            "ends_on": today,
        },
    )
    qualifier = Competition.objects.get(name="兰州选拔赛")
    assert response.status_code == 302
    assert (qualifier.parent, qualifier.level, qualifier.trades) == (
        final,
        "city",
        ["焊工", "电工"],
    )


def test_a_transition_asks_for_confirmation(client, make_contest, staff):
    contest = make_contest(status=ContestStatus.DRAFT)
    url = reverse("competitions:transition", args=[contest.pk, "published"])
    page = (client := login(client, staff.sysadmin)).get(url)
    assert "确认发布" in page.content.decode()
    contest.refresh_from_db()
    assert contest.status == ContestStatus.DRAFT
    client.post(url)
    contest.refresh_from_db()
    assert contest.status == ContestStatus.PUBLISHED


def test_a_lower_union_cannot_open_the_edit_page(client, make_contest, staff):
    contest = make_contest()
    response = (client := login(client, staff.city_admin)).get(
        reverse("competitions:edit", args=[contest.pk])
    )
    assert response.status_code == 404


def test_enter_a_member_on_the_page_and_refusal_shown(
    client, make_contest, make_member, staff, tree
):
    contest = make_contest()
    member = make_member(tree.base_a, name="李焊")
    url = reverse("competitions:enter", args=[contest.pk, "member"])
    client = login(client, staff.county_admin)
    assert client.post(url, {"member": member.pk, "trade": "焊工"}).status_code == 302
    again = client.post(url, {"member": member.pk, "trade": "焊工"})
    assert "李焊已报名参加该竞赛" in again.content.decode()
    assert Entry.objects.count() == 1


def test_result_on_the_page_and_title_on_the_member_record(
    client, make_contest, make_member, staff, tree
):
    contest = make_contest(name="全省焊工大赛")
    member = make_member(tree.base_a, name="李焊")
    entry = entry_add_member(actor=staff.county_admin, contest=contest, member=member, trade="焊工")
    advance(contest, ContestStatus.JUDGING, actor=staff.sysadmin)
    url = reverse("competitions:entry_result", args=[contest.pk, entry.pk])
    response = (client := login(client, staff.sysadmin)).post(
        url, {"score": "96", "rank": "1", "prize": "1", "title": "expert", "promoted_to": ""}
    )
    assert response.status_code == 302
    record = (client := login(client, staff.county_admin)).get(
        reverse("members:detail", args=[member.pk])
    )
    page = record.content.decode()
    assert "竞赛成绩与称号" in page and "全省焊工大赛" in page and "技术能手" in page


def test_no_panel_for_a_member_without_entries(client, make_member, staff, tree):
    member = make_member(tree.base_a)
    page = (client := login(client, staff.county_admin)).get(
        reverse("members:detail", args=[member.pk])
    )
    assert "竞赛成绩与称号" not in page.content.decode()


def test_the_entering_union_sees_the_result_but_no_result_button(
    client, make_contest, make_member, staff, tree
):
    contest = make_contest()
    entry = entry_add_member(
        actor=staff.county_admin, contest=contest, member=make_member(tree.base_a), trade="焊工"
    )
    advance(contest, ContestStatus.RUNNING, actor=staff.sysadmin)
    entry_record_result(actor=staff.sysadmin, entry=entry, rank=3)
    page = (client := login(client, staff.county_admin)).get(
        reverse("competitions:detail", args=[contest.pk])
    )
    html = page.content.decode()
    assert "第3名" in html and "录入成绩" not in html
