"""/api/v1/studios: the scoped list, a new application, a yearly report."""

from django.utils import timezone

from gonghui.competitions.models.studios import Studio, StudioStatus
from gonghui.competitions.studios.services import results
from gonghui.orgs.tests.test_api import auth


def test_list_is_scoped(client, staff, tree, make_studio):
    make_studio(name="甲工作室")
    make_studio(actor=staff.base_c_admin, org=tree.base_c, name="丙工作室")
    response = client.get("/api/v1/studios", **auth(client, staff.county_admin))
    assert response.status_code == 200
    assert [s["name"] for s in response.json()["items"]] == ["甲工作室"]
    response = client.get("/api/v1/studios?status=bogus", **auth(client, staff.county_admin))
    assert response.status_code == 422


def test_create_and_submit(client, staff, tree, make_member, city_batch):
    lead = make_member(tree.base_a, name="钱师傅")
    body = {
        "batch_id": city_batch.pk,
        "org_id": tree.base_a.pk,
        "lead_id": lead.pk,
        "name": "钱师傅创新工作室",
        "kind": "worker",
        "submit": True,
    }
    headers = auth(client, staff.base_admin)
    response = client.post("/api/v1/studios", body, content_type="application/json", **headers)
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == StudioStatus.SUBMITTED
    other = {**body, "org_id": tree.base_c.pk, "name": "另一个"}
    response = client.post("/api/v1/studios", other, content_type="application/json", **headers)
    assert response.status_code == 404
    assert Studio.objects.count() == 1


def test_report(client, staff, named_studio):
    headers = auth(client, staff.base_admin)
    year = timezone.localdate().year
    url = f"/api/v1/studios/{named_studio.pk}/reports"
    body = {"year": year, "projects": 4, "benefit": "88.80", "trained": 10}
    response = client.post(url, body, content_type="application/json", **headers)
    assert response.status_code == 201
    assert response.json()["next_report_year"] == year + 1
    response = client.post(url, body, content_type="application/json", **headers)
    assert response.status_code == 400
    assert response.json()["message"] == results.ALREADY_REPORTED.format(year=year)
    other = auth(client, staff.base_c_admin)
    response = client.post(url, body, content_type="application/json", **other)
    assert response.status_code == 404
