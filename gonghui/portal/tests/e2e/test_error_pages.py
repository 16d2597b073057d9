"""The portal's error pages in a real Chromium on a 375 px phone: a worker who follows a dead
join link (or hits a server error) stays in the portal and gets back to its home page; a county
union's join link says it takes no members and searches the unions below it. Screenshots at
375 px and on a desktop (1366 px)."""

import pytest
from playwright.sync_api import expect

from gonghui.conftest import ARTIFACTS, VALID_IDS, log_in_browser
from gonghui.portal.selectors import UNION_NOT_FOUND
from gonghui.portal.tests.e2e.test_join_flow import fits_the_phone

# The project's URLconf plus views that fail on purpose (/m/test-errors/fail/ raises).
pytestmark = [pytest.mark.browser, pytest.mark.urls("gonghui.tests.error_urls")]


def test_portal_404_and_500_on_a_phone_lead_back_to_the_portal(
    live_server, transactional_db, tree, make_worker, mobile_page
):
    phone = mobile_page
    worker = make_worker("13912345678")
    log_in_browser(phone, live_server.url, worker)

    response = phone.goto(f"{live_server.url}/m/join/99999/")
    assert response.status == 404
    expect(phone.locator(".m-title")).to_have_text("找不到页面")
    expect(phone.get_by_test_id("error-page")).to_contain_text(UNION_NOT_FOUND)
    expect(phone.get_by_text("工作台")).to_have_count(0)
    assert fits_the_phone(phone)
    phone.screenshot(path=str(ARTIFACTS / "portal-404-375.png"))
    desk = phone.context.browser.new_context(
        locale="zh-CN", viewport={"width": 1366, "height": 800}
    )
    desk_page = desk.new_page()
    log_in_browser(desk_page, live_server.url, worker)
    desk_page.goto(f"{live_server.url}/m/join/99999/")
    expect(desk_page.get_by_test_id("error-page")).to_be_visible()
    desk_page.screenshot(path=str(ARTIFACTS / "portal-404-desktop.png"))
    desk.close()

    phone.get_by_role("link", name="返回首页").click()
    expect(phone).to_have_url(f"{live_server.url}/m/")
    expect(phone.locator(".m-title")).to_have_text("智慧工会 · 职工之家")

    response = phone.goto(f"{live_server.url}/m/test-errors/fail/")
    assert response.status == 500
    expect(phone.get_by_test_id("error-page")).to_contain_text("系统出错了")
    assert fits_the_phone(phone)
    phone.screenshot(path=str(ARTIFACTS / "portal-500-375.png"))
    phone.get_by_role("navigation", name="底部导航").get_by_role("link", name="首页").click()
    expect(phone).to_have_url(f"{live_server.url}/m/")


def test_county_join_link_offers_the_search_below_it(
    live_server, transactional_db, tree, make_worker, mobile_page
):
    phone = mobile_page
    worker = make_worker("13912345679", name="李建国", id_number=VALID_IDS[1])
    log_in_browser(phone, live_server.url, worker)

    phone.goto(f"{live_server.url}/m/join/{tree.chengguan.pk}/")
    expect(phone.get_by_test_id("not-direct")).to_contain_text("「城关区总工会」不直接发展会员")
    assert fits_the_phone(phone)
    phone.screenshot(path=str(ARTIFACTS / "portal-join-county-375.png"))

    phone.get_by_role("searchbox", name="工会名称或统一社会信用代码").fill("公司")
    phone.get_by_role("button", name="搜索").click()
    results = phone.get_by_role("list", name="搜索结果")
    expect(results.get_by_role("link")).to_have_count(2)  # 甲 and 乙; 七里河's 丙 is not below
    expect(phone.get_by_test_id("search-within")).to_contain_text("城关区总工会")
    assert fits_the_phone(phone)
    phone.screenshot(path=str(ARTIFACTS / "portal-join-within-375.png"))
    results.get_by_role("link", name="兰州甲公司工会").click()
    expect(phone.get_by_test_id("join-org")).to_have_text("兰州甲公司工会")
