"""A worker's own complaint online: `POST /api/v1/hotline/online`, no token, rate-limited."""

import pytest
from django.urls import reverse

from gonghui.audit.models import AuditLog
from gonghui.core.cleaning import money_message
from gonghui.core.models import RateCounter
from gonghui.hotline import services
from gonghui.hotline.api import COUNTY_CODE_INVALID
from gonghui.hotline.callers import ONLINE_CALLER_LIMITED, ONLINE_LIMIT, ONLINE_RATE_LIMITED
from gonghui.hotline.codes import CaseStatus, Channel, Complexity, EventAction
from gonghui.hotline.models import Case, CaseEvent, CaseSequence
from gonghui.hotline.tests.conftest import PHONE
from gonghui.hotline.tests.test_api import NUMBER, OFFSET

pytestmark = pytest.mark.django_db

JSON = "application/json"
ONLINE = "/api/v1/hotline/online"


def body(**overrides) -> dict:
    return {
        "caller_name": "李建国",
        "caller_phone": PHONE,
        "kind": "demand",
        "category": "wages",
        "description": "公司拖欠我和11名工友三个月工资。",
        "employer": "兰州某建筑公司",
        "county_code": "620102",
        **overrides,
    }


def file(client, ip="10.1.0.1", **overrides):
    return client.post(ONLINE, body(**overrides), content_type=JSON, REMOTE_ADDR=ip)


def nothing_written() -> bool:
    return not (
        Case.objects.exists() or CaseEvent.objects.exists() or CaseSequence.objects.exists()
    )


def test_a_worker_files_online_without_a_token_and_the_case_waits_for_dispatch(client, tree, agent):
    response = file(client, workers_affected=12, amount_involved="36000.50")
    assert response.status_code == 201, response.content
    answer = response.json()
    assert set(answer) == {"number", "status", "deadline", "message"}
    assert NUMBER.match(answer["number"]) and OFFSET.match(answer["deadline"])
    assert answer["status"] == "received"
    assert answer["number"] in answer["message"] and "联系电话" in answer["message"]

    case = Case.objects.get(number=answer["number"])
    assert (case.channel, case.complexity, case.status) == (
        Channel.ONLINE,
        Complexity.SIMPLE,
        CaseStatus.RECEIVED,
    )
    assert case.holder == tree.province and case.county == tree.chengguan
    assert case.created_by is None and case.caller_phone == PHONE
    assert str(case.amount_involved) == "36000.50" and case.workers_affected == 12
    assert case.received_at == case.deadline_from

    event = case.events.get()
    assert (event.action, event.actor, event.actor_org) == (EventAction.INTAKE, None, None)
    row = AuditLog.objects.get(action="case.intake")
    assert (row.actor, row.actor_username, row.object_id) == (None, "", str(case.pk))
    assert row.changes["channel"] == "online" and PHONE not in str(row.changes)

    client.force_login(agent)
    console = client.get(reverse("hotline:console"))
    assert [c.number for c in console.context["queue"]] == [case.number]
    # The worker can look it up with the number and his phone.
    found = client.post(
        "/api/v1/hotline/lookup",
        {"number": case.number, "phone": PHONE},
        content_type=JSON,
        REMOTE_ADDR="10.1.0.1",
    )
    assert found.status_code == 200


def test_channel_complexity_and_time_cannot_be_chosen_by_the_worker(client, tree):
    response = file(
        client, channel="phone", complexity="complex", received_at="2020-01-01T08:00:00+08:00"
    )
    assert response.status_code == 201
    case = Case.objects.get()
    assert (case.channel, case.complexity) == ("online", "simple")
    assert case.received_at.year >= 2026


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"caller_name": "  "}, "caller_name", services.TEXT_REQUIRED.format(label="来电人姓名")),
        (
            {"caller_phone": "12345"},
            "caller_phone",
            services.CALLER_PHONE_INVALID,
        ),
        ({"kind": "complaint"}, "kind", services.CHOICE_REQUIRED.format(label="诉求类别")),
        ({"category": "pay"}, "category", services.CHOICE_REQUIRED.format(label="问题分类")),
        ({"description": ""}, "description", services.TEXT_REQUIRED.format(label="诉求内容")),
        ({"county_code": "62"}, "county_code", COUNTY_CODE_INVALID),
        ({"id_number": "620102198506060045"}, "id_number", None),
        (
            {"amount_involved": "-5"},
            "amount_involved",
            money_message("涉及金额"),
        ),
    ],
)
def test_bad_input_is_400_in_chinese_writes_nothing_and_does_not_count(
    client, tree, overrides, field, message
):
    for _ in range(ONLINE_LIMIT + 1):
        response = file(client, **overrides)
        assert response.status_code == 400, response.content
        assert response.json()["field"] == field
        if message:
            assert response.json()["message"] == message
    assert nothing_written()
    assert not AuditLog.objects.filter(action="case.intake").exists()
    # The refused attempts were not counted against the client.
    assert file(client).status_code == 201


def test_malformed_input_is_422_in_chinese_and_writes_nothing(client, tree):
    missing = client.post(ONLINE, {"caller_name": "李建国"}, content_type=JSON)
    assert missing.status_code == 422
    assert missing.json()["message"] == (
        "请求参数有误：caller_phone 必须填写；kind 必须填写；category 必须填写；"
        "description 必须填写。"
    )
    too_long = file(client, description="欠" * 5001)
    assert too_long.status_code == 422
    assert too_long.json()["message"] == "请求参数有误：description 不能超过 5000 个字。"
    assert nothing_written()


def test_at_most_five_complaints_an_hour_per_client_ip(client, tree):
    for i in range(ONLINE_LIMIT):
        assert file(client, caller_phone=f"1390000000{i}").status_code == 201
    refused = file(client, caller_phone="13900000009")
    assert refused.status_code == 429
    assert refused.json() == {"code": "rate_limited", "message": ONLINE_RATE_LIMITED}
    assert Case.objects.count() == ONLINE_LIMIT
    # Another client is not held up; the look-up has its own limit.
    assert file(client, ip="10.1.0.2").status_code == 201
    RateCounter.objects.update(expires=0)  # what the end of the hour does
    assert file(client, caller_phone="13900000009").status_code == 201


def test_at_most_five_complaints_an_hour_per_phone_whatever_the_ip(client, tree):
    """A workplace behind a carrier's NAT shares one IP; one phone behind many IPs is one."""
    for i in range(ONLINE_LIMIT):
        assert file(client, ip=f"10.2.0.{i}").status_code == 201
    refused = file(client, ip="10.2.0.9", caller_phone=f" {PHONE[:3]} {PHONE[3:]} ")
    assert refused.status_code == 429
    assert refused.json()["message"] == ONLINE_CALLER_LIMITED.format(n=ONLINE_LIMIT)
    # The refusal gave the new IP's attempt back, and another phone on it is not held up.
    for i in range(ONLINE_LIMIT):
        assert file(client, ip="10.2.0.9", caller_phone=f"1390000000{i}").status_code == 201
    assert Case.objects.count() == 2 * ONLINE_LIMIT


def test_openapi_leaves_the_online_intake_open(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "security" not in paths["/api/v1/hotline/online"]["post"]
