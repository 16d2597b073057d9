"""A worker on a phone (375×812 Chromium) registers with an SMS code and certifies as a member.

The live server runs in a thread of this process, so the code is read from the test SMS
backend's outbox, as the worker reads it on his phone.
"""

import re

import pytest
from playwright.sync_api import expect

from gonghui.conftest import ARTIFACTS, id_with_check
from gonghui.portal.models import Worker
from gonghui.portal.sms import TestBackend

pytestmark = pytest.mark.browser

PHONE = "13812345678"


@pytest.fixture(autouse=True)
def outbox():
    TestBackend.outbox.clear()
    yield TestBackend.outbox
    TestBackend.outbox.clear()


def no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_register_with_an_sms_code_and_certify_as_a_member(
    live_server, mobile_page, tree, make_member, outbox
):
    id_number = id_with_check("62010219880808123")
    member = make_member(tree.base_a, id_number=id_number, name="马晓燕", phone=PHONE)
    page = mobile_page

    page.goto(f"{live_server.url}/m/")
    page.get_by_role("link", name="登录 / 注册").click()
    expect(page.get_by_role("heading", name="登录 / 注册")).to_be_visible()
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("#sms-sent")).to_contain_text("138****5678")
    # The button counts down and cannot be pressed again meanwhile.
    expect(page.locator("#sms-send")).to_be_disabled()
    expect(page.locator("#sms-send")).to_contain_text("秒后重新获取")
    assert len(outbox) == 1 and outbox[0].phone == PHONE
    code = re.search(r"验证码是(\d{6})", outbox[0].message).group(1)
    page.get_by_label("短信验证码").fill(code)
    # Registration needs the consent checkbox: without it, nothing is created.
    page.get_by_role("button", name="登录 / 注册", exact=True).click()
    expect(page.locator(".m-agree .m-error")).to_contain_text(
        "请阅读并勾选同意《用户协议》和《隐私政策》后再继续。"
    )
    assert Worker.objects.count() == 0
    # The texts open in a tab of their own; the form keeps what was typed.
    with page.context.expect_page() as tab:
        page.get_by_role("link", name="《隐私政策》").click()
    privacy = tab.value
    expect(privacy.get_by_role("heading", name="智慧工会个人信息保护政策")).to_be_visible()
    no_horizontal_scroll(privacy)
    privacy.screenshot(path=str(ARTIFACTS / "portal-privacy.png"), full_page=True)
    privacy.close()
    page.get_by_label("我已阅读并同意").check()
    no_horizontal_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "portal-login.png"), full_page=True)
    page.get_by_role("button", name="登录 / 注册", exact=True).click()

    expect(page.get_by_role("heading", name="实名认证")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("注册成功")
    page.get_by_label("姓名").fill("马晓燕")
    page.get_by_label("身份证号").fill(id_number)
    no_horizontal_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "portal-certify.png"), full_page=True)
    page.get_by_role("button", name="提交认证").click()
    expect(page.get_by_role("status")).to_contain_text(
        "实名认证成功，您是「兰州甲公司工会」的会员。"
    )
    expect(page.locator("#certify-status")).to_contain_text("已认证会员")

    page.get_by_role("navigation", name="底部导航").get_by_role("link", name="我的").click()
    expect(page.locator("#worker-status")).to_have_text("已认证会员")
    expect(page.locator(".m-me")).to_contain_text("138****5678")
    expect(page.locator(".m-me")).to_contain_text("620102********")
    assert PHONE not in page.content() and id_number not in page.content()
    no_horizontal_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "portal-me.png"), full_page=True)

    worker = Worker.objects.get()
    assert worker.member_id == member.pk
    assert worker.consents.count() == 2

    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("link", name="登录 / 注册")).to_be_visible()


def test_a_wrong_code_is_refused_on_the_page(live_server, mobile_page, db, outbox):
    page = mobile_page
    page.goto(f"{live_server.url}/m/login/")
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    code = re.search(r"验证码是(\d{6})", outbox[0].message).group(1)
    page.get_by_label("短信验证码").fill(f"{(int(code) + 1) % 1_000_000:06d}")
    page.get_by_label("我已阅读并同意").check()
    page.get_by_role("button", name="登录 / 注册", exact=True).click()
    expect(page.locator(".m-error")).to_contain_text("验证码错误，还可再试4次。")
    assert Worker.objects.count() == 0
