"""/api/v1/competitions: create, scope, entries with their refusals, results, the chain's stats."""

import pytest
from django.utils import timezone

from gonghui.competitions.contests.services import entry_add_member, entry_add_unit
from gonghui.competitions.contests.services.entries import MEMBER_TWICE, TRADE_NOT_RUN
from gonghui.competitions.models import ContestStatus, Entry
from gonghui.competitions.tests.conftest import advance
from gonghui.conftest import PASSWORD

pytestmark = pytest.mark.django_db
JSON = "application/json"


def auth(client, user) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type=JSON,
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def test_create_and_list(client, staff, tree):
    today = timezone.localdate().isoformat()
    headers = auth(client, staff.city_admin)
    body = {
        "name": "兰州市焊工技能大赛",
        "kind": "skill",
        "contest_class": "2",
        "host_id": tree.lanzhou.pk,
        "trades": ["焊工"],
        "starts_on": today,
        "ends_on": today,
    }
    response = client.post("/api/v1/competitions", body, content_type=JSON, **headers)
    assert response.status_code == 201, response.content
    assert (response.json()["level"], response.json()["status"]) == ("city", "draft")
    listed = client.get("/api/v1/competitions", **headers).json()
    assert [c["name"] for c in listed["items"]] == ["兰州市焊工技能大赛"]
    # A host above the caller is refused (403, audited); an unknown parent is a 400.
    body["host_id"] = tree.province.pk
    response = client.post("/api/v1/competitions", body, content_type=JSON, **headers)
    assert response.status_code == 403
    body.update(host_id=tree.lanzhou.pk, parent_id=987654)
    response = client.post("/api/v1/competitions", body, content_type=JSON, **headers)
    assert (response.status_code, response.json()["field"]) == (400, "parent_id")


def test_a_draft_above_is_invisible_and_a_published_one_visible(client, make_contest, staff):
    draft = make_contest(status=ContestStatus.DRAFT)
    published = make_contest(status=ContestStatus.PUBLISHED)
    headers = auth(client, staff.county_admin)
    assert client.get(f"/api/v1/competitions/{draft.pk}", **headers).status_code == 404
    assert client.get(f"/api/v1/competitions/{published.pk}", **headers).status_code == 200


def test_entries_and_their_refusals(client, make_contest, make_member, staff, tree):
    contest = make_contest()
    member = make_member(tree.base_a, name="李焊")
    headers = auth(client, staff.county_admin)
    url = f"/api/v1/competitions/{contest.pk}/entries"
    ok = client.post(url, {"member_id": member.pk, "trade": "焊工"}, content_type=JSON, **headers)
    assert ok.status_code == 201, ok.content
    twice = client.post(
        url, {"member_id": member.pk, "trade": "焊工"}, content_type=JSON, **headers
    )
    assert (twice.status_code, twice.json()["message"]) == (409, MEMBER_TWICE.format(name="李焊"))
    other = make_member(tree.base_b)
    bad_trade = client.post(
        url, {"member_id": other.pk, "trade": "厨师"}, content_type=JSON, **headers
    )
    assert bad_trade.status_code == 400
    assert bad_trade.json()["message"] == TRADE_NOT_RUN.format(
        name=contest.name, trade="厨师", trades="焊工、电工"
    )
    outside = make_member(tree.base_c)  # 七里河: not the caller's
    response = client.post(
        url, {"member_id": outside.pk, "trade": "焊工"}, content_type=JSON, **headers
    )
    assert response.status_code == 404
    assert Entry.objects.count() == 1


def test_results_by_the_host_only(client, make_contest, make_member, staff, tree):
    contest = make_contest()
    entry = entry_add_member(
        actor=staff.county_admin, contest=contest, member=make_member(tree.base_a), trade="焊工"
    )
    advance(contest, ContestStatus.JUDGING, actor=staff.sysadmin)
    body = {"entry_id": entry.pk, "score": "98.5", "rank": 1, "prize": "1", "title": "top"}
    url = f"/api/v1/competitions/{contest.pk}/results"
    refused = client.post(url, body, content_type=JSON, **auth(client, staff.county_admin))
    assert refused.status_code == 404
    done = client.post(url, body, content_type=JSON, **auth(client, staff.sysadmin))
    assert done.status_code == 200, done.content
    entry.refresh_from_db()
    assert (entry.rank, entry.title) == (1, "top")


def test_stats_over_the_chain(client, make_contest, make_member, staff, tree):
    final = make_contest()
    qualifier = make_contest(actor=staff.city_admin, parent=final)
    star = make_member(tree.base_a)
    for contest in (final, qualifier):
        entry_add_member(actor=staff.county_admin, contest=contest, member=star, trade="焊工")
        entry_add_unit(actor=staff.county_admin, contest=contest, unit=tree.base_a)
    response = client.get(f"/api/v1/competitions/{final.pk}/stats", **auth(client, staff.sysadmin))
    assert response.json() == {
        "contests": 2,
        "unit_entries": 2,
        "person_entries": 2,
        "persons": 1,
    }
