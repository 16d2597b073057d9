"""The 12351 hotline API: intake, the whole flow over HTTP, refusals, scope, the list and its
filters, and the callers' rate-limited look-up."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.accounts.api import PERMISSION_DENIED
from gonghui.audit.models import AuditLog
from gonghui.conftest import PASSWORD
from gonghui.core.cleaning import money_message
from gonghui.core.models import RateCounter
from gonghui.core.paging import PAGE_OUT_OF_RANGE
from gonghui.hotline import services
from gonghui.hotline.api import COUNTY_CODE_INVALID, COUNTY_UNKNOWN
from gonghui.hotline.callers import LOOKUP_LIMIT, LOOKUP_NOT_FOUND, LOOKUP_RATE_LIMITED
from gonghui.hotline.models import Case, CaseEvent, CaseSequence
from gonghui.hotline.selectors import CASE_NOT_FOUND
from gonghui.hotline.tests.conftest import PHONE
from gonghui.members.idnumber import ID_CHECKSUM

JSON = "application/json"
CASES = "/api/v1/hotline/cases"
LOOKUP = "/api/v1/hotline/lookup"
NUMBER = re.compile(r"^12351-\d{8}-\d{4}$")
OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+08:00$")


def auth(client, user) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type=JSON,
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def body(**overrides) -> dict:
    return {
        "channel": "phone",
        "received_at": "2026-09-30T10:00:00+08:00",
        "caller_name": "李建国",
        "caller_phone": PHONE,
        "kind": "demand",
        "category": "wages",
        "complexity": "hard",
        "description": "某建筑公司拖欠12名农民工工资共计约8万元。",
        "employer": "兰州某建筑公司",
        "county_code": "620102",
        "workers_affected": 12,
        "amount_involved": "80000",
        **overrides,
    }


def create(client, headers, **overrides):
    return client.post(CASES, body(**overrides), content_type=JSON, **headers)


def act(client, headers, number: str, action: str, data: dict | None = None):
    return client.post(f"{CASES}/{number}/{action}", data or {}, content_type=JSON, **headers)


def detail(client, headers, number: str) -> dict:
    response = client.get(f"{CASES}/{number}", **headers)
    assert response.status_code == 200, response.content
    return response.json()


def nothing_written() -> bool:
    return not (
        Case.objects.exists()
        or CaseEvent.objects.exists()
        or CaseSequence.objects.exists()
        or AuditLog.objects.filter(action="case.intake").exists()
    )


def now_iso() -> str:
    return timezone.localtime().isoformat()


# --- intake ---------------------------------------------------------------------------------


def test_intake_answers_201_with_number_and_deadline_in_beijing_time(client, agent, tree):
    response = create(client, auth(client, agent))
    assert response.status_code == 201, response.content
    created = response.json()
    case = Case.objects.get()
    # 较难, received 2026-09-30: 5 working days after the National Day holiday and the 10-11
    # make-up Saturday.
    assert created == {
        "number": "12351-20260930-0001",
        "status": "received",
        "deadline": "2026-10-13T23:59:59.999999+08:00",
        "version": 1,
    }
    assert NUMBER.match(created["number"])
    assert (case.holder, case.county, case.created_by) == (tree.province, tree.chengguan, agent)
    assert str(case.amount_involved) == "80000.00"


def test_intake_numbers_run_per_day_and_times_in_utc_are_shown_in_beijing_time(client, agent):
    headers = auth(client, agent)
    first = create(client, headers, received_at="2026-09-30T02:00:00Z").json()
    second = create(client, headers, received_at="2026-09-30T17:59:00Z").json()
    assert first["number"] == "12351-20260930-0001"
    # 17:59 UTC is 01:59 the next day in Beijing.
    assert second["number"] == "12351-20261001-0001"
    shown = detail(client, headers, first["number"])
    assert shown["received_at"] == "2026-09-30T10:00:00+08:00"
    assert shown["deadline"] == "2026-10-13T23:59:59.999999+08:00"


@pytest.mark.parametrize("code", ["620102", "620102001000"])
def test_county_code_of_6_or_12_digits_finds_the_county_union(client, agent, tree, code):
    response = create(client, auth(client, agent), county_code=code)
    assert response.status_code == 201
    assert Case.objects.get().county == tree.chengguan


def test_intake_without_county_or_options(client, agent):
    data = body(complexity="complex")
    for optional in ("county_code", "employer", "workers_affected", "amount_involved"):
        del data[optional]
    response = client.post(CASES, data, content_type=JSON, **auth(client, agent))
    assert response.status_code == 201
    assert response.json()["deadline"] == "2026-10-15T23:59:59.999999+08:00"
    case = Case.objects.get()
    assert (case.county, case.workers_affected, case.employer) == (None, 1, "")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"caller_phone": "12345"}, "caller_phone", services.CALLER_PHONE_INVALID),
        ({"channel": "fax"}, "channel", services.CHOICE_REQUIRED.format(label="来源渠道")),
        ({"kind": "complaint"}, "kind", services.CHOICE_REQUIRED.format(label="诉求类别")),
        ({"complexity": "easy"}, "complexity", services.CHOICE_REQUIRED.format(label="复杂程度")),
        ({"caller_name": "  "}, "caller_name", services.TEXT_REQUIRED.format(label="来电人姓名")),
        ({"county_code": "62010"}, "county_code", COUNTY_CODE_INVALID),
        ({"county_code": "629999"}, "county_code", COUNTY_UNKNOWN.format(code="629999")),
        (
            {"received_at": "2999-01-01T09:00:00+08:00"},
            "received_at",
            services.RECEIVED_IN_FUTURE,
        ),
        ({"id_number": "620102198506060045"}, "id_number", ID_CHECKSUM),
        (
            {"amount_involved": "-5"},
            "amount_involved",
            money_message("涉及金额"),
        ),
    ],
)
def test_bad_intake_is_400_in_chinese_and_writes_nothing(
    client, agent, tree, overrides, field, message
):
    response = create(client, auth(client, agent), **overrides)
    assert response.status_code == 400, response.content
    assert (response.json()["message"], response.json()["field"]) == (message, field)
    assert nothing_written()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"received_at": "昨天上午"}, "请求参数有误：received_at 格式不正确。"),
        ({"workers_affected": -1}, "请求参数有误：workers_affected 不能小于 0。"),
        ({"caller_name": None}, "请求参数有误：caller_name 应为文本。"),
        ({"description": "欠" * 5001}, "请求参数有误：description 不能超过 5000 个字。"),
    ],
)
def test_malformed_intake_is_422_in_chinese_and_writes_nothing(
    client, agent, tree, overrides, message
):
    response = create(client, auth(client, agent), **overrides)
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["message"]) == ("invalid", message)
    assert nothing_written()


def test_missing_intake_fields_are_all_named(client, agent):
    response = client.post(CASES, {"channel": "phone"}, content_type=JSON, **auth(client, agent))
    assert response.status_code == 422
    assert response.json()["message"] == (
        "请求参数有误：received_at 必须填写；caller_name 必须填写；caller_phone 必须填写；"
        "kind 必须填写；category 必须填写；complexity 必须填写；description 必须填写。"
    )
    assert nothing_written()


def test_only_agents_take_calls_over_the_api(client, staff):
    response = create(client, auth(client, staff.county_admin))
    assert response.status_code == 403
    assert response.json() == {"code": "forbidden", "message": PERMISSION_DENIED}
    assert nothing_written()
    assert AuditLog.objects.get(action="access.denied").changes == {
        "permission": "hotline.intake_case"
    }


def test_no_token_is_401(client, db):
    assert client.post(CASES, body(), content_type=JSON).status_code == 401
    assert client.get(CASES).status_code == 401


# --- the whole flow -------------------------------------------------------------------------


def test_every_step_over_the_api(client, agent, staff, tree, township_staff):
    agent_h = auth(client, agent)
    county_h = auth(client, staff.county_admin)
    township_h = auth(client, township_staff)
    city_h = auth(client, staff.city_admin)
    number = create(client, agent_h, received_at=now_iso()).json()["number"]

    shown = detail(client, agent_h, number)
    assert (shown["caller_name"], shown["caller_phone"]) == ("李**", "139****4321")
    assert shown["version"] == 1

    # 派单 to the county.
    r = act(client, agent_h, number, "dispatch", {"to_org_id": tree.chengguan.pk, "version": 1})
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["holder_name"], r.json()["version"]) == (
        "dispatched",
        "城关区总工会",
        2,
    )
    assert r.json()["dispatch_in_time"] is True
    assert OFFSET.match(r.json()["dispatched_at"])

    # 接单 by the county.
    r = act(client, county_h, number, "accept", {"version": 2})
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["handler"]) == ("accepted", "cg_admin")

    # 转派 down to the township.
    r = act(
        client,
        county_h,
        number,
        "transfer",
        {"to_org_id": tree.donggang.pk, "note": "请街道核实", "version": 3},
    )
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["holder_id"]) == ("dispatched", tree.donggang.pk)

    # The township accepts, notes a contact with the caller, is pressed by the city, closes.
    assert act(client, township_h, number, "accept", {"version": 4}).status_code == 200
    r = act(client, township_h, number, "note", {"note": "已电话联系来电人", "contact": True})
    assert r.status_code == 201, r.content
    assert r.json()["version"] == 5
    r = act(client, city_h, number, "supervise", {"note": "请加快办理"})
    assert r.status_code == 200, r.content
    assert (r.json()["supervised"], r.json()["supervise_count"], r.json()["version"]) == (
        True,
        1,
        5,
    )
    r = act(
        client,
        township_h,
        number,
        "close",
        {
            "result": "resolved",
            "outcome": "协调企业支付全部欠薪。",
            "money_recovered": 12000,
            "workers_benefited": 12,
            "lawyer": "王律师",
            "version": 5,
        },
    )
    assert r.status_code == 200, r.content
    closed = r.json()
    assert (closed["status"], closed["money_recovered"], closed["workers_benefited"]) == (
        "closed",
        "12000.00",
        12,
    )
    assert closed["lawyer"] == "王律师"
    assert OFFSET.match(closed["closed_at"])

    # 回访: 不满意, reopened at the same township and handler with a new deadline.
    r = act(
        client,
        agent_h,
        number,
        "callback",
        {"rating": "unsatisfied", "comment": "工资只发了一半", "reopen": True, "version": 6},
    )
    assert r.status_code == 200, r.content
    reopened = r.json()
    assert (reopened["status"], reopened["reopen_count"], reopened["rating"]) == (
        "accepted",
        1,
        "unsatisfied",
    )
    assert (reopened["holder_id"], reopened["handler"]) == (tree.donggang.pk, "dg_staff")
    case = Case.objects.get()
    assert reopened["deadline"] == timezone.localtime(case.deadline).isoformat()
    assert OFFSET.match(reopened["deadline"])

    timeline = detail(client, county_h, number)["timeline"]
    assert [e["action"] for e in timeline] == [
        "intake",
        "dispatch",
        "accept",
        "transfer",
        "accept",
        "contact",
        "supervise",
        "close",
        "callback",
        "reopen",
    ]
    transfer = timeline[3]
    assert (transfer["actor"], transfer["actor_org"], transfer["from_org"], transfer["to_org"]) == (
        "cg_admin",
        "城关区总工会",
        "城关区总工会",
        "东岗西路街道工会",
    )
    assert (transfer["note"], transfer["action_label"]) == ("请街道核实", "转派")
    assert all(OFFSET.match(e["at"]) for e in timeline)
    assert timeline[7]["data"]["money_recovered"] == "12000.00"


def test_return_goes_back_to_the_centre_and_reopen_is_callback_with_reopening(
    client, agent, staff, tree, case_in
):
    agent_h, county_h = auth(client, agent), auth(client, staff.county_admin)
    number = case_in("dispatched").number
    refused = act(client, county_h, number, "return", {"reason": " ", "version": 2})
    assert refused.status_code == 400
    assert refused.json()["message"] == "请填写退单原因。"
    r = act(client, county_h, number, "return", {"reason": "不属本区管辖", "version": 2})
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["holder_id"]) == ("returned", tree.province.pk)
    # Back at the centre: the county no longer sees it.
    assert client.get(f"{CASES}/{number}", **county_h).status_code == 404

    closed = case_in("closed")
    r = act(client, agent_h, closed.number, "reopen", {"comment": "没解决", "version": 4})
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["rating"], r.json()["reopen_count"]) == (
        "accepted",
        "unsatisfied",
        1,
    )
    assert [e["action"] for e in r.json()["timeline"]][-2:] == ["callback", "reopen"]


def test_satisfied_callback_cannot_reopen(client, agent, case_in):
    number = case_in("closed").number
    r = act(
        client,
        auth(client, agent),
        number,
        "callback",
        {"rating": "satisfied", "reopen": True, "version": 4},
    )
    assert r.status_code == 400
    assert r.json()["message"] == services.REOPEN_NEEDS_UNSATISFIED
    assert Case.objects.get().status == "closed"


# --- refusals -------------------------------------------------------------------------------


def test_wrong_state_is_400_and_changes_nothing(client, agent, staff, case_in):
    case = case_in("dispatched")
    again = act(
        client,
        auth(client, agent),
        case.number,
        "dispatch",
        {"to_org_id": case.holder_id, "version": 2},
    )
    assert again.status_code == 400
    assert again.json() == {
        "code": "wrong_status",
        "message": services.WRONG_STATUS.format(status="已派单", action="派单"),
    }
    close = act(
        client,
        auth(client, staff.county_admin),
        case.number,
        "close",
        {"result": "resolved", "outcome": "已办", "version": 2},
    )
    assert close.status_code == 400
    assert close.json()["message"] == services.WRONG_STATUS.format(status="已派单", action="办结")
    case.refresh_from_db()
    assert (case.status, case.version, case.events.count()) == ("dispatched", 2, 2)


def test_stale_version_is_409_with_the_services_message(client, staff, case_in):
    case = case_in("dispatched")
    r = act(client, auth(client, staff.county_admin), case.number, "accept", {"version": 1})
    assert r.status_code == 409
    assert r.json() == {"code": "stale", "message": services.STALE}
    case.refresh_from_db()
    assert (case.status, case.version) == ("dispatched", 2)


def test_missing_version_is_422(client, staff, case_in):
    case = case_in("dispatched")
    r = act(client, auth(client, staff.county_admin), case.number, "accept", {})
    assert r.status_code == 422
    assert r.json()["message"] == "请求参数有误：version 必须填写。"


def test_sibling_county_cannot_see_or_act_on_the_case(client, staff, case_in):
    case = case_in("dispatched")
    headers = auth(client, staff.sibling_admin)
    response = client.get(f"{CASES}/{case.number}", **headers)
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": CASE_NOT_FOUND}
    row = AuditLog.objects.get(action="access.denied")
    assert (row.actor, row.object_type, row.object_id, row.result) == (
        staff.sibling_admin,
        "case",
        str(case.pk),
        "denied",
    )
    accept = act(client, headers, case.number, "accept", {"version": 2})
    assert accept.status_code == 404
    assert Case.objects.get().status == "dispatched"
    # A number that does not exist reads the same.
    assert client.get(f"{CASES}/12351-20260101-9999", **headers).json()["message"] == (
        CASE_NOT_FOUND
    )
    assert client.get(CASES, **headers).json() == {"items": [], "count": 0}


def test_wrong_org_or_role_is_403(client, agent, staff, case_in, township_staff):
    case = case_in("accepted")
    # The holder cannot supervise itself.
    own = act(client, auth(client, staff.county_admin), case.number, "supervise", {"note": "快"})
    assert own.status_code == 403
    assert own.json()["message"] == services.NOT_ABOVE.format(holder="城关区总工会")
    # An agent sees every case but does not handle it; staff do not call back.
    assert act(client, auth(client, agent), case.number, "accept", {"version": 3}).json() == {
        "code": "forbidden",
        "message": PERMISSION_DENIED,
    }
    callback = act(
        client,
        auth(client, staff.county_admin),
        case.number,
        "callback",
        {"rating": "satisfied", "version": 3},
    )
    assert callback.status_code == 403
    # An auditor may read it but not write a note.
    auditor = auth(client, staff.county_auditor)
    assert client.get(f"{CASES}/{case.number}", **auditor).status_code == 200
    note = act(client, auditor, case.number, "note", {"note": "看过"})
    assert note.status_code == 403
    assert note.json()["message"] == services.NO_PERMISSION.format(action="记录办理进展")
    assert not CaseEvent.objects.filter(action="note").exists()
    assert Case.objects.get().supervise_count == 0


def test_transfer_outside_the_holders_subtree_is_400(client, staff, tree, case_in):
    case = case_in("accepted")
    r = act(
        client,
        auth(client, staff.county_admin),
        case.number,
        "transfer",
        {"to_org_id": tree.xiyuan.pk, "version": 3},
    )
    assert r.status_code == 400
    assert r.json()["message"] == services.TRANSFER_NOT_BELOW.format(holder="城关区总工会")
    unknown = act(
        client,
        auth(client, staff.county_admin),
        case.number,
        "transfer",
        {"to_org_id": 999999, "version": 3},
    )
    assert (unknown.status_code, unknown.json()["code"]) == (400, "org_unknown")


# --- the list -------------------------------------------------------------------------------


def test_list_filters_by_status_overdue_and_org(client, agent, staff, tree, case_in):
    agent_h = auth(client, agent)
    # Received 2026-09-30, due 2026-10-13: long overdue.
    late = Case.objects.get(number=create(client, agent_h).json()["number"])
    # Received now, 复杂: due in 15 days.
    fresh = create(client, agent_h, received_at=now_iso(), complexity="complex").json()["number"]
    dispatched = case_in("dispatched").number
    done = case_in("evaluated").number

    def numbers(headers=agent_h, **params):
        response = client.get(CASES, params, **headers)
        assert response.status_code == 200, response.content
        return [c["number"] for c in response.json()["items"]]

    everything = numbers()
    assert set(everything) == {late.number, fresh, dispatched, done}
    assert numbers(status="received") == [fresh, late.number]
    assert numbers(status="evaluated") == [done]
    assert numbers(overdue="true") == [late.number]
    assert set(numbers(overdue="false")) == {fresh, dispatched, done}
    assert numbers(org=tree.chengguan.pk) == [done, dispatched]
    assert numbers(org=tree.qilihe.pk) == []

    item = next(
        c for c in client.get(CASES, **agent_h).json()["items"] if c["number"] == late.number
    )
    assert item["overdue"] is True
    assert item["deadline"] == "2026-10-13T23:59:59.999999+08:00"
    assert item["received_at"] == "2026-09-30T10:00:00+08:00"
    assert "caller_name" not in item

    # The county sees only what it holds.
    county_h = auth(client, staff.county_admin)
    assert numbers(county_h) == [done, dispatched]
    outside = client.get(CASES, {"org": tree.qilihe.pk}, **county_h)
    assert outside.status_code == 404
    assert AuditLog.objects.filter(action="access.denied", actor=staff.county_admin).exists()


def test_overdue_follows_the_clock(client, agent, staff, case_in, monkeypatch):
    """Time frozen past the deadline in the API module only: the token still checks against
    the real clock."""
    case = case_in("dispatched")
    headers = auth(client, staff.county_admin)
    assert client.get(CASES, {"overdue": "true"}, **headers).json()["count"] == 0

    class Frozen:
        def __getattr__(self, name):
            return getattr(timezone, name)

        @staticmethod
        def now():
            return case.deadline + timedelta(microseconds=1)

    monkeypatch.setattr("gonghui.hotline.api.cases.timezone", Frozen())
    listed = client.get(CASES, {"overdue": "true"}, **headers).json()
    assert listed["count"] == 1
    assert listed["items"][0]["overdue"] is True
    assert detail(client, headers, case.number)["overdue"] is True


def test_list_paginates_with_count(client, agent, settings):
    settings.HOTLINE_PAGE_SIZE = 2
    headers = auth(client, agent)
    made = [
        create(client, headers, received_at=f"2026-09-30T1{i}:00:00+08:00").json()["number"]
        for i in range(5)
    ]
    newest_first = list(reversed(made))

    def page(n):
        return client.get(CASES, {"page": n}, **headers)

    assert [c["number"] for c in page(1).json()["items"]] == newest_first[:2]
    assert [c["number"] for c in page(3).json()["items"]] == newest_first[4:]
    assert page(4).status_code == 404
    assert page(4).json()["message"] == PAGE_OUT_OF_RANGE.format(page=4, pages=3)
    assert page(0).status_code == 422


# --- callers' look-up -----------------------------------------------------------------------


def lookup(client, number, phone=PHONE, ip="10.0.0.1"):
    return client.post(
        LOOKUP, {"number": number, "phone": phone}, content_type=JSON, REMOTE_ADDR=ip
    )


def test_lookup_by_get_still_answers_and_is_documented_as_deprecated(client, case_in):
    case = case_in("received")
    found = client.get(LOOKUP, {"number": case.number, "phone": PHONE}, REMOTE_ADDR="10.0.9.1")
    assert found.status_code == 200 and found.json()["number"] == case.number
    assert found.json() == lookup(client, case.number, ip="10.0.9.1").json()
    operations = client.get("/api/v1/openapi.json").json()["paths"][LOOKUP]
    assert operations["get"]["deprecated"] is True
    assert "deprecated" not in operations["post"]
    body = operations["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/LookupIn"}


def test_lookup_shows_status_and_steps_without_personal_data(
    client, staff, case_in, township_staff
):
    case = case_in("accepted")
    services.case_note(
        actor=staff.county_admin, case=case, note="已联系李建国，电话13987654321", contact=True
    )
    response = lookup(client, case.number, phone="139-8765-4321")
    assert response.status_code == 200, response.content
    shown = response.json()
    assert (shown["number"], shown["status"], shown["status_label"]) == (
        case.number,
        "accepted",
        "办理中",
    )
    assert OFFSET.match(shown["deadline"])
    assert [(e["action"], e["org"], e["to_org"]) for e in shown["timeline"]] == [
        ("intake", "甘肃省总工会", "甘肃省总工会"),
        ("dispatch", "甘肃省总工会", "城关区总工会"),
        ("accept", "甘肃省总工会", ""),
        ("contact", "城关区总工会", ""),
    ]
    assert shown["timeline"][1]["action_label"] == "派单"
    text = response.content.decode()
    for secret in ("李", "13987654321", "139****4321", "sysadmin", "cg_admin", "欠", "已联系"):
        assert secret not in text, secret
    assert set(shown["timeline"][0]) == {"at", "action", "action_label", "org", "to_org"}


def test_lookup_without_a_token_and_with_the_same_404_for_any_mismatch(client, case_in):
    case = case_in("received")
    wrong_phone = lookup(client, case.number, phone="13900000000")
    wrong_number = lookup(client, "12351-20200101-0001")
    malformed_phone = lookup(client, case.number, phone="abc")
    for response in (wrong_phone, wrong_number, malformed_phone):
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": LOOKUP_NOT_FOUND}
    assert lookup(client, f" {case.number} ").status_code == 200
    missing = client.post(LOOKUP, {"number": case.number}, content_type=JSON)
    assert missing.status_code == 422
    assert missing.json()["message"] == "请求参数有误：phone 必须填写。"


def test_lookup_is_limited_per_client_ip(client, case_in):
    case = case_in("received")
    for i in range(LOOKUP_LIMIT):
        assert lookup(client, f"12351-20200101-{i:04d}", phone=f"1390000{i:04d}").status_code == 404
    # The eleventh attempt is refused even with the right number and phone.
    refused = lookup(client, case.number)
    assert refused.status_code == 429
    assert refused.json() == {"code": "rate_limited", "message": LOOKUP_RATE_LIMITED}
    # Another client is not held up, and the refused client's further tries do not count
    # against the case number.
    for _ in range(LOOKUP_LIMIT):
        assert lookup(client, case.number).status_code == 429
    for i in range(LOOKUP_LIMIT):
        assert lookup(client, case.number, ip=f"10.0.0.{i + 2}").status_code == 200


def test_lookup_is_limited_per_case_number(client, case_in):
    case = case_in("received")
    for i in range(LOOKUP_LIMIT):
        assert (
            lookup(client, case.number, phone=f"1390000{i:04d}", ip=f"10.0.1.{i}").status_code
            == 404
        )
    refused = lookup(client, case.number, ip="10.0.2.1")
    assert refused.status_code == 429
    assert refused.json()["message"] == LOOKUP_RATE_LIMITED


def test_lookup_is_limited_per_phone(client, case_in):
    """One phone tried against many case numbers from many addresses (a carrier's NAT pool)."""
    case = case_in("received")
    for i in range(LOOKUP_LIMIT):
        wrong = lookup(client, f"12351-20200101-{i:04d}", ip=f"10.0.3.{i}")
        assert wrong.status_code == 404
    refused = lookup(client, case.number, phone="139 8765 4321", ip="10.0.4.1")
    assert refused.status_code == 429
    assert refused.json()["message"] == LOOKUP_RATE_LIMITED
    # Another phone from that address is not held up (its number count is 1 of 10).
    assert lookup(client, case.number, phone="13900000000", ip="10.0.4.1").status_code == 404


def test_lookup_limit_ends_with_the_window(client, case_in):
    case = case_in("received")
    for _ in range(LOOKUP_LIMIT):
        assert lookup(client, case.number).status_code == 200
    assert lookup(client, case.number).status_code == 429
    RateCounter.objects.update(expires=0)  # what the end of the 10-minute window does
    assert lookup(client, case.number).status_code == 200


def test_list_and_detail_query_counts_do_not_grow(client, agent, staff, case_in):
    headers = auth(client, agent)
    first = case_in("accepted")

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, **headers).status_code == 200
        return len(ctx.captured_queries)

    queries(CASES)  # warm: the session's once-a-minute save and the user's kept permissions
    one_list, one_detail = queries(CASES), queries(f"{CASES}/{first.number}")
    for _ in range(3):
        case_in("evaluated")
    services.case_note(actor=staff.county_admin, case=first, note="进展一")
    services.case_note(actor=staff.county_admin, case=first, note="进展二", contact=True)
    assert queries(CASES) == one_list
    assert queries(f"{CASES}/{first.number}") == one_detail


def test_openapi_lists_the_hotline_and_leaves_the_lookup_open(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for action in ("dispatch", "accept", "return", "transfer", "note", "close", "callback"):
        assert paths[f"/api/v1/hotline/cases/{{number}}/{action}"]["post"]["security"] == [
            {"BearerToken": []}
        ]
    assert "reopen" in str(paths) and "supervise" in str(paths)
    assert "security" not in paths["/api/v1/hotline/lookup"]["post"]
    assert "security" not in paths["/api/v1/hotline/lookup"]["get"]
    assert paths["/api/v1/hotline/cases"]["get"]["security"] == [{"BearerToken": []}]


def test_dispatch_over_the_api_may_regrade_the_complexity(client, agent, tree):
    headers = auth(client, agent)
    created = create(client, headers, received_at="2026-09-30T10:00:00+08:00", complexity="simple")
    assert created.json()["deadline"] == "2026-09-30T23:59:59.999999+08:00"
    number = created.json()["number"]
    r = act(
        client,
        headers,
        number,
        "dispatch",
        {"to_org_id": tree.chengguan.pk, "version": 1, "complexity": "hard"},
    )
    assert r.status_code == 200, r.content
    assert r.json()["deadline"] == "2026-10-13T23:59:59.999999+08:00"
