"""附近的驿站 in a real mobile Chromium (375×812): the phone's position comes from the browser's
geolocation, the nearest *open* 驿站 is listed first, a member rates it, and the map shows the
open sites over the Gansu outline with no tile server and no internet."""

import pytest
from playwright.sync_api import expect

from gonghui.conftest import ARTIFACTS, log_in_browser
from gonghui.sites.geo import EARTH_RADIUS_M
from gonghui.sites.models import Facility, Override, SiteRating, SiteType

pytestmark = pytest.mark.browser

HERE = {"latitude": 36.0580, "longitude": 103.8400}
METRE = 1 / (EARTH_RADIUS_M * 3.141592653589793 / 180)  # degrees of latitude per metre


def north(metres: float) -> float:
    return HERE["latitude"] + metres * METRE


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_nearest_open_station_rate_it_and_map(
    live_server, transactional_db, tree, make_site, make_member, make_worker, mobile_page
):
    water = Facility.WATER | Facility.MEAL | Facility.CHARGING | Facility.REST
    lng = HERE["longitude"]
    make_site(name="东岗暂停驿站", lat=north(80), lng=lng, override=Override.CLOSED)
    make_site(name="东岗职工之家", lat=north(50), lng=lng, site_type=SiteType.HOME)
    nearest = make_site(name="东岗西路户外劳动者驿站", lat=north(300), lng=lng, facilities=water)
    make_site(name="雁滩户外劳动者驿站", lat=north(2500), lng=lng, facilities=water)
    make_site(name="七里河户外劳动者驿站", lat=north(6000), lng=lng, org=tree.qilihe)
    member = make_member(tree.base_a, id_number="620102198506060044", name="李四")
    worker = make_worker("13900001111", name="李四", id_number="620102198506060044", member=member)

    page = mobile_page
    outside = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation(HERE)
    log_in_browser(page, live_server.url, worker)

    page.goto(f"{live_server.url}/m/")
    page.get_by_role("link", name="附近的驿站").click()
    page.get_by_text("更多筛选").click()  # the filters are folded away
    page.get_by_label("类型").select_option(label="户外劳动者驿站")
    page.get_by_label("只看营业中").check()
    page.get_by_role("button", name="使用我的位置").click()
    items = page.locator("#nearby-list > li")
    expect(items.first).to_contain_text(nearest.name)
    expect(page.locator("#locate-msg")).to_have_text("距离从「您的位置」算起")
    names = [t.strip() for t in page.locator("#nearby-list .s-name").all_inner_texts()]
    assert names == ["东岗西路户外劳动者驿站", "雁滩户外劳动者驿站", "七里河户外劳动者驿站"]
    expect(items.first.locator(".s-dist")).to_have_text("300 米")
    expect(items.first.locator(".s-light")).to_have_text("营业中")
    assert fits_the_phone(page)
    page.screenshot(path=str(ARTIFACTS / "sites-nearby.png"), full_page=True)

    # Without the open-only filter the paused station shows, nearer, with its light off.
    page.get_by_text("更多筛选").click()
    page.get_by_label("只看营业中").uncheck()
    page.get_by_role("button", name="查找").click()
    expect(items.first).to_contain_text("东岗暂停驿站")
    expect(items.first.locator(".s-light")).to_have_text("已关闭")

    # The site's page: hours, facilities, and 会员评家.
    items.nth(1).get_by_role("link").click()
    expect(page.locator(".m-lead")).to_have_text(nearest.name)
    expect(page.get_by_test_id("light")).to_have_text("营业中")
    page.get_by_label("5 分").check()
    page.get_by_label("评价（选填）").fill("热水、微波炉都有，冬天很暖和。")
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator(".m-msg")).to_contain_text("感谢您的评价")
    expect(page.get_by_test_id("rating-avg")).to_contain_text("平均 5.0 分")
    expect(page.locator("#rated")).to_be_visible()
    assert SiteRating.objects.get().score == 5
    assert fits_the_phone(page)
    page.screenshot(path=str(ARTIFACTS / "sites-detail.png"), full_page=True)

    # The map: no tiles configured, no internet; outline and the 4 open sites still show.
    page.goto(f"{live_server.url}/m/sites/map/")
    expect(page.locator("#map-status")).to_contain_text("共 4 个营业中的阵地")
    expect(page.locator("path.s-marker")).to_have_count(4)
    # The outline and the sites are fetched independently: wait for the outline as well.
    expect(page.locator("path.s-outline").first).to_be_attached()
    assert page.locator("img.leaflet-tile").count() == 0
    assert fits_the_phone(page)
    page.screenshot(path=str(ARTIFACTS / "sites-map.png"), full_page=True)
    page.locator("path.s-marker").first.click(force=True)
    expect(page.locator(".leaflet-popup-content a")).to_be_visible()
    assert outside == []
