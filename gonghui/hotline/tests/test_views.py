"""The 12351 workbench pages: who sees what, every action through its form, stale versions,
masked caller data, and attachments (type by extension and content, size, count, scope)."""

import re
import struct
import zlib
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.permissions import ROLE_AGENT, ROLE_STAFF, ROLE_UNION_ADMIN
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.hotline import services
from gonghui.hotline.codes import CaseStatus, EventAction
from gonghui.hotline.models import Case, CaseAttachment
from gonghui.hotline.tests.conftest import ID_NUMBER, PHONE, intake
from gonghui.orgs.tests.picking import picker_offers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def html(response) -> str:
    return response.content.decode()


def png_bytes() -> bytes:
    """A real 1×1 PNG, built here."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def png(name="工资条.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def url(name, case=None, **kwargs):
    if case is not None:
        kwargs["number"] = case.number
    return reverse(f"hotline:{name}", kwargs=kwargs or None)


def fresh(case) -> Case:
    return Case.objects.get(pk=case.pk)


INTAKE = {
    "channel": "phone",
    "received_at": "",
    "caller_name": "李建国",
    "caller_phone": PHONE,
    "id_number": "",
    "employer": "兰州某建筑公司",
    "kind": "demand",
    "category": "wages",
    "complexity": "hard",
    "workers_affected": "12",
    "amount_involved": "80000",
    "description": "拖欠12名农民工工资。",
}


def intake_data(tree, **overrides):
    data = dict(INTAKE)
    data["received_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    data["county"] = str(tree.chengguan.pk)
    data.update(overrides)
    return data


# --- who sees which page ----------------------------------------------------------------------


def test_console_renders_for_agent_only(client, agent, staff, tree):
    client.force_login(agent)
    page = html(client.get(url("console")))
    assert "接听登记" in page and "待派单" in page and "待回访" in page
    # The county is a search box over the county unions under the centre.
    offered = picker_offers(client, page, "county", "区")
    assert 'data-label="城关区总工会"' in offered and 'data-label="七里河区总工会"' in offered
    assert 'data-label="兰州市总工会"' not in offered and "东岗西路街道工会" not in offered
    client.force_login(staff.county_admin)
    assert client.get(url("console")).status_code == 403
    assert AuditLog.objects.filter(
        action="access.denied", result=AuditResult.DENIED, object_repr="/hotline/"
    ).exists()


def test_queue_and_detail_render_for_permitted_users(client, staff, agent, case_in):
    case = case_in("dispatched")  # held by 城关区
    for user in (agent, staff.county_admin, staff.county_staff, staff.city_admin):
        client.force_login(user)
        assert client.get(url("queue")).status_code == 200
        response = client.get(url("detail", case))
        assert response.status_code == 200, user
        assert case.number in html(response)


def test_nav_links_follow_permissions(client, agent, staff):
    client.force_login(agent)
    page = html(client.get(url("queue")))
    assert "坐席工作台" in page and "我的工单" in page
    client.force_login(staff.county_staff)
    page = html(client.get(url("queue")))
    assert "坐席工作台" not in page and "我的工单" in page


def test_pages_refuse_users_without_the_permission(client, make_user, tree, case_in):
    case = case_in("dispatched")
    nobody = make_user("nobody", tree.chengguan)
    client.force_login(nobody)
    for name in ("console", "queue"):
        assert client.get(url(name)).status_code == 403
    assert client.get(url("detail", case)).status_code == 403
    assert client.post(url("accept", case), {"accept-expected_version": 2}).status_code == 403


def test_out_of_scope_case_is_404_and_audited(client, staff, case_in):
    case = case_in("dispatched")  # 城关区
    client.force_login(staff.sibling_admin)  # 七里河区
    assert client.get(url("detail", case)).status_code == 404
    assert AuditLog.objects.filter(
        action="access.denied", object_id=str(case.pk), result=AuditResult.DENIED
    ).exists()
    assert client.get(url("detail", number="12351-20990101-0001")).status_code == 404
    response = client.post(url("accept", case), {"accept-expected_version": case.version})
    assert response.status_code == 404
    assert fresh(case).status == CaseStatus.DISPATCHED
    case.refresh_from_db()
    client.force_login(staff.county_admin)
    assert client.get(url("detail", case)).status_code == 200


def test_queue_lists_only_the_subtree(client, staff, case_in, tree, agent):
    mine = case_in("dispatched")
    other = intake(agent)
    services.case_dispatch(
        actor=agent, case=other, to_org=tree.qilihe, expected_version=other.version
    )
    client.force_login(staff.county_admin)
    page = html(client.get(url("queue")))
    assert mine.number in page and other.number not in page


# --- masked caller data -------------------------------------------------------------------------


def test_caller_data_is_masked_and_unmasked_only_with_the_grant(client, staff, agent, tree):
    case = intake(agent, id_number=ID_NUMBER)
    services.case_dispatch(
        actor=agent, case=case, to_org=tree.chengguan, expected_version=case.version
    )
    client.force_login(staff.county_admin)
    page = html(client.get(url("detail", case)))
    assert "李**" in page and "139****4321" in page and "620102********0044" in page
    assert PHONE not in page and ID_NUMBER not in page and "李建国" not in page
    assert "显示完整信息" not in page
    assert client.post(url("unmask", case)).status_code == 403

    client.force_login(staff.county_admin_pii)
    page = html(client.get(url("detail", case)))
    assert "显示完整信息" in page and PHONE not in page
    page = html(client.post(url("unmask", case)))
    assert PHONE in page and ID_NUMBER in page and "李建国" in page
    row = AuditLog.objects.filter(action="case.unmask", result=AuditResult.SUCCESS).get()
    assert row.actor == staff.county_admin_pii and row.object_id == str(case.pk)


def test_queue_and_console_show_masked_names(client, agent, case_in):
    case_in("received")
    case_in("closed")
    client.force_login(agent)
    page = html(client.get(url("console")))
    assert "李**" in page and "李建国" not in page and PHONE not in page
    page = html(client.get(url("queue")))
    assert "李**" in page and "李建国" not in page


# --- the agent console ----------------------------------------------------------------------


def test_intake_through_the_console_with_an_attachment(client, agent, tree, media):
    client.force_login(agent)
    data = intake_data(tree, attachments=[png()])
    response = client.post(url("console"), data)
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == url("detail", case)
    assert case.status == CaseStatus.RECEIVED and case.county == tree.chengguan
    assert case.caller_phone == PHONE and case.amount_involved == Decimal("80000")
    attachment = case.attachments.get()
    assert attachment.original_name == "工资条.png" and attachment.content_type == "image/png"
    assert attachment.file.name.startswith(f"hotline/{case.number}/")
    assert (media / attachment.file.name).exists()
    assert list(case.events.values_list("action", flat=True)) == [
        EventAction.INTAKE,
        EventAction.ATTACH,
    ]
    page = html(client.get(url("console")))
    assert case.number in page and "剩余" in page


def test_intake_errors_keep_the_input_in_chinese(client, agent, tree):
    client.force_login(agent)
    response = client.post(
        url("console"), intake_data(tree, caller_phone="12345", caller_name="", kind="")
    )
    assert response.status_code == 200 and not Case.objects.exists()
    page = html(response)
    assert "请填写来电人姓名。" in page
    assert "请选择诉求类别。" in page
    assert "兰州某建筑公司" in page  # kept
    response = client.post(url("console"), intake_data(tree, caller_phone="12345"))
    assert "联系电话应为11位手机号" in html(response)
    assert not Case.objects.exists()


def test_intake_refuses_a_fake_png_and_saves_nothing(client, agent, tree):
    client.force_login(agent)
    fake = SimpleUploadedFile("照片.png", b"just some text, not an image", "image/png")
    response = client.post(url("console"), intake_data(tree, attachments=[fake]))
    assert response.status_code == 200
    assert "「照片.png」的内容与扩展名「.png」不符" in html(response)
    assert not Case.objects.exists() and not CaseAttachment.objects.exists()


def test_dispatch_from_the_queue(client, agent, tree, case_in):
    case = case_in("received")
    client.force_login(agent)
    page = html(client.get(url("dispatch", case)))
    offered = picker_offers(client, page, "to_org", "西园")
    assert 'data-label="西园街道工会"' in offered and 'data-label="七里河区总工会"' not in offered
    offered = picker_offers(client, page, "to_org", "区总工会")
    assert "城关区总工会" in offered and "七里河区总工会" in offered
    response = client.post(
        url("dispatch", case),
        {"to_org": tree.qilihe.pk, "note": "请核实", "expected_version": case.version},
    )
    assert response.status_code == 302
    case = fresh(case)
    assert case.status == CaseStatus.DISPATCHED and case.holder == tree.qilihe
    assert case.events.last().note == "请核实"


def test_dispatch_requires_a_choice_and_a_fresh_version(client, agent, tree, case_in):
    case = case_in("received")
    client.force_login(agent)
    response = client.post(url("dispatch", case), {"expected_version": case.version})
    assert "请选择承办工会。" in html(response)
    response = client.post(
        url("dispatch", case), {"to_org": tree.qilihe.pk, "expected_version": case.version - 1 + 5}
    )
    assert response.status_code == 302
    assert fresh(case).status == CaseStatus.RECEIVED
    page = html(client.get(response.url))
    assert "工单已被他人更新，请刷新后重试" in page


def test_callbacks_due_on_the_console(client, agent, case_in):
    closed = case_in("closed")
    done = case_in("evaluated")
    client.force_login(agent)
    page = html(client.get(url("console")))
    callbacks = page.split('id="callbacks"')[1]
    assert closed.number in callbacks and done.number not in callbacks


# --- actions through the case page ----------------------------------------------------------


def post(client, name, case, **fields):
    data = {f"{name}-{k}": v for k, v in fields.items()}
    return client.post(url(name, case), data)


def test_handler_accepts_transfers_and_closes(client, staff, tree, make_user, case_in):
    case = case_in("dispatched")
    client.force_login(staff.county_staff)
    page = html(client.get(url("detail", case)))
    assert "接单" in page and "退单" in page and "转派下级工会" in page and "确认办结" not in page
    assert post(client, "accept", case, expected_version=case.version).status_code == 302
    case = fresh(case)
    assert case.status == CaseStatus.ACCEPTED and case.handler == staff.county_staff

    response = post(
        client,
        "transfer",
        case,
        to_org=tree.donggang.pk,
        note="属地办理",
        expected_version=case.version,
    )
    assert response.status_code == 302
    case = fresh(case)
    assert case.holder == tree.donggang and case.status == CaseStatus.DISPATCHED

    township = make_user("dg_staff", tree.donggang, ROLE_STAFF)
    client.force_login(township)
    post(client, "accept", case, expected_version=case.version)
    case = fresh(case)
    assert post(client, "note", case, note="已电话联系来电人", contact="on").status_code == 302
    assert case.events.last().action == EventAction.CONTACT
    response = post(
        client,
        "close",
        case,
        result="resolved",
        reason="",
        outcome="协调企业支付欠薪。",
        money_recovered="12000",
        workers_benefited="12",
        lawyer="张律师",
        expected_version=case.version,
    )
    assert response.status_code == 302
    case = fresh(case)
    assert case.status == CaseStatus.CLOSED and case.money_recovered == Decimal("12000")
    assert case.lawyer_involved and case.lawyer_name == "张律师"
    page = html(client.get(url("detail", case)))
    assert "¥12000.00" in page and "办结" in page


def test_transfer_only_lists_descendants(client, staff, tree, case_in):
    case = case_in("dispatched")
    client.force_login(staff.county_admin)
    page = html(client.get(url("detail", case)))
    transfer = page.split('id="transfer-form"')[1].split("</form>")[0]
    offered = picker_offers(client, transfer, "transfer-to_org", "工会")
    assert "东岗西路街道工会" in offered and "七里河区总工会" not in offered
    assert 'data-label="城关区总工会"' not in offered  # the holder itself
    response = post(client, "transfer", case, to_org=tree.xiyuan.pk, expected_version=case.version)
    assert response.status_code == 400
    assert "只能转派给本工会的下级工会" in html(response)
    assert fresh(case).holder == tree.chengguan


def test_return_requires_a_reason(client, staff, tree, case_in):
    case = case_in("dispatched")
    client.force_login(staff.county_admin)
    response = post(client, "return", case, reason="", expected_version=case.version)
    assert response.status_code == 400 and "请填写退单原因。" in html(response)
    response = post(client, "return", case, reason="不属本区", expected_version=case.version)
    assert response.status_code == 302
    case = fresh(case)
    assert case.status == CaseStatus.RETURNED and case.holder == tree.province


def test_close_errors_show_beside_the_field_and_keep_input(client, staff, case_in):
    case = case_in("accepted")
    client.force_login(staff.county_admin)
    response = post(
        client,
        "close",
        case,
        result="partly",
        reason="",
        outcome="部分追回。",
        money_recovered="5000",
        workers_benefited="3",
        expected_version=case.version,
    )
    assert response.status_code == 400
    page = html(response)
    assert "办理结果为「部分解决」时，请填写原因。" in page
    assert "部分追回。" in page and 'value="5000"' in page
    assert fresh(case).status == CaseStatus.ACCEPTED


def test_stale_version_reloads_the_case_with_a_message(client, staff, tree, case_in):
    case = case_in("accepted")
    stale = case.version
    client.force_login(staff.county_admin)
    services.case_transfer(
        actor=staff.sysadmin,
        case=case,
        to_org=tree.donggang,
        expected_version=case.version,
    )
    services.case_accept(
        actor=staff.sysadmin, case=fresh(case), expected_version=fresh(case).version
    )
    response = post(
        client,
        "close",
        case,
        result="resolved",
        outcome="办结。",
        money_recovered="0",
        workers_benefited="0",
        expected_version=stale,
    )
    assert response.status_code == 409
    page = html(response)
    assert "工单已被他人更新，请刷新后重试" in page
    assert "东岗西路街道工会" in page  # the current holder, reloaded
    assert f'value="{fresh(case).version}"' in page  # the form now carries the current version
    assert "办结。" in page  # input kept
    assert fresh(case).status == CaseStatus.ACCEPTED


def test_wrong_state_is_refused_with_a_message(client, staff, case_in):
    case = case_in("accepted")
    client.force_login(staff.county_admin)
    response = post(client, "accept", case, expected_version=case.version)
    assert response.status_code == 400
    assert "工单当前状态为「办理中」，不能接单。" in html(response)


def test_agent_calls_back_and_reopens(client, agent, case_in):
    case = case_in("closed")
    client.force_login(agent)
    page = html(client.get(url("detail", case)))
    assert "保存回访" in page
    response = post(
        client,
        "callback",
        case,
        rating="unsatisfied",
        comment="欠薪只追回一半",
        reopen="on",
        expected_version=case.version,
    )
    assert response.status_code == 302
    case = fresh(case)
    assert case.status == CaseStatus.ACCEPTED and case.reopen_count == 1
    page = html(client.get(url("detail", case)))
    assert "不满意" in page and "重新办理" in page


def test_reopen_needs_unsatisfied(client, agent, case_in):
    case = case_in("closed")
    client.force_login(agent)
    response = post(
        client, "callback", case, rating="satisfied", reopen="on", expected_version=case.version
    )
    assert response.status_code == 400
    assert services.REOPEN_NEEDS_UNSATISFIED in html(response)


def test_callback_is_for_agents(client, staff, case_in):
    case = case_in("closed")
    client.force_login(staff.county_admin)
    assert "保存回访" not in html(client.get(url("detail", case)))
    response = post(client, "callback", case, rating="satisfied", expected_version=case.version)
    assert response.status_code == 403


def test_supervise_by_an_ancestor_only(client, staff, case_in):
    case = case_in("accepted")  # held by 城关区
    client.force_login(staff.county_admin)
    assert "督办意见" not in html(client.get(url("detail", case)))
    client.force_login(staff.city_admin)
    assert "督办意见" in html(client.get(url("detail", case)))
    response = post(client, "supervise", case, note="")
    assert response.status_code == 400 and "请填写督办意见。" in html(response)
    response = post(client, "supervise", case, note="请于今日内办结")
    assert response.status_code == 302
    case = fresh(case)
    assert case.supervised and case.events.last().note == "请于今日内办结"
    client.force_login(staff.county_admin)
    assert post(client, "supervise", case, note="自己督办自己").status_code == 403


def test_timeline_shows_who_org_when_what(client, staff, case_in):
    case = case_in("closed")
    client.force_login(staff.county_admin)
    page = html(client.get(url("detail", case)))
    timeline = page.split('id="timeline"')[1]
    for label in ("登记", "派单", "接单", "办结"):
        assert label in timeline
    assert "sysadmin" in timeline and "甘肃省总工会" in timeline
    assert "城关区总工会" in timeline


# --- the queues --------------------------------------------------------------------------------


def test_overdue_rows_are_red_and_due_queue(client, staff, case_in):
    case = case_in("accepted")
    client.force_login(staff.county_admin)
    page = html(client.get(url("queue")))
    row = page.split(f'data-number="{case.number}"')[0].rsplit("<tr", 1)[1]
    assert "row-overdue" not in row
    later = case.deadline + timedelta(hours=1)
    # Frozen days ahead: the 30-minute session would have expired, so log in again.
    with mock.patch("django.utils.timezone.now", return_value=later):
        client.force_login(staff.county_admin)
        page = html(client.get(url("queue")))
        row = page.split(f'data-number="{case.number}"')[0].rsplit("<tr", 1)[1]
        assert "row-overdue" in row
        assert "deadline-overdue" in page and "已超期" in page
        page = html(client.get(url("queue"), {"due": "overdue"}))
        assert case.number in page
    client.force_login(staff.county_admin)
    page = html(client.get(url("queue"), {"due": "overdue"}))
    assert case.number not in page
    soon = case.deadline - timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=soon):
        client.force_login(staff.county_admin)
        page = html(client.get(url("queue"), {"due": "soon"}))
        assert case.number in page


def test_queue_status_filter(client, staff, case_in):
    accepted = case_in("accepted")
    closed = case_in("closed")
    client.force_login(staff.county_admin)
    page = html(client.get(url("queue")))
    assert accepted.number in page and closed.number not in page  # open cases by default
    page = html(client.get(url("queue"), {"status": "closed"}))
    assert closed.number in page and accepted.number not in page


# --- attachments ------------------------------------------------------------------------------


def test_attach_and_download_scoped(client, staff, agent, case_in):
    case = case_in("accepted")
    client.force_login(staff.county_admin)
    response = client.post(url("attach", case), {"attach-attachments": [png("现场.png")]})
    assert response.status_code == 302
    attachment = case.attachments.get()
    download = client.get(url("attachment", case, attachment_id=attachment.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == png_bytes()
    assert download["Content-Type"] == "image/png"
    assert "attachment" in download["Content-Disposition"]
    assert AuditLog.objects.filter(action="case.attach").exists()

    client.force_login(staff.sibling_admin)
    assert client.get(url("attachment", case, attachment_id=attachment.pk)).status_code == 404
    client.force_login(agent)
    assert client.get(url("attachment", case, attachment_id=attachment.pk)).status_code == 200
    other = case_in("accepted")
    client.force_login(staff.county_admin)
    assert client.get(url("attachment", other, attachment_id=attachment.pk)).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("伪装.png", b"hello, I am text", "内容与扩展名「.png」不符"),
        ("病毒.exe", b"MZ\x90\x00", "文件类型不支持"),
        ("合同.pdf", b"\x89PNG\r\n\x1a\n0000", "内容与扩展名「.pdf」不符"),
        ("空.pdf", b"", "空文件"),
    ],
)
def test_attachment_type_refusals(client, staff, case_in, name, content, message):
    case = case_in("accepted")
    client.force_login(staff.county_admin)
    upload = SimpleUploadedFile(name, content)
    response = client.post(url("attach", case), {"attach-attachments": [upload]})
    assert response.status_code == 400
    assert message in html(response)
    assert not CaseAttachment.objects.exists()


def test_real_files_of_each_kind_pass_the_sniffing(staff, case_in):
    case = case_in("accepted")
    samples = {
        "a.pdf": b"%PDF-1.7\n",
        "a.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
        "a.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00",
        "a.xlsx": b"PK\x03\x04\x14\x00",
        "a.mp3": b"ID3\x04\x00",
        "b.mp3": b"\xff\xfb\x90\x00",
        "a.amr": b"#!AMR\n",
        "a.wav": b"RIFF\x24\x00\x00\x00WAVEfmt ",
    }
    for name, content in samples.items():
        services.case_attach(
            actor=staff.county_admin, case=case, uploaded_file=SimpleUploadedFile(name, content)
        )
    assert case.attachments.count() == len(samples)


def test_attachment_size_and_count_limits(client, staff, case_in):
    case = case_in("accepted")
    big = SimpleUploadedFile("大.png", png_bytes() + b"\x00" * (10 * 1024 * 1024))
    with pytest.raises(
        services.ApplicationError,
        match=re.escape(services.ATTACHMENT_TOO_LARGE.format(name="大.png")),
    ):
        services.case_attach(actor=staff.county_admin, case=case, uploaded_file=big)
    for i in range(10):
        services.case_attach(actor=staff.county_admin, case=case, uploaded_file=png(f"{i}.png"))
    client.force_login(staff.county_admin)
    response = client.post(url("attach", case), {"attach-attachments": [png("11.png")]})
    assert response.status_code == 400
    assert "每个工单最多上传 10 个附件，本工单已有 10 个。" in html(response)
    assert case.attachments.count() == 10


def test_attach_refused_out_of_scope_and_after_callback(client, staff, make_user, tree, case_in):
    case = case_in("accepted")
    client.force_login(staff.sibling_admin)
    assert client.post(url("attach", case), {"attach-attachments": [png()]}).status_code == 404
    done = case_in("evaluated")
    with pytest.raises(
        services.ApplicationError,
        match=re.escape(
            services.WRONG_STATUS.format(status=done.get_status_display(), action="上传附件")
        ),
    ):
        services.case_attach(actor=staff.sysadmin, case=done, uploaded_file=png())
    auditor = make_user("aud", tree.chengguan, ROLE_UNION_ADMIN)
    assert auditor  # a union admin of the holder may attach
    services.case_attach(actor=auditor, case=case, uploaded_file=png())


def test_agent_account_in_demo_accounts():
    from gonghui.demo.accounts import DEMO_ACCOUNTS

    agent = next(a for a in DEMO_ACCOUNTS if a.username == "agent")
    assert agent.roles == (ROLE_AGENT,) and agent.place == "province"


def test_demo_cases_one_per_state(agent, staff, tree, make_user):
    from gonghui.demo.hotline import DEMO_CASES, seed_hotline_cases

    make_user("jd_staff", tree.donggang, ROLE_STAFF)
    assert seed_hotline_cases() == len(DEMO_CASES)
    assert seed_hotline_cases() == 0
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == {
        CaseStatus.RECEIVED,
        CaseStatus.DISPATCHED,
        CaseStatus.ACCEPTED,
        CaseStatus.CLOSED,
        CaseStatus.EVALUATED,
        CaseStatus.RETURNED,
    }
    assert Case.objects.filter(holder=tree.donggang).exists()


def test_queue_for_one_union_below(client, staff, tree, agent, case_in):
    county = case_in("dispatched")  # 城关区
    other = intake(agent)
    services.case_dispatch(
        actor=agent, case=other, to_org=tree.qilihe, expected_version=other.version
    )
    client.force_login(staff.city_admin)
    page = html(client.get(url("queue"), {"org": tree.qilihe.pk}))
    assert other.number in page and county.number not in page
    client.force_login(staff.county_admin)
    assert client.get(url("queue"), {"org": tree.qilihe.pk}).status_code == 404


def test_dispatch_page_regrades_the_complexity(client, agent, tree, case_in):
    case = case_in("received")
    client.force_login(agent)
    page = html(client.get(url("dispatch", case)))
    assert 'name="complexity"' in page
    other = "complex" if case.complexity != "complex" else "simple"
    response = client.post(
        url("dispatch", case),
        {"to_org": tree.chengguan.pk, "complexity": other, "expected_version": case.version},
    )
    assert response.status_code == 302
    updated = fresh(case)
    assert updated.complexity == other and updated.deadline != case.deadline


def test_intake_form_explains_the_current_deadline_rules(client, agent, staff):
    from gonghui.hotline.codes import Complexity
    from gonghui.hotline.models import DeadlineRule
    from gonghui.hotline.services import deadline_rule_set

    deadline_rule_set(
        actor=staff.sysadmin,
        complexity=Complexity.HARD,
        category="",
        kind="working_days",
        days=3,
        cutoff=None,
    )
    client.force_login(agent)
    page = html(client.get(reverse("hotline:console")))
    assert DeadlineRule.objects.get(complexity=Complexity.HARD, category="").summary in page


def test_console_shows_waiting_times_in_days_hours_and_minutes(client, agent):
    from gonghui.hotline.tests.conftest import beijing

    now = beijing(2027, 1, 20, 9, 0)
    with mock.patch("django.utils.timezone.now", return_value=now):
        old = intake(agent, received_at=now - timedelta(minutes=30 + 485765))
        late = intake(agent, received_at=now - timedelta(minutes=30 + 5 * 60 + 12))
        fresh = intake(agent, received_at=now - timedelta(minutes=18))
        client.force_login(agent)
        page = html(client.get(url("console")))
    assert all(case.status == CaseStatus.RECEIVED for case in (old, late, fresh))
    assert "已超 337 天" in page
    assert "已超 5 小时 12 分钟" in page
    assert "剩余 12 分钟" in page
    assert "485765" not in page
