"""Member and transfer endpoints: masking, validation, scope, pagination, the transfer flow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.audit.models import AuditLog
from gonghui.conftest import PASSWORD, VALID_IDS, id_with_check
from gonghui.core.paging import PAGE_OUT_OF_RANGE
from gonghui.members.idnumber import (
    ID_CHECKSUM,
    ID_DATE,
    ID_FUTURE,
    ID_REGION,
    PHONE_INVALID,
)
from gonghui.members.models import Member, Transfer
from gonghui.members.selectors import MEMBER_NOT_FOUND, TRANSFER_NOT_FOUND
from gonghui.members.services import (
    OUT_OF_SCOPE,
    PII_FORBIDDEN,
    REASON_REQUIRED,
    TRANSFER_OWN_REQUEST,
)

JSON = "application/json"


def auth(client, user) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type=JSON,
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def payload(tree, **overrides) -> dict:
    return {
        "name": "王五",
        "id_number": VALID_IDS[0],
        "phone": "13912345678",
        "org_id": tree.base_a.pk,
        "category": "nf_delivery",
        "joined_on": "2024-03-01",
        **overrides,
    }


def post_member(client, user, data):
    return client.post("/api/v1/members", data, content_type=JSON, **auth(client, user))


def test_create_shows_masked_values_without_pii_permission(client, staff, tree):
    response = post_member(client, staff.county_admin, payload(tree))
    assert response.status_code == 201
    member = Member.objects.get()
    assert response.json() == {
        "id": member.pk,
        "name": "王五",
        "id_number": "620102********0016",
        "phone": "139****5678",
        "category": "nf_delivery",
        "joined_on": "2024-03-01",
        "status": "active",
        "card_number": f"620102{member.pk:010d}",
        "org_id": tree.base_a.pk,
        "org_name": "兰州甲公司工会",
    }
    assert member.id_number == VALID_IDS[0]
    assert AuditLog.objects.filter(action="member.create", object_id=str(member.pk)).exists()
    assert not AuditLog.objects.filter(action="member.unmask").exists()


def test_create_shows_full_values_to_pii_holder_and_audits_it(client, staff, tree):
    response = post_member(client, staff.county_admin_pii, payload(tree, phone="+86 139-1234-5678"))
    assert response.status_code == 201
    body = response.json()
    assert (body["id_number"], body["phone"]) == (VALID_IDS[0], "13912345678")
    row = AuditLog.objects.get(action="member.unmask")
    assert (row.actor, row.object_id, row.result) == (
        staff.county_admin_pii,
        str(body["id"]),
        "success",
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", VALID_IDS[0][:-1] + "9", ID_CHECKSUM),
        ("id_number", id_with_check("62010219900230001"), ID_DATE.format(value="19900230")),
        ("id_number", id_with_check("62010220900101001"), ID_FUTURE.format(value="20900101")),
        ("id_number", id_with_check("62990119900101001"), ID_REGION.format(value="629901")),
        ("phone", "12345678901", PHONE_INVALID),
        ("phone", "1391234567", PHONE_INVALID),
    ],
)
def test_invalid_personal_data_is_400_in_chinese_and_nothing_written(
    client, staff, tree, field, value, message
):
    response = post_member(client, staff.county_admin, payload(tree, **{field: value}))
    assert response.status_code == 400
    body = response.json()
    assert (body["message"], body["field"]) == (message, field)
    assert not Member.objects.exists()
    assert not AuditLog.objects.filter(action="member.create").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"joined_on": "2024-02-30"}, "请求参数有误：joined_on 应为 YYYY-MM-DD 格式的日期。"),
        ({"org_id": "甲"}, "请求参数有误：org_id 应为整数。"),
        ({"name": None}, "请求参数有误：name 应为文本。"),
    ],
)
def test_malformed_fields_are_422_in_chinese(client, staff, tree, overrides, message):
    response = post_member(client, staff.county_admin, payload(tree, **overrides))
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["message"]) == ("invalid", message)
    assert not Member.objects.exists()


def test_missing_fields_are_all_named(client, staff, tree):
    response = post_member(client, staff.county_admin, {"name": "王五"})
    assert response.status_code == 422
    assert response.json()["message"] == (
        "请求参数有误：id_number 必须填写；phone 必须填写；org_id 必须填写；category 必须填写。"
    )


def test_join_date_in_the_future_is_refused(client, staff, tree):
    response = post_member(client, staff.county_admin, payload(tree, joined_on="2999-01-01"))
    assert response.status_code == 400
    assert response.json()["message"] == "入会日期不能晚于今天。"


def test_duplicate_member_is_409_naming_the_holding_union(client, staff, tree, make_member):
    make_member(tree.base_c, id_number=VALID_IDS[0])
    response = post_member(client, staff.county_admin, payload(tree))
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "duplicate_member"
    assert "「兰州丙公司工会」" in body["message"]
    # The holder is outside the caller's scope and the caller may not see ID numbers in full.
    assert VALID_IDS[0] not in body["message"]
    assert Member.objects.count() == 1


def test_org_outside_scope_is_403_and_audited(client, staff, tree):
    response = post_member(client, staff.county_admin, payload(tree, org_id=tree.base_c.pk))
    assert response.status_code == 403
    assert response.json() == {"code": "forbidden", "message": OUT_OF_SCOPE}
    row = AuditLog.objects.get(action="access.denied")
    assert (row.actor, row.object_id, row.result) == (
        staff.county_admin,
        str(tree.base_c.pk),
        "denied",
    )
    assert not Member.objects.exists()


def test_unknown_org_is_400(client, staff, tree):
    response = post_member(client, staff.county_admin, payload(tree, org_id=999999))
    assert response.status_code == 400
    assert response.json()["code"] == "org_unknown"


def test_detail_is_masked_and_unmasks_only_with_pii_permission(client, staff, tree, make_member):
    member = make_member(tree.base_a, id_number=VALID_IDS[1], phone="13800001111")
    url = f"/api/v1/members/{member.pk}"

    plain = client.get(url, **auth(client, staff.county_admin_pii)).json()
    assert (plain["id_number"], plain["phone"]) == ("620102********0022", "138****1111")
    assert not AuditLog.objects.filter(action="member.unmask").exists()

    full = client.get(url, {"unmask": "true"}, **auth(client, staff.county_admin_pii))
    assert (full.json()["id_number"], full.json()["phone"]) == (VALID_IDS[1], "13800001111")
    assert AuditLog.objects.get(action="member.unmask").result == "success"

    refused = client.get(url, {"unmask": "true"}, **auth(client, staff.county_admin))
    assert refused.status_code == 403
    assert refused.json() == {"code": "forbidden", "message": PII_FORBIDDEN}
    assert AuditLog.objects.get(action="member.unmask", result="denied").actor == (
        staff.county_admin
    )


def test_sibling_county_member_is_invisible(client, staff, tree, make_member):
    mine = make_member(tree.base_a, name="本区会员")
    theirs = make_member(tree.base_c, name="邻区会员")
    headers = auth(client, staff.county_admin)

    listed = client.get("/api/v1/members", **headers).json()
    assert [m["id"] for m in listed["items"]] == [mine.pk]
    assert listed["count"] == 1
    assert client.get("/api/v1/members", {"q": "邻区"}, **headers).json()["count"] == 0
    assert client.get("/api/v1/members", {"q": theirs.id_number}, **headers).json() == {
        "items": [],
        "count": 0,
    }

    response = client.get(f"/api/v1/members/{theirs.pk}", **headers)
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": MEMBER_NOT_FOUND}
    row = AuditLog.objects.get(action="access.denied")
    assert (row.actor, row.object_type, row.object_id) == (
        staff.county_admin,
        "member",
        str(theirs.pk),
    )
    # A missing member looks the same.
    assert client.get("/api/v1/members/999999", **headers).json()["message"] == MEMBER_NOT_FOUND


def test_list_filters_by_search_and_org(client, staff, tree, make_member):
    a = make_member(tree.base_a, name="赵一")
    b = make_member(tree.base_b, name="钱二", phone="13700002222")
    headers = auth(client, staff.county_admin)

    def ids(**params):
        return [m["id"] for m in client.get("/api/v1/members", params, **headers).json()["items"]]

    assert ids() == [b.pk, a.pk]
    assert ids(q="赵") == [a.pk]
    assert ids(q="13700002222") == [b.pk]
    assert ids(q=a.card_number) == [a.pk]
    assert ids(org=tree.base_b.pk) == [b.pk]
    items = client.get("/api/v1/members", **headers).json()["items"]
    assert items[0]["id_number"].count("*") == 8


def test_list_org_filter_outside_scope_is_404(client, staff, tree):
    headers = auth(client, staff.county_admin)
    response = client.get("/api/v1/members", {"org": tree.base_c.pk}, **headers)
    assert response.status_code == 404
    assert AuditLog.objects.filter(action="access.denied").exists()


def test_list_paginates_with_count(client, staff, tree, make_member, settings):
    settings.MEMBERS_PAGE_SIZE = 5
    created = [make_member(tree.base_a).pk for _ in range(12)]
    headers = auth(client, staff.county_admin)

    def page(n):
        return client.get("/api/v1/members", {"page": n}, **headers)

    first, third, beyond = page(1).json(), page(3).json(), page(4)
    assert [m["id"] for m in first["items"]] == sorted(created, reverse=True)[:5]
    assert first["count"] == 12
    assert [m["id"] for m in third["items"]] == sorted(created, reverse=True)[10:]
    assert beyond.status_code == 404
    assert beyond.json() == {
        "code": "page_out_of_range",
        "message": PAGE_OUT_OF_RANGE.format(page=4, pages=3),
    }
    zero = page(0)
    assert zero.status_code == 422
    assert zero.json()["message"] == "请求参数有误：page 不能小于 1。"


def test_list_query_count_does_not_grow_with_the_page(client, staff, tree, make_member):
    headers = auth(client, staff.county_admin)
    make_member(tree.base_a)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/members", **headers).status_code == 200
        return len(ctx.captured_queries)

    queries()  # warm: the session's once-a-minute save and the user's kept permissions
    one = queries()
    for org in (tree.base_a, tree.base_b) * 5:
        make_member(org)
    assert queries() == one


def test_transfer_requested_by_api_and_approved_by_the_receiving_side(
    client, staff, tree, make_member
):
    member = make_member(tree.base_a)
    out_side = auth(client, staff.county_admin)
    response = client.post(
        f"/api/v1/members/{member.pk}/transfer",
        {"to_org_id": tree.base_c.pk, "note": "调动到七里河"},
        content_type=JSON,
        **out_side,
    )
    assert response.status_code == 201
    transfer = response.json()
    assert {k: transfer[k] for k in ("status", "from_org_id", "to_org_id", "initiated_by")} == {
        "status": "pending",
        "from_org_id": tree.base_a.pk,
        "to_org_id": tree.base_c.pk,
        "initiated_by": "out",
    }
    assert (transfer["member_id"], transfer["reason"], transfer["note"]) == (
        member.pk,
        "1",
        "调动到七里河",
    )
    approve_url = f"/api/v1/transfers/{transfer['id']}/approve"

    # The side that asked cannot approve its own request.
    own = client.post(approve_url, {}, content_type=JSON, **out_side)
    assert own.status_code == 403
    assert own.json()["message"] == TRANSFER_OWN_REQUEST.format(org=tree.base_c.name)

    # A third union sees nothing of it.
    third = auth(client, staff.tianshui_admin)
    assert client.get("/api/v1/transfers", **third).json() == []
    outsider = client.post(approve_url, {}, content_type=JSON, **third)
    assert outsider.status_code == 404
    assert outsider.json()["message"] == TRANSFER_NOT_FOUND

    in_side = auth(client, staff.sibling_admin)
    pending = client.get("/api/v1/transfers", **in_side).json()
    assert [t["id"] for t in pending] == [transfer["id"]]
    # No body at all is fine: the note is optional.
    approved = client.generic("POST", approve_url, b"", **in_side)
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["decision_note"]) == ("approved", "")

    assert client.get(f"/api/v1/members/{member.pk}", **in_side).json()["org_id"] == (
        tree.base_c.pk
    )
    assert client.get(f"/api/v1/members/{member.pk}", **out_side).status_code == 404
    assert client.get("/api/v1/transfers", **in_side).json() == []
    assert AuditLog.objects.filter(action="transfer.approve", actor=staff.sibling_admin).exists()


def test_transfer_reject_needs_a_reason(client, staff, tree, make_member):
    member = make_member(tree.base_a)
    transfer = client.post(
        f"/api/v1/members/{member.pk}/transfer",
        {"to_org_id": tree.base_c.pk},
        content_type=JSON,
        **auth(client, staff.county_admin),
    ).json()
    in_side = auth(client, staff.sibling_admin)
    url = f"/api/v1/transfers/{transfer['id']}/reject"

    refused = client.post(url, {}, content_type=JSON, **in_side)
    assert refused.status_code == 400
    assert refused.json()["message"] == REASON_REQUIRED
    rejected = client.post(url, {"note": "查无此人"}, content_type=JSON, **in_side)
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected"
    assert Member.objects.get(pk=member.pk).org_id == tree.base_a.pk


def test_transfer_of_a_member_outside_scope_is_404(client, staff, tree, make_member):
    member = make_member(tree.base_c)
    response = client.post(
        f"/api/v1/members/{member.pk}/transfer",
        {"to_org_id": tree.base_a.pk},
        content_type=JSON,
        **auth(client, staff.county_admin),
    )
    assert response.status_code == 404
    assert not Transfer.objects.exists()


def test_transfer_needs_the_transfer_permission(client, staff, tree, make_member):
    member = make_member(tree.base_a)
    response = client.post(
        f"/api/v1/members/{member.pk}/transfer",
        {"to_org_id": tree.base_c.pk},
        content_type=JSON,
        **auth(client, staff.county_staff),
    )
    assert response.status_code == 403
    assert not Transfer.objects.exists()


def test_second_pending_transfer_is_refused(client, staff, tree, make_member):
    member = make_member(tree.base_a)
    headers = auth(client, staff.county_admin)
    url = f"/api/v1/members/{member.pk}/transfer"
    assert (
        client.post(url, {"to_org_id": tree.base_c.pk}, content_type=JSON, **headers).status_code
        == 201
    )
    again = client.post(url, {"to_org_id": tree.base_b.pk}, content_type=JSON, **headers)
    assert again.status_code == 400
    assert again.json()["code"] == "transfer_pending"
    assert Transfer.objects.count() == 1


def test_joined_on_defaults_to_today(client, staff, tree):
    data = payload(tree)
    del data["joined_on"]
    response = post_member(client, staff.county_admin, data)
    assert response.status_code == 201
    assert response.json()["joined_on"] == timezone.localdate().isoformat()


def test_transfer_requested_by_the_receiving_side_over_the_api(client, staff, tree, make_member):
    member = make_member(tree.base_a, name="赵六", id_number=VALID_IDS[2])
    headers = auth(client, staff.sibling_admin)
    body = {"name": "赵六", "id_number": VALID_IDS[2], "to_org_id": tree.base_c.pk}
    wrong = client.post("/api/v1/transfers", {**body, "name": "赵七"}, content_type=JSON, **headers)
    assert wrong.status_code == 404
    assert wrong.json()["code"] == "not_found"
    assert not Transfer.objects.exists()

    response = client.post("/api/v1/transfers", body, content_type=JSON, **headers)
    assert response.status_code == 201, response.content
    assert response.json()["initiated_by"] == "in"
    transfer_id = response.json()["id"]
    # The asking side cannot approve its own request; the member's union can.
    own = client.post(f"/api/v1/transfers/{transfer_id}/approve", {}, content_type=JSON, **headers)
    assert own.status_code == 403
    approve = client.post(
        f"/api/v1/transfers/{transfer_id}/approve",
        {},
        content_type=JSON,
        **auth(client, staff.county_admin),
    )
    assert approve.status_code == 200
    member.refresh_from_db()
    assert member.org == tree.base_c
