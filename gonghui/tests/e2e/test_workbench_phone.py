"""The workbench on a 375 px phone: the menu is one row that scrolls sideways (a label is
never broken one character per line), the current page's entry is scrolled into view, the
top bar keeps one line, and the dashboard's key figures sit two to a row."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

from gonghui.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, log_in

pytestmark = pytest.mark.browser


def test_workbench_menu_and_figures_on_a_phone(live_server, transactional_db, staff, tree):
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 812})
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, live_server.url, staff.city_admin.username)
        page.goto(live_server.url + reverse("stats:home"))
        expect(page.locator("h1")).to_contain_text("数据看板")

        nav = page.locator(".sidenav").bounding_box()
        links = page.locator(".sidenav a")
        heights = {
            links.nth(i).inner_text(): links.nth(i).bounding_box()["height"]
            for i in range(links.count())
        }
        # One line of text plus padding: a label broken per character is several times taller.
        assert max(heights.values()) < 50, heights
        assert page.locator(".topbar").bounding_box()["height"] <= 52

        active = page.locator(".sidenav a.active")
        expect(active).to_have_text("数据看板")
        box = active.bounding_box()
        assert nav["x"] <= box["x"] and box["x"] + box["width"] <= nav["x"] + nav["width"]

        tiles = page.locator("#key-figures > *")
        first, second = tiles.nth(0).bounding_box(), tiles.nth(1).bounding_box()
        assert first["y"] == second["y"] and second["x"] > first["x"]
        page.screenshot(path=str(ARTIFACTS / "workbench-phone-dashboard.png"))
        context.close()
        browser.close()


def test_every_menu_page_fits_a_phone(live_server, transactional_db, staff, tree, make_member):
    """No workbench page of the menu is wider than a 375 px screen: wide tables (the member
    list's nine columns) scroll inside their card instead of widening the page."""
    for n in range(3):
        make_member(tree.base_a, name=f"甘肃省兰州市城关区职工{n}", phone=f"1380000000{n}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 812})
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, live_server.url, staff.county_admin.username)
        paths = page.eval_on_selector_all(
            ".sidenav a", "links => [...new Set(links.map(a => a.getAttribute('href')))]"
        )
        assert reverse("members:list") in paths and len(paths) > 10, paths
        too_wide = {}
        for path in paths:
            page.goto(live_server.url + path)
            extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if extra > 0:
                too_wide[path] = extra
        assert too_wide == {}
        page.goto(live_server.url + reverse("members:list"))
        table = page.locator("#member-table")
        # The table is wider than the screen and scrolls inside its card.
        assert page.evaluate("t => t.scrollWidth > t.clientWidth", table.element_handle())
        context.close()
        browser.close()
