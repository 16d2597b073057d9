"""`Cache-Control: no-store` wherever personal data may be shown (core.middleware.NoStoreMiddleware):
every page of a logged-in staff user or worker, every API answer, every download and every
answer to a POST; public pages and static files stay cacheable."""

import pytest
from django.urls import reverse

from gonghui.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.fixture
def member(make_member, tree):
    return make_member(tree.base_a, name="赵六")


def test_workbench_pages_of_a_logged_in_user_are_not_stored(client, staff, member):
    client.force_login(staff.county_admin)
    for url in [
        reverse("members:list"),
        reverse("members:detail", args=[member.pk]),
        reverse("orgs:home"),
        reverse("hotline:queue"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url
        assert "private" in response["Cache-Control"], url


def test_an_unmasked_value_fetched_by_htmx_is_not_stored(client, staff, member):
    client.force_login(staff.county_admin_pii)
    response = client.post(reverse("members:unmask", args=[member.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert member.id_number in response.text
    assert no_store(response)


def test_exports_are_not_stored(client, staff, member):
    client.force_login(staff.county_admin)
    response = client.get(reverse("members:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert no_store(response)


def test_the_admin_is_not_stored(client, db, django_user_model, member):
    client.force_login(django_user_model.objects.create_superuser("operator", "", PASSWORD))
    response = client.get(reverse("admin:members_member_change", args=[member.pk]))
    assert response.status_code == 200
    assert no_store(response)


def test_portal_pages_of_a_logged_in_worker_are_not_stored(make_worker, worker_client):
    client = worker_client(make_worker("13900001234"))
    for url in [reverse("portal:me"), reverse("portal:home"), reverse("sites_portal:map")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url


def test_public_pages_and_static_files_stay_cacheable(client, staff, db):
    for url in [reverse("portal:home"), reverse("sites_portal:map"), reverse("api:openapi-json")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not no_store(response), url
    # WhiteNoise answers static files before the session is even read: cacheable for everyone.
    client.force_login(staff.county_admin)
    response = client.get("/static/css/workbench.css")
    assert response.status_code == 200
    assert not no_store(response)


def test_api_answers_are_not_stored(client, staff, member):
    token = client.post(
        "/api/v1/auth/token",
        {"username": staff.county_admin.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert token.status_code == 200
    assert no_store(token)  # the token itself
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token.json()['token']}"}
    response = client.get("/api/v1/members", **headers)
    assert response.status_code == 200 and response.json()["count"] == 1
    assert no_store(response)
    response = client.get(f"/api/v1/members/{member.pk}", **headers)
    assert response.status_code == 200
    assert no_store(response)
    # The callers' look-up needs no token, and answers with a case's steps.
    response = client.get("/api/v1/hotline/lookup", {"number": "12351-1", "phone": "13900001234"})
    assert no_store(response)


def test_answers_to_a_public_form_are_not_stored(client, db):
    # 工单查询 without login: the answer shows the case it found for the number and phone.
    response = client.post(
        reverse("portal:case_lookup"), {"number": "12351-20260101-0001", "phone": "13900001234"}
    )
    assert response.status_code in (200, 404)
    assert no_store(response)
