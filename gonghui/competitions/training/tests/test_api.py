"""/api/v1/training: academies, courses, classes and enrolments, scoped, with 409 for a member
enrolled twice or a full class."""

import pytest
from django.utils import timezone

from gonghui.competitions.models.training import Academy, Enrollment, TrainingClass
from gonghui.conftest import PASSWORD

pytestmark = pytest.mark.django_db
JSON = "application/json"


def bearer(client, user) -> dict:
    token = client.post(
        "/api/v1/auth/token", {"username": user.username, "password": PASSWORD}, content_type=JSON
    ).json()["token"]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_academies_and_courses(client, staff, tree):
    headers = bearer(client, staff.sysadmin)
    body = {"name": "甘肃省工匠学院", "level": "province", "org_id": tree.chengguan.pk,
            "named_on": "2024-05-01", "batch": "第一批"}  # fmt: skip
    created = client.post("/api/v1/training/academies", body, content_type=JSON, **headers)
    assert created.status_code == 201, created.content
    academy_id = created.json()["id"]
    assert created.json()["level_label"] == "省级工匠学院"
    listed = client.get("/api/v1/training/academies", **headers).json()
    assert listed["count"] == 1
    course = {"academy_id": academy_id, "title": "钳工", "mode": "offline", "hours": "16"}
    response = client.post("/api/v1/training/courses", course, content_type=JSON, **headers)
    assert response.status_code == 201
    courses = client.get("/api/v1/training/courses", {"academy_id": academy_id}, **headers)
    assert [c["title"] for c in courses.json()["items"]] == ["钳工"]
    everything = client.get("/api/v1/training/courses", {"mode": "offline"}, **headers).json()
    assert everything["count"] == 1
    assert (
        client.get("/api/v1/training/courses", **bearer(client, staff.tianshui_admin)).json()[
            "count"
        ]
        == 0
    )
    city = bearer(client, staff.city_admin)
    refused = client.post(
        "/api/v1/training/academies", {**body, "name": "兰州"}, content_type=JSON, **city
    )
    assert refused.status_code == 400 and refused.json()["field"] == "level"
    outside = client.post(
        "/api/v1/training/academies",
        {**body, "name": "兰州", "level": "city", "org_id": tree.base_d.pk},
        content_type=JSON,
        **city,
    )
    assert outside.status_code == 403
    assert Academy.objects.count() == 1


def test_classes_and_enrolments_with_409s(client, staff, tree, course, make_member):
    headers = bearer(client, staff.county_admin)
    today = timezone.localdate().isoformat()
    body = {"course_id": course.pk, "org_id": tree.chengguan.pk, "name": "钳工第一期",
            "starts_on": today, "ends_on": today, "enrol_deadline": today, "capacity": 1}  # fmt: skip
    created = client.post("/api/v1/training/classes", body, content_type=JSON, **headers)
    assert created.status_code == 201, created.content
    class_id = created.json()["id"]
    assert created.json()["status_label"] == "报名中"
    url = f"/api/v1/training/classes/{class_id}/enrollments"
    first = make_member(tree.base_a, name="马建国")
    enrolled = client.post(url, {"member_id": first.pk}, content_type=JSON, **headers)
    assert enrolled.status_code == 201 and enrolled.json()["member_name"] == "马建国"
    twice = client.post(url, {"member_id": first.pk}, content_type=JSON, **headers)
    assert (twice.status_code, twice.json()["code"]) == (409, "enrolled_twice")
    second = make_member(tree.base_b)
    full = client.post(url, {"member_id": second.pk}, content_type=JSON, **headers)
    assert (full.status_code, full.json()["code"]) == (409, "class_full")
    listed = client.get(url, **headers).json()
    assert [e["member_name"] for e in listed] == ["马建国"]
    assert Enrollment.objects.count() == 1
    other = bearer(client, staff.tianshui_admin)
    assert client.get(url, **other).status_code == 404
    assert client.get("/api/v1/training/classes", **other).json()["count"] == 0
    assert TrainingClass.objects.count() == 1
