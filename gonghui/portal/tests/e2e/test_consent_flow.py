"""On a phone (375×812 Chromium): a worker is asked to agree to a new 隐私政策 before going on,
sees the separate consent of a hardship application, and closes his account."""

import pytest
from playwright.sync_api import expect

from gonghui.conftest import ARTIFACTS, log_in_browser
from gonghui.portal.models import Worker
from gonghui.portal.services.consent import legal_document_publish

pytestmark = pytest.mark.browser

PHONE = "13812345678"


def fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_new_version_then_closing_the_account(
    live_server, mobile_page, staff, tree, make_member, make_worker
):
    member = make_member(tree.base_a, name="马晓燕", phone=PHONE)
    worker = make_worker(PHONE, name="马晓燕", id_number=member.id_number, member=member)
    page = mobile_page
    log_in_browser(page, live_server.url, worker)
    page.goto(f"{live_server.url}/m/me/")
    expect(page.locator("#worker-status")).to_have_text("已认证会员")

    legal_document_publish(
        actor=staff.sysadmin,
        kind="privacy",
        title="智慧工会个人信息保护政策（2027年修订）",
        body="一、新增内容\n查找附近驿站时读取的位置不保存。\n\n二、其余内容不变。",
    )
    page.get_by_role("navigation", name="底部导航").get_by_role("link", name="首页").click()
    expect(page.get_by_role("heading", name="请阅读并同意")).to_be_visible()
    expect(page.locator("#consent-documents")).to_contain_text("《隐私政策》第2版")
    page.get_by_text("智慧工会个人信息保护政策（2027年修订）（第2版）").click()
    expect(page.get_by_text("查找附近驿站时读取的位置不保存。")).to_be_visible()
    page.get_by_role("button", name="同意并继续").click()
    expect(page.locator(".m-error")).to_contain_text("请阅读并勾选同意")
    fits_the_phone(page)
    page.screenshot(path=str(ARTIFACTS / "portal-consent.png"), full_page=True)
    page.get_by_label("我已阅读并同意以上更新后的内容").check()
    page.get_by_role("button", name="同意并继续").click()
    expect(page.get_by_role("status")).to_contain_text("感谢您的确认")
    assert page.url == f"{live_server.url}/m/"

    # A hardship application asks separately for the health and disability data.
    page.goto(f"{live_server.url}/m/assistance/apply/")
    consent = page.locator("#sensitive-consent")
    expect(consent).to_contain_text("敏感个人信息单独同意")
    consent.scroll_into_view_if_needed()
    fits_the_phone(page)
    consent.screenshot(path=str(ARTIFACTS / "portal-assistance-consent.png"))

    page.goto(f"{live_server.url}/m/me/")
    page.get_by_role("link", name="注销账号").click()
    expect(page.locator("#close-explained")).to_contain_text("注销门户账号不等于退会")
    expect(page.locator("#close-explained")).to_contain_text("兰州甲公司工会")
    fits_the_phone(page)
    page.screenshot(path=str(ARTIFACTS / "portal-close-account.png"), full_page=True)
    page.get_by_role("button", name="注销账号").click()
    expect(page.locator(".m-error")).to_contain_text("请勾选")
    page.get_by_label("我已了解注销的后果，确认注销").check()
    page.get_by_role("button", name="注销账号").click()
    expect(page.get_by_role("status")).to_contain_text("您的门户账号已注销")
    expect(page.get_by_role("link", name="登录 / 注册")).to_be_visible()
    page.goto(f"{live_server.url}/m/me/")
    expect(page.get_by_role("heading", name="登录 / 注册")).to_be_visible()
    assert not Worker.objects.get().is_active
    assert Worker.objects.get().member_id == member.pk
