"""The whole way in, in one go, as the issue tells it: a worker registers on his phone with an SMS
code, certifies (not yet a member), joins through his union's QR link, the union's admin approves,
and the e-card's QR link verifies for the staff. The parts are tested in depth beside this file;
this test proves they join up without any shortcut (no fixture logs anyone in)."""

import re

import pytest
from playwright.sync_api import expect

from gonghui.accounts.permissions import ROLE_UNION_ADMIN
from gonghui.conftest import ARTIFACTS, id_with_check, log_in
from gonghui.members.models import Member
from gonghui.portal.models import Worker
from gonghui.portal.sms import TestBackend
from gonghui.portal.tests.e2e.test_join_flow import fits_the_phone

pytestmark = pytest.mark.browser

PHONE = "13987654321"
ID_NUMBER = id_with_check("62010219900214352")


def test_register_certify_join_by_qr_approve_and_verify_the_card(
    live_server, transactional_db, tree, make_user, mobile_page
):
    TestBackend.outbox.clear()
    admin = make_user("jia_admin", tree.base_a, ROLE_UNION_ADMIN)
    phone = mobile_page

    # The QR code on the union's poster opens its join page; not logged in, he is sent to log in.
    phone.goto(f"{live_server.url}/m/join/{tree.base_a.pk}/")
    expect(phone.get_by_role("heading", name="登录 / 注册")).to_be_visible()
    phone.get_by_label("手机号").fill(PHONE)
    phone.get_by_role("button", name="获取验证码").click()
    code = re.search(r"验证码是(\d{6})", TestBackend.outbox[-1].message).group(1)
    phone.get_by_label("短信验证码").fill(code)
    phone.get_by_label("我已阅读并同意").check()
    phone.get_by_role("button", name="登录 / 注册", exact=True).click()

    # Registered; joining needs a certified name, so he is asked to certify first …
    expect(phone.get_by_role("heading", name="实名认证")).to_be_visible()
    phone.get_by_label("姓名").fill("赵文静")
    phone.get_by_label("身份证号").fill(ID_NUMBER)
    phone.get_by_role("button", name="提交认证").click()
    # … and lands back on the union's join page, the union still chosen.
    expect(phone.get_by_role("status")).to_contain_text("实名认证成功。您还不是工会会员")
    expect(phone.get_by_test_id("join-org")).to_have_text("兰州甲公司工会")
    assert Worker.objects.get().member is None
    form = phone.locator("#join-form")
    form.get_by_label("职工类别").select_option(label="在岗职工")
    form.get_by_label("工作单位").fill("兰州甲公司")
    form.get_by_role("button", name="提交入会申请").click()
    expect(phone.get_by_test_id("application-status")).to_have_text("待审核")
    assert fits_the_phone(phone)

    # The union's admin approves at his desk.
    desk_context = phone.context.browser.new_context(
        locale="zh-CN", viewport={"width": 1360, "height": 900}
    )
    desk = desk_context.new_page()
    desk.set_default_timeout(10_000)
    log_in(desk, live_server.url, admin.username)
    desk.goto(f"{live_server.url}/portal-admin/applications/")
    desk.locator("#application-table tbody tr", has_text="赵文静").get_by_role(
        "button", name="通过"
    ).click()
    expect(desk.locator(".messages")).to_contain_text("已同意「赵文静」入会")
    member = Member.objects.get(name="赵文静")
    assert Worker.objects.get().member == member

    # His e-card; the staff scans its QR link.
    phone.goto(f"{live_server.url}/m/card/")
    expect(phone.get_by_test_id("card-number")).to_have_text(member.card_number)
    phone.screenshot(path=str(ARTIFACTS / "portal-journey-card.png"), full_page=True)
    desk.goto(phone.get_by_test_id("card-qr").get_attribute("data-verify-url"))
    expect(desk.locator("#verify-result")).to_have_attribute("data-state", "valid")
    expect(desk.locator("#verify-result").get_by_test_id("verify-name")).to_have_text("赵**")
    desk_context.close()
