"""疗休养 pages and API: scope, the add forms, quotas page, refusals shown, masking."""

from gonghui.conftest import PASSWORD, VALID_IDS, login
from gonghui.recuperation.models import Participant, ParticipantStatus, Quota
from gonghui.recuperation.services import participants

JSON = "application/json"


def test_pages_render_for_the_organiser_and_below(tree, staff, batch, make_member):
    sysadmin = login(staff.sysadmin)
    assert "劳模疗休养" in sysadmin.get("/recuperation/").content.decode()
    assert "第1批" in sysadmin.get(f"/recuperation/plans/{batch.plan_id}/").content.decode()
    assert "麦积山" in sysadmin.get("/recuperation/resorts/").content.decode()
    page = login(staff.county_admin).get(f"/recuperation/batches/{batch.pk}/").content.decode()
    assert "从会员库添加" in page and "分配名额" not in page


def test_add_member_and_person_through_the_page(tree, staff, batch, make_member):
    member = make_member(tree.base_a, name="张劳模", id_number=VALID_IDS[0])
    client = login(staff.county_admin)
    url = f"/recuperation/batches/{batch.pk}/participants/"
    assert (
        client.post(
            url, {"kind": "member", "member": member.pk, "category": "model_worker"}
        ).status_code
        == 302
    )
    response = client.post(
        url,
        {"kind": "person", "name": "马老", "id_number": VALID_IDS[1], "category": "model_worker"},
    )
    assert response.status_code == 302
    assert Participant.objects.filter(batch=batch).count() == 2
    page = client.get(f"/recuperation/batches/{batch.pk}/").content.decode()
    assert "马老" in page and VALID_IDS[1] not in page and VALID_IDS[0] not in page
    again = client.post(url, {"kind": "member", "member": member.pk, "category": "model_worker"})
    assert again.status_code == 409
    assert participants.DUPLICATE.format(name="张劳模") in again.content.decode()


def test_quotas_page_splits_between_the_children(tree, staff, batch, make_member):
    client = login(staff.sysadmin)
    form = client.get(f"/recuperation/batches/{batch.pk}/quotas/").content.decode()
    assert tree.lanzhou.name in form and tree.tianshui.name in form
    response = client.post(
        f"/recuperation/batches/{batch.pk}/quotas/",
        {f"org_{tree.lanzhou.pk}": 6, f"org_{tree.tianshui.pk}": 4},
    )
    assert response.status_code == 302
    assert {q.org_id: q.places for q in Quota.objects.filter(batch=batch)} == {
        tree.lanzhou.pk: 6,
        tree.tianshui.pk: 4,
    }
    over = client.post(
        f"/recuperation/batches/{batch.pk}/quotas/",
        {f"org_{tree.lanzhou.pk}": 8, f"org_{tree.tianshui.pk}": 4},
    )
    assert over.status_code == 400
    assert "超过本批次总名额 10 人" in over.content.decode()
    assert (
        login(staff.county_admin)
        .post(f"/recuperation/batches/{batch.pk}/quotas/", {f"org_{tree.lanzhou.pk}": 1})
        .status_code
        == 403
    )


def test_confirm_and_cancel_buttons(tree, staff, batch, make_member):
    client = login(staff.county_admin)
    client.post(
        f"/recuperation/batches/{batch.pk}/participants/",
        {"kind": "member", "member": make_member(tree.base_a).pk, "category": "frontline"},
    )
    p = Participant.objects.get()
    base = f"/recuperation/batches/{batch.pk}/participants/{p.pk}"
    assert client.post(f"{base}/confirm/").status_code == 403
    login(staff.sysadmin).post(f"{base}/confirm/")
    p.refresh_from_db()
    assert p.status == ParticipantStatus.CONFIRMED
    assert "确认取消" in client.get(f"{base}/cancel/").content.decode()
    client.post(f"{base}/cancel/", {"reason": "身体原因"})
    p.refresh_from_db()
    assert p.status == ParticipantStatus.CANCELLED


def test_lower_union_does_not_see_anothers_people(tree, staff, batch, make_member):
    from gonghui.recuperation.services import add_participant

    theirs = add_participant(
        actor=staff.tianshui_admin, batch=batch, member=make_member(tree.base_d, name="天水人")
    )
    page = login(staff.county_admin).get(f"/recuperation/batches/{batch.pk}/").content.decode()
    assert "天水人" not in page
    url = f"/recuperation/batches/{batch.pk}/participants/{theirs.pk}/cancel/"
    assert login(staff.county_admin).get(url).status_code == 404


def _auth(client, user) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token", {"username": user.username, "password": PASSWORD}, content_type=JSON
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def test_api_batches_and_participants(tree, staff, batch, resort, client, make_member):
    admin = _auth(client, staff.sysadmin)
    created = client.post(
        "/api/v1/recuperation/batches",
        {
            "plan_id": batch.plan_id,
            "resort_id": resort.pk,
            "name": "第2批",
            "start_on": "2099-05-01",
            "end_on": "2099-05-07",
            "places": 1,
        },
        content_type=JSON,
        **admin,
    )
    assert created.status_code == 201 and created.json()["places"] == 1
    second = created.json()["id"]
    county = _auth(client, staff.county_admin)
    listed = client.get("/api/v1/recuperation/batches", {"plan": batch.plan_id}, **county).json()
    assert listed["count"] == 2
    member = make_member(tree.base_a, name="甲", id_number=VALID_IDS[0])
    added = client.post(
        f"/api/v1/recuperation/batches/{second}/participants",
        {"member_id": member.pk, "category": "skilled"},
        content_type=JSON,
        **county,
    )
    assert added.status_code == 201
    assert added.json()["id_number"] != VALID_IDS[0] and added.json()["status"] == "nominated"
    full = client.post(
        f"/api/v1/recuperation/batches/{second}/participants",
        {"name": "乙", "id_number": VALID_IDS[1], "source_ref": "honors:honoree:3"},
        content_type=JSON,
        **county,
    )
    assert full.status_code == 409
    assert full.json()["message"] == participants.BATCH_FULL.format(places=1, count=1)
    refused = client.post(
        "/api/v1/recuperation/batches",
        {"plan_id": batch.plan_id, "resort_id": resort.pk, "name": "X",
         "start_on": "2099-05-01", "end_on": "2099-05-07", "places": 1},
        content_type=JSON,
        **county,
    )  # fmt: skip
    assert refused.status_code == 403
