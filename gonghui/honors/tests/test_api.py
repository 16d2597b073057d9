"""/api/v1/honors/: the catalogue, a round with its places, nominations and their review, 公示
and the decision; errors as elsewhere (409 over quota or duplicate, 404 out of scope)."""

from datetime import timedelta

import pytest

from gonghui.conftest import PASSWORD
from gonghui.honors.models import Honor
from gonghui.honors.rounds.services.common import today

pytestmark = pytest.mark.django_db
JSON = "application/json"


def auth(client, user) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type=JSON,
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def post(client, user, url, body):
    return client.post(url, body, content_type=JSON, **auth(client, user))


def test_types(client, staff, catalogue, tree):
    listed = client.get("/api/v1/honors/types", **auth(client, staff.county_admin))
    assert listed.status_code == 200
    assert "甘肃省五一劳动奖章" in [t["title"] for t in listed.json()]
    body = {
        "code": "tianshui-model",
        "title": "天水市劳动模范",
        "level": "city",
        "conferrer_id": tree.tianshui.pk,
        "subject": "person",
    }
    assert post(client, staff.county_admin, "/api/v1/honors/types", body).status_code == 403
    created = post(client, staff.sysadmin, "/api/v1/honors/types", body)
    assert created.status_code == 201 and created.json()["conferring_body"] == "天水市总工会"
    again = post(client, staff.sysadmin, "/api/v1/honors/types", body)
    assert again.status_code == 409


def test_the_round_through_the_api(client, staff, province_admin, medal, make_member, tree):
    created = post(
        client,
        province_admin,
        "/api/v1/honors/rounds",
        {
            "title": "2026年省五一劳动奖章",
            "year": 2026,
            "quotas": [
                {"honor_type_id": medal.pk, "places": 10},
                {"honor_type_id": medal.pk, "org_id": tree.lanzhou.pk, "places": 6},
                {"honor_type_id": medal.pk, "org_id": tree.tianshui.pk, "places": 4},
            ],
        },
    )
    assert created.status_code == 201, created.content
    rnd = created.json()
    assert sorted(q["places"] for q in rnd["quotas"]) == [4, 6, 10]
    over = post(
        client,
        staff.city_admin,
        "/api/v1/honors/rounds",
        {"title": "x", "year": 2026, "quotas": [{"honor_type_id": medal.pk, "places": 1}]},
    )
    assert over.status_code == 400 and "只有授予单位" in over.json()["message"]

    member = make_member(tree.base_a, name="周强")
    url = f"/api/v1/honors/rounds/{rnd['id']}/nominations"
    body = {"honor_type_id": medal.pk, "member_id": member.pk, "deeds": "事迹", "front_line": True}
    n = post(client, staff.base_admin, url, body)
    assert n.status_code == 201 and n.json()["holder_name"] == "城关区总工会"
    twice = post(client, staff.base_admin, url, body)
    assert twice.status_code == 409 and twice.json()["code"] == "duplicate"
    nid = n.json()["id"]

    listed = client.get(
        f"/api/v1/honors/nominations?round={rnd['id']}&status=pending",
        **auth(client, staff.county_admin),
    )
    assert [x["id"] for x in listed.json()] == [nid]
    hidden = client.get("/api/v1/honors/nominations", **auth(client, staff.tianshui_admin))
    assert hidden.json() == []
    assert (
        post(client, staff.tianshui_admin, f"/api/v1/honors/nominations/{nid}/approve", {})
    ).status_code == 404
    wrong_level = post(client, staff.city_admin, f"/api/v1/honors/nominations/{nid}/approve", {})
    assert wrong_level.status_code == 403 and "城关区总工会" in wrong_level.json()["message"]
    for user in (staff.county_admin, staff.city_admin, province_admin):
        done = post(client, user, f"/api/v1/honors/nominations/{nid}/approve", {})
        assert done.status_code == 200, done.content
    assert done.json()["status"] == "approved"

    started = post(client, province_admin, f"/api/v1/honors/rounds/{rnd['id']}/publicity", {})
    assert started.status_code == 200 and started.json()["status"] == "publicity"
    early = post(
        client,
        province_admin,
        f"/api/v1/honors/rounds/{rnd['id']}/decision",
        {"decision_no": "甘总工发〔2026〕18号", "decided_on": today().isoformat()},
    )
    assert early.status_code == 400 and "期满后" in early.json()["message"]
    from gonghui.honors.models import Round

    Round.objects.filter(pk=rnd["id"]).update(publicity_until=today() - timedelta(days=1))
    decided = post(
        client,
        province_admin,
        f"/api/v1/honors/rounds/{rnd['id']}/decision",
        {"decision_no": "甘总工发〔2026〕18号", "decided_on": today().isoformat()},
    )
    assert decided.status_code == 200 and decided.json()["decision_no"] == "甘总工发〔2026〕18号"
    assert Honor.objects.get().honoree.name == "周强"
