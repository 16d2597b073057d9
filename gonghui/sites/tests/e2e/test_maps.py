"""The site maps in Chromium, with no tile server and no internet: county names at their seats
on the portal map, site names at close zoom, 「我的位置」, clusters above 200 sites, the site
form's map filling the coordinates, and 附近的驿站 at 375 px with its filters folded away."""

import random

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from gonghui.conftest import log_in, shot
from gonghui.sites.geo import gcj02_to_wgs84, haversine_m, wgs84_to_gcj02
from gonghui.sites.maps import CLUSTER_ABOVE
from gonghui.sites.models import Site

pytestmark = pytest.mark.browser

LANZHOU = {"latitude": 36.0580, "longitude": 103.8400}


def offline(page, base_url: str) -> list[str]:
    """Refuse every request that leaves the test server; the list collects what was tried."""
    outside = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(base_url)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    return outside


def set_view(page, selector: str, lat: float, lng: float, zoom: float) -> None:
    page.evaluate(
        "([s, lat, lng, zoom]) => document.querySelector(s).leafletMap.setView([lat, lng], zoom,"
        " {animate: false})",
        [selector, lat, lng, zoom],
    )
    page.wait_for_timeout(300)


def settled(page, selector: str = "#site-map") -> None:
    """Wait for the outline (the view is fitted to it) and the end of any zoom animation."""
    expect(page.locator(f"{selector} path.s-outline").first).to_be_attached()
    # A locator, not wait_for_function: a string predicate is eval'd in the page, which its CSP
    # refuses ('unsafe-eval' is not allowed).
    expect(page.locator(f"{selector} .leaflet-zoom-anim")).to_have_count(0)
    page.wait_for_timeout(300)


def shown_seats(page) -> list[str]:
    return page.locator(".s-seat:not(.s-seat-hidden)").all_inner_texts()


def no_overlap(page) -> bool:
    return page.evaluate(
        "() => { const r = Array.from(document.querySelectorAll('.s-seat:not(.s-seat-hidden) span'))"
        ".map(e => e.getBoundingClientRect());"
        " return r.every((a, i) => r.every((b, j) => i === j || a.right <= b.left ||"
        " b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top)); }"
    )


def test_portal_map_offline_county_names_site_names_and_my_position(
    live_server, transactional_db, make_site, mobile_page
):
    make_site(name="东岗西路户外劳动者驿站", lat=36.0585, lng=103.8400)
    make_site(name="雁滩职工之家", lat=36.0700, lng=103.8900, site_type="home")
    page = mobile_page
    outside = offline(page, live_server.url)
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation(LANZHOU)

    page.goto(f"{live_server.url}/m/sites/map/")
    expect(page.locator("#map-status")).to_contain_text("共 2 个营业中的阵地")
    expect(page.locator(".s-seat")).to_have_count(100)
    expect(page.locator(".s-note")).to_contain_text("县区驻地名称")
    settled(page)
    # The whole province: prefecture seats first, and no two names on top of each other.
    shown = shown_seats(page)
    assert "兰州市" in shown and "天水市" in shown and "城关区" not in shown
    assert no_overlap(page)
    assert page.locator("img.leaflet-tile").count() == 0
    shot(page, "sites-map-province")

    # 兰州 close up: the county names at their seats take over from the prefecture's.
    set_view(page, "#site-map", 36.0, 103.85, 10)
    shown = shown_seats(page)
    assert {"城关区", "安宁区", "西固区", "榆中县", "皋兰县", "永登县"} <= set(shown)
    assert "兰州市" not in shown
    assert no_overlap(page)
    shot(page, "sites-map-lanzhou-counties")
    # 七里河区's seat is 5 km from 城关区's: its name shows once there is room.
    assert "七里河区" not in shown
    set_view(page, "#site-map", 36.06, 103.8, 11.5)
    assert {"城关区", "七里河区"} <= set(shown_seats(page))
    assert no_overlap(page)
    # Site names are not written yet at this zoom.
    expect(page.locator(".s-site-name").first).to_be_hidden()

    set_view(page, "#site-map", 36.062, 103.86, 14)
    expect(page.locator(".s-site-name", has_text="东岗西路户外劳动者驿站")).to_be_visible()
    expect(page.locator(".s-site-name", has_text="雁滩职工之家")).to_be_visible()
    shot(page, "sites-map-site-names")

    # 「我的位置」: the phone's position, as a blue dot, at street zoom.
    set_view(page, "#site-map", 38.0, 100.0, 7)
    page.get_by_role("button", name="我的位置").click()
    expect(page.locator("#map-status")).to_have_text("已定位到您的位置（蓝点）。")
    expect(page.locator("path.s-here")).to_be_attached()
    centre = page.evaluate(
        "() => { const c = document.querySelector('#site-map').leafletMap.getCenter();"
        " return [c.lat, c.lng]; }"
    )
    assert haversine_m(*centre, LANZHOU["latitude"], LANZHOU["longitude"]) < 50
    shot(page, "sites-map-my-position")
    assert outside == []


def test_portal_map_clusters_above_200_sites(
    live_server, transactional_db, make_site, browser_page
):
    rng = random.Random(14)
    count = CLUSTER_ABOVE + 10
    for n in range(count):
        make_site(name=f"驿站{n}", lat=rng.uniform(35.5, 36.5), lng=rng.uniform(103.3, 104.4))
    page = browser_page
    outside = offline(page, live_server.url)
    page.goto(f"{live_server.url}/m/sites/map/")
    expect(page.locator("#map-status")).to_contain_text(f"共 {count} 个营业中的阵地")
    expect(page.locator(".marker-cluster").first).to_be_visible()
    clusters = page.locator(".marker-cluster span").all_inner_texts()
    singles = page.locator("path.s-marker").count()
    assert sum(int(c) for c in clusters) + singles == count and singles < count
    shot(page, "sites-map-clusters")
    # A cluster opens up when zoomed into: clicking into clusters (dispatched on the cluster, as
    # a site's permanent name label may lie over its centre) reaches single markers.
    for _ in range(6):
        if page.locator("path.s-marker").count() > singles:
            break
        page.locator(".marker-cluster").first.dispatch_event("click")
        page.wait_for_timeout(800)
    assert page.locator("path.s-marker").count() > singles
    assert outside == []


