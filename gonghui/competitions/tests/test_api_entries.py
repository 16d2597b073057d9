"""/api/v1/competitions/{id}/entries: the list (paged, filtered), teams and units entered by id,
and a worker's application confirmed or withdrawn with the pages' rules and messages."""

import pytest

from gonghui.audit.models import AuditLog
from gonghui.competitions.contests.selectors import ENTRY_NOT_FOUND
from gonghui.competitions.contests.services import (
    entry_add_member,
    entry_add_unit,
    entry_apply,
)
from gonghui.competitions.contests.services.entries import (
    ALREADY_WITHDRAWN,
    NOT_PENDING,
    OUTSIDE_HOST,
    TEAM_TWICE,
    TRADE_REQUIRED,
)
from gonghui.competitions.models import Entry, EntryKind, EntryStatus
from gonghui.competitions.tests.test_api import JSON, auth
from gonghui.members.teams.services import team_create

pytestmark = pytest.mark.django_db


def test_a_team_and_a_unit_entered_by_id(client, make_contest, staff, tree):
    contest = make_contest(actor=staff.county_admin, host=tree.chengguan)
    team = team_create(actor=staff.sysadmin, org=tree.base_a, name="检修一班")
    headers = auth(client, staff.county_admin)
    url = f"/api/v1/competitions/{contest.pk}/entries"
    no_trade = client.post(url, {"team_id": team.pk}, content_type=JSON, **headers)
    assert (no_trade.status_code, no_trade.json()["message"]) == (400, TRADE_REQUIRED)
    done = client.post(url, {"team_id": team.pk, "trade": "焊工"}, content_type=JSON, **headers)
    assert done.status_code == 201, done.content
    assert {k: done.json()[k] for k in ("kind", "name", "team_id", "org_id", "trade")} == {
        "kind": "team",
        "name": "检修一班",
        "team_id": team.pk,
        "org_id": tree.base_a.pk,
        "trade": "焊工",
    }
    twice = client.post(url, {"team_id": team.pk, "trade": "电工"}, content_type=JSON, **headers)
    assert (twice.status_code, twice.json()["message"]) == (409, TEAM_TWICE.format(name="检修一班"))
    unit = client.post(url, {"org_id": tree.base_b.pk}, content_type=JSON, **headers)
    assert (unit.status_code, unit.json()["kind"], unit.json()["trade"]) == (201, "unit", "")
    # Not one entrant, or two: a 400 that says so.
    for body in ({}, {"org_id": tree.base_a.pk, "team_id": team.pk}):
        response = client.post(url, body, content_type=JSON, **headers)
        assert (response.status_code, response.json()["code"]) == (400, "one_entrant")
    assert Entry.objects.filter(competition=contest).count() == 2


def test_a_team_or_unit_outside_the_caller_or_the_host(client, make_contest, staff, tree):
    contest = make_contest(actor=staff.county_admin, host=tree.chengguan)
    qilihe_team = team_create(actor=staff.sysadmin, org=tree.base_c, name="七里河班")
    url = f"/api/v1/competitions/{contest.pk}/entries"
    headers = auth(client, staff.county_admin)
    # Another subtree's team answers as missing (audited); its union is refused, 403 audited.
    team = client.post(
        url, {"team_id": qilihe_team.pk, "trade": "焊工"}, content_type=JSON, **headers
    )
    assert team.status_code == 404
    unit = client.post(url, {"org_id": tree.base_c.pk}, content_type=JSON, **headers)
    assert unit.status_code == 403
    assert AuditLog.objects.filter(actor=staff.county_admin, action="access.denied").count() == 2
    # 兰州's admin reaches 七里河, but the contest is 城关's.
    city = auth(client, staff.city_admin)
    outside = client.post(url, {"org_id": tree.base_c.pk}, content_type=JSON, **city)
    assert (outside.status_code, outside.json()["message"]) == (
        400,
        OUTSIDE_HOST.format(who="兰州丙公司工会", host="城关区总工会"),
    )
    assert not Entry.objects.exists()


