"""Org endpoints: the caller's scope top, one org, its children; nothing outside the scope."""

import pytest

from gonghui.audit.models import AuditLog
from gonghui.conftest import PASSWORD
from gonghui.orgs.selectors import ORG_NOT_FOUND
from gonghui.orgs.services import org_create_child, org_dissolve


def auth(client, user) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def test_orgs_is_the_top_of_the_callers_scope(client, staff, tree):
    response = client.get("/api/v1/orgs", **auth(client, staff.county_admin))
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": tree.chengguan.pk,
            "name": "城关区总工会",
            "type": "county",
            "level": 3,
            "division_code": "620102000000",
            "parent_id": tree.lanzhou.pk,
        }
    ]


def test_orgs_for_a_platform_operator_is_the_root(client, tree, make_user):
    operator = make_user("operator", None)
    operator.is_superuser = True
    operator.save(update_fields=["is_superuser"])
    response = client.get("/api/v1/orgs", **auth(client, operator))
    assert [(o["id"], o["parent_id"]) for o in response.json()] == [(tree.province.pk, None)]


def test_org_detail_in_scope(client, staff, tree):
    response = client.get(f"/api/v1/orgs/{tree.base_a.pk}", **auth(client, staff.county_admin))
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["type"], body["parent_id"]) == (
        "兰州甲公司工会",
        "base",
        tree.donggang.pk,
    )


@pytest.mark.parametrize("path", ["", "/children"])
def test_org_outside_scope_is_404_and_audited(client, staff, tree, path):
    headers = auth(client, staff.county_admin)
    response = client.get(f"/api/v1/orgs/{tree.qilihe.pk}{path}", **headers)
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": ORG_NOT_FOUND}
    row = AuditLog.objects.get(action="access.denied", actor=staff.county_admin)
    assert (row.object_id, row.result) == (str(tree.qilihe.pk), "denied")
    # The parent of one's own union is outside the scope too.
    assert client.get(f"/api/v1/orgs/{tree.lanzhou.pk}", **headers).status_code == 404


def test_missing_org_looks_the_same_as_out_of_scope(client, staff, tree):
    response = client.get("/api/v1/orgs/999999", **auth(client, staff.county_admin))
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": ORG_NOT_FOUND}


def test_non_numeric_org_id_is_422_in_chinese(client, staff, tree):
    response = client.get("/api/v1/orgs/abc", **auth(client, staff.county_admin))
    assert response.status_code == 422
    assert response.json()["message"] == "请求参数有误：org_id 应为整数。"


def test_children_are_the_active_ones_in_tree_order(client, staff, tree, make_member):
    make_member(tree.base_a)
    make_member(tree.base_b)
    make_member(tree.base_c)
    honggu = org_create_child(
        actor=staff.sysadmin, parent=tree.lanzhou, name="红古区总工会", org_type="county"
    )
    org_dissolve(actor=staff.sysadmin, org=honggu)
    headers = auth(client, staff.city_admin)
    response = client.get(f"/api/v1/orgs/{tree.lanzhou.pk}/children", **headers)
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": tree.chengguan.pk,
            "name": "城关区总工会",
            "type": "county",
            "level": 3,
            "division_code": "620102000000",
            "parent_id": tree.lanzhou.pk,
            "member_count": 2,
            "has_children": True,
        },
        {
            "id": tree.qilihe.pk,
            "name": "七里河区总工会",
            "type": "county",
            "level": 3,
            "division_code": "620103000000",
            "parent_id": tree.lanzhou.pk,
            "member_count": 1,
            "has_children": True,
        },
    ]