def click_map(page, x: float, y: float) -> tuple[float, float]:
    """Click the form's map at (x, y) and return the point Leaflet saw clicked."""
    page.evaluate(
        "() => document.querySelector('#site-form-map').leafletMap.once('click',"
        " e => { window.clickedAt = [e.latlng.lat, e.latlng.lng]; })"
    )
    page.locator("#site-form-map").click(position={"x": x, "y": y})
    return tuple(page.evaluate("window.clickedAt"))


def test_site_form_map_click_and_drag_fill_the_coordinates(
    live_server, transactional_db, staff, tree, browser_page
):
    page = browser_page
    outside = offline(page, live_server.url)
    log_in(page, live_server.url, staff.county_admin.username)
    page.goto(live_server.url + reverse("sites:create"))
    page.get_by_label("名称").fill("东岗地图选点驿站")
    page.get_by_label("类型").select_option(label="户外劳动者驿站")
    page.get_by_label("地址").fill("兰州市城关区东岗西路1号")
    expect(page.locator("#site-form-map .s-outline").first).to_be_attached()
    set_view(page, "#site-form-map", 36.058, 103.84, 13)

    # WGS-84 (the default): a click fills the inputs with the point clicked.
    box = page.locator("#site-form-map").bounding_box()
    clicked = click_map(page, box["width"] / 2, box["height"] / 2)
    lat, lng = (
        float(page.get_by_label("纬度").input_value()),
        float(page.get_by_label("经度").input_value()),
    )
    assert haversine_m(lat, lng, *clicked) < 0.5
    expect(page.locator("#site-form-map .leaflet-marker-draggable")).to_have_count(1)

    # Dragging the marker moves the coordinates with it (east: a larger longitude).
    marker = page.locator("#site-form-map .leaflet-marker-draggable").bounding_box()
    x, y = marker["x"] + marker["width"] / 2, marker["y"] + marker["height"] - 4
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y, steps=6)
    page.mouse.up()
    expect(page.get_by_label("经度")).not_to_have_value(f"{lng:.6f}")
    assert float(page.get_by_label("经度").input_value()) > lng

    # GCJ-02: the next click is written in GCJ-02 and saved, converted back, where it was clicked.
    page.get_by_label("坐标系").select_option("GCJ-02")
    clicked = click_map(page, box["width"] / 3, box["height"] / 3)
    glat, glng = (
        float(page.get_by_label("纬度").input_value()),
        float(page.get_by_label("经度").input_value()),
    )
    # Written in GCJ-02: exactly the clicked point's GCJ-02 coordinates (100-800 m off in Gansu).
    assert haversine_m(glat, glng, *wgs84_to_gcj02(*clicked)) < 0.5
    assert haversine_m(glat, glng, *clicked) > 50
    assert haversine_m(*gcj02_to_wgs84(glat, glng), *clicked) < 0.5
    shot(page, "sites-form-map")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".msg-success")).to_contain_text("已登记服务阵地")
    site = Site.objects.get(name="东岗地图选点驿站")
    assert haversine_m(site.lat, site.lng, *clicked) < 1.0

    # The edit form opens with the marker at the stored place.
    page.goto(live_server.url + reverse("sites:edit", args=[site.pk]))
    expect(page.locator("#site-form-map .leaflet-marker-draggable")).to_have_count(1)
    at = page.evaluate(
        "() => { let p; document.querySelector('#site-form-map').leafletMap.eachLayer(l =>"
        " { if (l.dragging) p = l.getLatLng(); }); return [p.lat, p.lng]; }"
    )
    assert haversine_m(*at, site.lat, site.lng) < 0.5
    assert outside == []


def test_nearby_at_375px_filters_folded_first_result_on_the_first_screen(
    live_server, transactional_db, make_site, mobile_page
):
    for n, metres in enumerate([300, 900, 2500]):
        make_site(name=f"东岗{n}号驿站", lat=LANZHOU["latitude"] + metres / 111_195, lng=103.84)
    page = mobile_page
    offline(page, live_server.url)
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation(LANZHOU)
    page.goto(live_server.url + reverse("sites_portal:nearby"))
    expect(page.get_by_label("类型")).to_be_hidden()
    page.get_by_role("button", name="使用我的位置").click()
    first = page.locator("#nearby-list > li").first
    expect(first).to_contain_text("东岗0号驿站")
    height = page.viewport_size["height"]
    assert page.evaluate("scrollY") == 0
    assert first.bounding_box()["y"] + first.bounding_box()["height"] <= height
    shot(page, "sites-nearby-folded")

    # Filters open on demand, and fold again with the results: still on the first screen.
    page.get_by_text("更多筛选").click()
    page.get_by_label("类型").select_option(label="户外劳动者驿站")
    page.get_by_label("只看营业中").check()
    page.get_by_role("button", name="查找").click()
    expect(page.locator("#filters summary")).to_contain_text("已选 2 项")
    expect(page.get_by_label("类型")).to_be_hidden()
    first = page.locator("#nearby-list > li").first
    expect(first).to_contain_text("东岗0号驿站")
    assert first.bounding_box()["y"] + first.bounding_box()["height"] <= height
