"""The portal home in a real Chromium, on a phone (375 px) and a desktop: an applicant sees his
join application's state and a notice from his county union, opens it, and 附近的驿站 follows
his phone's position once he allows it."""

import pytest
from playwright.sync_api import expect

from gonghui.conftest import VALID_IDS, log_in_browser, shot
from gonghui.members.codes import Category
from gonghui.notices.services import notice_create
from gonghui.portal.services.joining import join_apply

pytestmark = pytest.mark.browser

HERE = {"latitude": 36.0580, "longitude": 103.8400}


@pytest.fixture
def applicant(transactional_db, tree, staff, make_worker, make_site):
    worker = make_worker("13900002222", name="李晓燕", id_number=VALID_IDS[1])
    join_apply(worker=worker, org=tree.base_a, category=Category.NF_DELIVERY, employer="美团")
    notice_create(
        actor=staff.county_admin,
        title="城关区新就业形态劳动者集中入会活动",
        body="3月起在各街道开展“入会服务周”。",
        target=tree.chengguan,
    )
    notice_create(actor=staff.sibling_admin, title="七里河区通知", body="正文", target=tree.qilihe)
    make_site(name="雁滩驿站", lat=36.07, lng=103.90)
    make_site(name="东岗西路驿站", lat=36.0585, lng=103.8400)
    make_site(name="城关区职工之家", lat=36.03, lng=103.80)
    make_site(name="天水驿站", lat=34.58, lng=105.72, org=tree.qinzhou, county=tree.qinzhou)
    return worker


def _check_home(page, live_server, applicant, name):
    log_in_browser(page, live_server.url, applicant)
    page.goto(f"{live_server.url}/m/")
    items = page.locator("#home-items")
    expect(items).to_contain_text("入会申请 · 兰州甲公司工会")
    expect(items.get_by_test_id("home-application-status")).to_have_text("待审核")
    notices = page.locator("#home-notices")
    expect(notices).to_contain_text("城关区新就业形态劳动者集中入会活动")
    expect(notices).not_to_contain_text("七里河区通知")
    expect(page.locator("#home-nearby").get_by_test_id("home-site")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, f"portal-home-{name}")
    notices.get_by_role("link", name="城关区新就业形态劳动者集中入会活动").click()
    expect(page.locator("main")).to_contain_text("入会服务周")
    expect(page.locator("main")).to_contain_text("城关区总工会")


def test_applicant_home_on_a_phone(live_server, applicant, mobile_page):
    _check_home(mobile_page, live_server, applicant, "375")


def test_applicant_home_on_a_desktop(live_server, applicant, browser_page):
    _check_home(browser_page, live_server, applicant, "desktop")


def test_nearby_follows_the_phones_position(live_server, applicant, mobile_page):
    page = mobile_page
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation(HERE)
    log_in_browser(page, live_server.url, applicant)
    page.goto(f"{live_server.url}/m/")
    # Allowed already: the home asks for the position by itself and lists from there.
    expect(page.locator("#home-nearby-where")).to_contain_text("距离从您的位置算起")
    first = page.locator("#home-nearby").get_by_test_id("home-site").first
    expect(first).to_contain_text("东岗西路驿站")
    expect(first).to_contain_text("米")
    shot(page, "portal-home-375-located")
