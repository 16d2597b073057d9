"""12351 online in the worker portal: the complaint form, 我的工单, the case page with the rating,
and the public look-up page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.audit.models import AuditLog
from gonghui.conftest import VALID_IDS
from gonghui.core.models import RateCounter
from gonghui.hotline import services
from gonghui.hotline.callers import (
    LOOKUP_LIMIT,
    LOOKUP_RATE_LIMITED,
    ONLINE_CALLER_LIMITED,
    ONLINE_LIMIT,
    ONLINE_RATE_LIMITED,
)
from gonghui.hotline.codes import (
    CaseStatus,
    Category,
    Channel,
    Complexity,
    EventAction,
    Kind,
    Rating,
    Result,
)
from gonghui.hotline.models import Case, CaseAttachment, CaseEvent, CaseSequence
from gonghui.hotline.selectors import LOOKUP_NOT_FOUND
from gonghui.hotline.services import (
    ALREADY_RATED,
    RATE_NOT_CLOSED,
    REOPEN_NEEDS_UNSATISFIED,
)
from gonghui.hotline.tests.test_views import png_bytes
from gonghui.portal.views.complaints import COUNTY_UNKNOWN, RATED

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
OTHER_PHONE = "13800001111"
NEW = reverse("portal:complaint_new")
MINE = reverse("portal:my_cases")
LOOKUP = reverse("portal:case_lookup")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def member_worker(tree, make_member, make_worker):
    member = make_member(tree.base_a, id_number=VALID_IDS[3], name="王小明", phone=PHONE)
    return make_worker(PHONE, name="王小明", id_number=VALID_IDS[3], member=member)


@pytest.fixture
def client_of(worker_client, member_worker):
    return worker_client(member_worker)


def html(response) -> str:
    return response.content.decode()


def png(name="工资条.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def form(**overrides) -> dict:
    data = {
        "kind": Kind.DEMAND,
        "category": Category.WAGES,
        "description": "公司拖欠我三个月工资共1.2万元。",
        "employer": "兰州某建筑公司",
        "county": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def complain(client, ip="10.9.0.1", **overrides):
    return client.post(NEW, form(**overrides), REMOTE_ADDR=ip)


def nothing_written(media) -> bool:
    files = [f for f in media.rglob("*") if f.is_file()] if media.exists() else []
    return not (
        Case.objects.exists()
        or CaseEvent.objects.exists()
        or CaseAttachment.objects.exists()
        or CaseSequence.objects.exists()
        or files
    )


def call_in(actor, phone=PHONE, **overrides) -> Case:
    """A case taken by phone, as an agent registers it."""
    kwargs = dict(
        channel=Channel.PHONE,
        caller_name="王小明",
        caller_phone=phone,
        kind=Kind.DEMAND,
        category=Category.INJURY,
        complexity=Complexity.HARD,
        description="工伤认定迟迟不办。",
    )
    kwargs.update(overrides)
    return services.case_intake(actor=actor, **kwargs)


def close(actor, tree, case) -> Case:
    case = services.case_dispatch(
        actor=actor, case=case, to_org=tree.chengguan, expected_version=case.version
    )
    case = services.case_accept(actor=actor, case=case, expected_version=case.version)
    return services.case_close(
        actor=actor,
        case=case,
        result=Result.RESOLVED,
        outcome="经城关区总工会协调，企业已补发全部工资。",
        money_recovered="12000",
        workers_benefited=1,
        expected_version=case.version,
    )


# --- the complaint form ---------------------------------------------------------------------


def test_the_form_needs_a_logged_in_worker(client, tree):
    response = client.get(NEW)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))
    assert client.post(NEW, form()).status_code == 302
    assert not Case.objects.exists()


def test_a_member_files_a_complaint_with_files_and_sees_its_number_and_deadline(
    client_of, member_worker, tree, media
):
    page = client_of.get(NEW)
    assert page.status_code == 200
    text = html(page)
    assert "139****5678" in text and "王小明" in text
    assert 'name="caller_name"' not in text  # certified: his checked name is used
    assert '<optgroup label="兰州市总工会">' in text and "城关区总工会" in text

    response = client_of.post(
        NEW,
        form(
            county=str(tree.chengguan.pk),
            attachments=[png(), SimpleUploadedFile("合同.pdf", b"%PDF-1.4 contract")],
        ),
        REMOTE_ADDR="10.9.0.1",
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:case_detail", args=[case.number])
    assert (case.channel, case.status, case.complexity) == ("online", "received", "simple")
    assert (case.caller_name, case.caller_phone, case.caller_id_number) == (
        "王小明",
        PHONE,
        VALID_IDS[3],
    )
    assert case.member == member_worker.member
    assert (case.county, case.employer, case.category) == (
        tree.chengguan,
        "兰州某建筑公司",
        "wages",
    )
    assert sorted(case.attachments.values_list("original_name", flat=True)) == [
        "合同.pdf",
        "工资条.png",
    ]
    assert all((media / a.file.name).is_file() for a in case.attachments.all())

    shown = html(client_of.get(response["Location"]))
    assert f"您的诉求已受理，工单编号 {case.number}" in shown
    assert "办理时限" in shown and "工资条.png" in shown


def test_an_uncertified_worker_gives_his_name(worker_client, make_worker, tree):
    client = worker_client(make_worker(OTHER_PHONE))
    refused = complain(client)
    assert "请填写您的姓名。" in html(refused) and not Case.objects.exists()
    assert complain(client, caller_name="赵师傅").status_code == 302
    case = Case.objects.get()
    assert (case.caller_name, case.caller_phone, case.member) == ("赵师傅", OTHER_PHONE, None)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"description": "  "}, services.TEXT_REQUIRED.format(label="诉求内容")),
        ({"description": None}, services.TEXT_REQUIRED.format(label="诉求内容")),
        ({"category": "pay"}, services.CHOICE_REQUIRED.format(label="问题分类")),
        ({"category": ""}, services.CHOICE_REQUIRED.format(label="问题分类")),
        ({"kind": "complaint"}, services.CHOICE_REQUIRED.format(label="诉求类别")),
        ({"county": "999999"}, COUNTY_UNKNOWN),
        ({"description": "欠" * 5001}, services.TEXT_TOO_LONG.format(label="诉求内容", n=5000)),
        (
            {"attachments": [png(), SimpleUploadedFile("大.pdf", b"%PDF-" + b"0" * 10 * 2**20)]},
            services.ATTACHMENT_TOO_LARGE.format(name="大.pdf"),
        ),
        (
            {"attachments": [SimpleUploadedFile("工资.exe", b"MZ\x90\x00")]},
            "「工资.exe」的文件类型不支持",
        ),
        (
            {"attachments": [SimpleUploadedFile("照片.jpg", b"just text")]},
            "「照片.jpg」的内容与扩展名「.jpg」不符",
        ),
        (
            {"attachments": [png(f"{i}.png") for i in range(11)]},
            services.ONLINE_TOO_MANY_FILES.format(n=10),
        ),
    ],
)
def test_bad_input_is_told_in_chinese_keeps_the_input_and_writes_nothing(
    client_of, media, overrides, message
):
    response = complain(client_of, **overrides)
    assert response.status_code == 200
    text = html(response)
    assert message in text
    assert "兰州某建筑公司" in text  # the rest of the input is kept
    assert nothing_written(media)
    assert not AuditLog.objects.filter(action__startswith="case.").exists()


def test_at_most_five_complaints_an_hour_per_worker_whatever_his_network(client_of, tree):
    for i in range(5):
        assert complain(client_of, ip=f"10.9.1.{i}").status_code == 302
    refused = complain(client_of, ip="10.9.2.1")
    assert refused.status_code == 429
    assert ONLINE_CALLER_LIMITED.format(n=5) in html(refused)
    assert Case.objects.count() == 5
    # Refused ones do not count; an hour after the first he may file again.
    RateCounter.objects.update(expires=0)  # what the end of the hour does
    assert complain(client_of, ip="10.9.2.1").status_code == 302


def test_at_most_five_complaints_an_hour_per_client_ip_shared_with_the_api(
    client, worker_client, make_worker, tree
):
    ip = "10.9.3.1"
    api = {
        "caller_name": "李建国",
        "caller_phone": "13987654321",
        "kind": "demand",
        "category": "wages",
        "description": "拖欠工资。",
    }
    for _ in range(2):
        response = client.post(
            "/api/v1/hotline/online", api, content_type="application/json", REMOTE_ADDR=ip
        )
        assert response.status_code == 201
    workers = [
        worker_client(make_worker(f"1370000000{i}", name="", id_number="")) for i in range(4)
    ]
    # Bad input on the page does not use up the network's allowance.
    for _ in range(ONLINE_LIMIT):
        assert complain(workers[0], ip=ip, category="").status_code == 200
    for w in workers[:3]:
        assert complain(w, ip=ip, caller_name="职工").status_code == 302
    refused = complain(workers[3], ip=ip, caller_name="职工")
    assert refused.status_code == 429 and ONLINE_RATE_LIMITED in html(refused)
    assert Case.objects.count() == 5
    assert complain(workers[3], ip="10.9.3.2", caller_name="职工").status_code == 302


# --- 我的工单 ------------------------------------------------------------------------------


def test_my_cases_lists_the_worker_s_phone_s_cases_only_newest_first(client_of, staff, tree):
    call = call_in(staff.sysadmin)
    assert complain(client_of).status_code == 302
    online = Case.objects.get(channel=Channel.ONLINE)
    other = call_in(staff.sysadmin, phone=OTHER_PHONE)
    close(staff.sysadmin, tree, call)

    response = client_of.get(MINE)
    assert response.status_code == 200
    assert [c.number for c in response.context["page_obj"]] == [online.number, call.number]
    text = html(response)
    assert other.number not in text
    assert "待派单" in text and "已办结" in text and "待您评价" in text
    assert "网上" in text and "电话" in text


def test_my_cases_is_paginated_with_a_constant_number_of_queries(client_of, staff):
    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client_of.get(url).status_code == 200
        return len(ctx.captured_queries)

    call_in(staff.sysadmin)
    queries(MINE)  # warm: the session's once-a-minute save and the user's kept permissions
    one = queries(MINE)
    for _ in range(11):
        call_in(staff.sysadmin)
    assert queries(MINE) == one
    second = client_of.get(MINE, {"page": 2})
    assert len(second.context["page_obj"].object_list) == 2
    assert "第 2 / 2 页" in html(second)


def test_my_cases_when_there_are_none(client_of):
    response = client_of.get(MINE)
    assert response.status_code == 200 and "您还没有工单" in html(response)


# --- the case page --------------------------------------------------------------------------


def test_the_case_page_shows_the_steps_and_never_staff_names(client_of, staff, tree):
    case = call_in(staff.sysadmin)
    services.case_note(actor=staff.sysadmin, case=case, note="内部意见：联系张经理", contact=True)
    response = client_of.get(reverse("portal:case_detail", args=[case.number]))
    assert response.status_code == 200
    text = html(response)
    assert case.number in text and "待派单" in text and "工伤认定迟迟不办" in text
    assert [s["action"] for s in response.context["timeline"]] == ["intake", "contact"]
    assert "sysadmin" not in text and "张经理" not in text
    assert 'id="rating-form"' not in text and 'id="case-outcome"' not in text


def test_another_worker_s_case_and_a_missing_one_are_404(client_of, staff, tree):
    other = call_in(staff.sysadmin, phone=OTHER_PHONE)
    for number in (other.number, "12351-20200101-0001"):
        response = client_of.get(reverse("portal:case_detail", args=[number]))
        assert response.status_code == 404
        assert LOOKUP_NOT_FOUND in html(response)
    closed = close(staff.sysadmin, tree, other)
    rate = client_of.post(
        reverse("portal:case_detail", args=[closed.number]), {"rating": Rating.SATISFIED}
    )
    assert rate.status_code == 404
    assert Case.objects.get(pk=other.pk).status == CaseStatus.CLOSED


def rate(client, case, **data):
    return client.post(reverse("portal:case_detail", args=[case.number]), data)


def test_the_worker_rates_his_closed_case_once(client_of, staff, tree):
    case = close(staff.sysadmin, tree, call_in(staff.sysadmin))
    page = html(client_of.get(reverse("portal:case_detail", args=[case.number])))
    assert 'id="rating-form"' in page and "企业已补发全部工资" in page and "12000" in page

    response = rate(client_of, case, rating=Rating.SATISFIED, comment="感谢工会")
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.rating, case.rating_comment) == ("evaluated", "satisfied", "感谢工会")
    after = client_of.get(response["Location"])
    text = html(after)
    assert RATED in text and 'id="rating-form"' not in text and "职工评价" in text

    events = CaseEvent.objects.count()
    again = rate(client_of, case, rating=Rating.UNSATISFIED)
    assert again.status_code == 200 and ALREADY_RATED in html(again)
    assert CaseEvent.objects.count() == events
    assert Case.objects.get(pk=case.pk).rating == Rating.SATISFIED


def test_an_open_case_cannot_be_rated(client_of, staff):
    case = call_in(staff.sysadmin)
    response = rate(client_of, case, rating=Rating.SATISFIED)
    assert response.status_code == 200 and RATE_NOT_CLOSED in html(response)
    case.refresh_from_db()
    assert (case.status, case.rating) == ("received", "")


def test_unsatisfied_asks_for_the_case_to_be_handled_again(client_of, staff, tree):
    case = close(staff.sysadmin, tree, call_in(staff.sysadmin))
    refused = rate(client_of, case, rating=Rating.BASIC, reopen="on")
    assert REOPEN_NEEDS_UNSATISFIED in html(refused)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    missing = rate(client_of, case)
    assert "请选择评价。" in html(missing)

    response = rate(client_of, case, rating=Rating.UNSATISFIED, comment="只补了一半", reopen="on")
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.reopen_count, case.holder) == ("accepted", 1, tree.chengguan)
    text = html(client_of.get(response["Location"]))
    assert "已为您重新办理" in text and "重新办理" in text
    assert case.events.filter(action=EventAction.REOPEN).exists()


# --- the public look-up ---------------------------------------------------------------------


def look(client, number, phone=PHONE, ip="10.8.0.1"):
    return client.post(LOOKUP, {"number": number, "phone": phone}, REMOTE_ADDR=ip)


def test_lookup_needs_no_login_and_shows_status_and_steps_only(client, staff, tree):
    case = close(staff.sysadmin, tree, call_in(staff.sysadmin))
    assert client.get(LOOKUP).status_code == 200
    response = look(client, f" {case.number} ", phone="139-1234-5678")
    assert response.status_code == 200
    text = html(response)
    assert case.number in text and "已办结" in text and "工伤" in text
    assert [s["action"] for s in response.context["timeline"]] == [
        "intake",
        "dispatch",
        "accept",
        "close",
    ]
    for secret in ("王小明", PHONE, "工伤认定迟迟不办", "企业已补发", "sysadmin", "12000"):
        assert secret not in text, secret


def test_lookup_gives_the_same_not_found_for_a_wrong_number_or_phone(client, staff):
    case = call_in(staff.sysadmin)
    for number, phone in [(case.number, OTHER_PHONE), ("12351-20200101-0001", PHONE)]:
        response = look(client, number, phone)
        assert response.status_code == 404
        assert LOOKUP_NOT_FOUND in html(response) and "lookup-result" not in html(response)
    assert "请填写联系电话。" in html(look(client, case.number, ""))


def test_lookup_is_limited_per_client_ip_together_with_the_api(client, staff):
    case = call_in(staff.sysadmin)
    ip = "10.8.1.1"
    for i in range(LOOKUP_LIMIT // 2):
        api = client.post(
            "/api/v1/hotline/lookup",
            {"number": f"12351-20200101-{i:04d}", "phone": f"1390000{i:04d}"},
            content_type="application/json",
            REMOTE_ADDR=ip,
        )
        assert api.status_code == 404
    for i in range(LOOKUP_LIMIT // 2):
        assert look(client, f"12351-20200102-{i:04d}", ip=ip).status_code == 404
    refused = look(client, case.number, ip=ip)
    assert refused.status_code == 429
    assert LOOKUP_RATE_LIMITED in html(refused) and "lookup-result" not in html(refused)
    assert look(client, case.number, ip="10.8.1.2").status_code == 200