def test_the_entries_list_pages_and_filters(
    client, make_contest, make_member, settings, staff, tree
):
    settings.MEMBERS_PAGE_SIZE = 2
    contest = make_contest()
    for org, name in ((tree.base_a, "甲"), (tree.base_b, "乙"), (tree.base_c, "丙")):
        member = make_member(org, name=name)
        entry_add_member(actor=staff.sysadmin, contest=contest, member=member, trade="焊工")
    entry_add_unit(actor=staff.sysadmin, contest=contest, unit=tree.base_a)
    url = f"/api/v1/competitions/{contest.pk}/entries"
    host = auth(client, staff.sysadmin)
    first = client.get(url, **host).json()
    assert (first["count"], len(first["items"])) == (4, 2)
    assert client.get(url, {"page": 2}, **host).json()["count"] == 4
    assert client.get(url, {"page": 3}, **host).status_code == 404
    units = client.get(url, {"kind": "unit"}, **host).json()
    assert [(e["kind"], e["name"]) for e in units["items"]] == [("unit", "兰州甲公司工会")]
    assert client.get(url, {"kind": "nonsense"}, **host).status_code == 422
    # 城关's admin sees the entries of his own subtree only (not 七里河's 丙).
    mine = client.get(url, {"kind": "member"}, **auth(client, staff.county_admin)).json()
    assert sorted(e["name"] for e in mine["items"]) == ["乙", "甲"]
    assert client.get(url, {"status": "pending"}, **host).json()["count"] == 0


def test_confirm_and_withdraw_with_the_pages_rules(
    client, make_contest, make_member, make_worker, staff, tree
):
    contest = make_contest()
    member = make_member(tree.base_a, name="张三", id_number="620102198506060044")
    worker = make_worker("13900001111", name="张三", id_number="620102198506060044", member=member)
    entry = entry_apply(worker=worker, contest=contest, trade="电工")
    base = f"/api/v1/competitions/{contest.pk}/entries/{entry.pk}"
    headers = auth(client, staff.county_admin)
    pending = client.get(
        f"/api/v1/competitions/{contest.pk}/entries", {"status": "pending"}, **headers
    )
    assert [e["id"] for e in pending.json()["items"]] == [entry.pk]
    # 七里河's admin: the entry is not his, the same 404 as a missing one.
    sibling = client.post(f"{base}/confirm", **auth(client, staff.sibling_admin))
    missing = client.post(
        f"/api/v1/competitions/{contest.pk}/entries/987654321/confirm",
        **auth(client, staff.sibling_admin),
    )
    assert (sibling.status_code, sibling.json()) == (missing.status_code, missing.json())
    assert (sibling.status_code, sibling.json()["message"]) == (404, ENTRY_NOT_FOUND)
    confirmed = client.post(f"{base}/confirm", **headers)
    assert confirmed.status_code == 200, confirmed.content
    assert (confirmed.json()["status"], confirmed.json()["status_label"]) == ("confirmed", "已确认")
    again = client.post(f"{base}/confirm", **headers)
    assert (again.status_code, again.json()["message"]) == (409, NOT_PENDING)
    withdrawn = client.post(f"{base}/withdraw", **headers)
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "withdrawn")
    again = client.post(f"{base}/withdraw", **headers)
    assert (again.status_code, again.json()["message"]) == (409, ALREADY_WITHDRAWN)
    entry.refresh_from_db()
    assert (entry.status, entry.kind) == (EntryStatus.WITHDRAWN, EntryKind.MEMBER)


def test_an_entry_of_another_contest_answers_as_missing(
    client, make_contest, make_member, staff, tree
):
    one, other = make_contest(), make_contest()
    entry = entry_add_member(
        actor=staff.county_admin, contest=other, member=make_member(tree.base_a), trade="焊工"
    )
    url = f"/api/v1/competitions/{one.pk}/entries/{entry.pk}/withdraw"
    response = client.post(url, **auth(client, staff.county_admin))
    assert (response.status_code, response.json()["message"]) == (404, ENTRY_NOT_FOUND)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CONFIRMED


def test_another_subtrees_entry_under_an_own_contest_answers_as_missing(
    client, make_contest, make_member, staff, tree
):
    """A 天水 entry named under a contest 城关 can see: the same 404 as a missing id, audited."""
    contest = make_contest()
    entry = entry_add_member(
        actor=staff.sysadmin, contest=contest, member=make_member(tree.base_d), trade="焊工"
    )
    headers = auth(client, staff.county_admin)
    base = f"/api/v1/competitions/{contest.pk}/entries"
    for action in ("confirm", "withdraw"):
        outside = client.post(f"{base}/{entry.pk}/{action}", **headers)
        missing = client.post(f"{base}/987654321/{action}", **headers)
        assert (outside.status_code, outside.json()) == (missing.status_code, missing.json())
        assert outside.status_code == 404
    denied = AuditLog.objects.filter(actor=staff.county_admin, action="access.denied")
    assert denied.count() == 2
    listed = client.get(base, **headers).json()
    assert listed["count"] == 0
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CONFIRMED
