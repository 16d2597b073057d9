"""The dashboards' charts as a user sees them, at 1366 px and on a 375 px phone (Chromium).

The province's admin reads the province dashboard (long 市州 names shortened on the axes and
the map, full in the tooltip and the table); 兰州's admin reads 兰州's county map; no chart
logs an error or trips the Content-Security-Policy. Screenshots of each go to test-artifacts/.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

from gonghui.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, _add, log_in
from gonghui.members.codes import Category
from gonghui.metrics.tests.conftest import person
from gonghui.orgs.models import OrgType

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 375, "height": 812}}


@pytest.fixture
def chromium():
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, size: str):
    """A page of the given size that records console errors and uncaught exceptions."""
    mobile = size == "phone"
    context = browser.new_context(
        locale="zh-CN",
        viewport=SIZES[size],
        is_mobile=mobile,
        has_touch=mobile,
        device_scale_factor=2 if mobile else 1,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


def chart_option(page, key: str, path: str):
    return page.evaluate(
        "([key, path]) => { const o = echarts.getInstanceByDom("
        "document.getElementById('chart-' + key)).getOption();"
        " return path.split('.').reduce((v, k) => v[k], o); }",
        [key, path],
    )


def card_shot(page, selector: str, name: str) -> None:
    """A screenshot of one card, whole even when it is taller than the phone's screen."""
    box = page.evaluate(
        "(s) => { const r = document.querySelector(s).getBoundingClientRect();"
        " return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}; }",
        selector,
    )
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, clip=box)


def fits(page, width: int) -> bool:
    return page.evaluate(
        "(w) => Array.from(document.querySelectorAll('.charts *'))"
        ".every(el => el.getBoundingClientRect().right <= w + 0.5)",
        width,
    )


@pytest.fixture
def gansu(tree, make_member):
    """The test tree plus the two autonomous prefectures, whose names are the longest."""
    linxia = _add(tree.province, "临夏回族自治州总工会", OrgType.CITY, "622900000000")
    jishishan = _add(linxia, "积石山保安族东乡族撒拉族自治县总工会", OrgType.COUNTY, "622927000000")
    gannan = _add(tree.province, "甘南藏族自治州总工会", OrgType.CITY, "623000000000")
    hezuo = _add(gannan, "合作市总工会", OrgType.COUNTY, "623001000000")
    firms = [
        _add(tree.donggang, "甘肃省兰州市城关区某某建设工程集团有限公司工会委员会", OrgType.BASE),
        _add(jishishan, "积石山县某某农产品开发有限公司工会", OrgType.BASE),
        _add(hezuo, "合作市某某牧业公司工会", OrgType.BASE),
    ]
    n = iter(range(1, 50))
    for org, count in [(tree.base_a, 3), (tree.base_c, 2), (firms[0], 2), (firms[1], 4)]:
        for _ in range(count):
            make_member(org, id_number=person(1985, next(n)), category=Category.NF_DELIVERY)
    make_member(firms[2], id_number=person(1990, next(n)))
    make_member(tree.base_d, id_number=person(1979, next(n)))
    return tree


def test_dashboards_read_at_desktop_and_phone_widths(
    live_server, transactional_db, staff, gansu, chromium
):
    tree = gansu
    for size in SIZES:
        width = SIZES[size]["width"]
        page = open_page(chromium, size)
        # The province: the city map and the child unions, long names shortened.
        log_in(page, live_server.url, staff.sysadmin.username)
        page.goto(live_server.url + reverse("stats:org", args=[tree.province.pk]))
        expect(page.locator("#chart-map")).to_have_attribute("data-rendered", "1")
        for key in ("trend", "children", "map", "category", "age"):
            expect(page.locator(f"#chart-{key} canvas").first).to_be_visible()
        axis = chart_option(page, "children", "yAxis.0.data")
        assert "临夏州" in axis and "甘南州" in axis and "兰州市" in axis
        assert axis[:2] == ["兰州市", "临夏州"]  # ranked: 7 and 4 members
        assert fits(page, width)
        page.locator("#card-map").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"stats-province-{size}.png"), full_page=True)
        for key in ("children", "map", "category"):
            card_shot(page, f"#card-{key}", f"stats-province-{key}-{size}")
        card = page.locator("#card-children")
        card.get_by_role("button", name="查看表格").click()
        expect(card.locator("#table-children")).to_contain_text("临夏回族自治州总工会")
        card.get_by_role("button", name="查看图表").click()

        # 兰州: the county map of its eight counties, 城关 and 七里河 coloured.
        page.goto(live_server.url + reverse("stats:org", args=[tree.lanzhou.pk]))
        expect(page.locator("h1")).to_have_text("数据看板 · 兰州市总工会")
        expect(page.locator("#card-map h2")).to_have_text("各区县会员分布")
        expect(page.locator("#chart-map")).to_have_attribute("data-rendered", "1")
        expect(page.locator("#chart-map canvas").first).to_be_visible()
        assert page.evaluate(
            "echarts.getMap('dashboard-map').geoJSON.features.map(f => f.properties.name)"
        ) == ["城关区", "七里河区", "西固区", "安宁区", "红古区", "永登县", "皋兰县", "榆中县"]
        regions = {r["name"]: r["value"] for r in chart_option(page, "map", "series.0.data")}
        assert regions["城关区"] == 5 and regions["七里河区"] == 2 and regions["榆中县"] == 0
        expect(page.locator("body")).not_to_contain_text("项目中没有")
        assert fits(page, width)
        page.screenshot(path=str(ARTIFACTS / f"stats-lanzhou-{size}.png"), full_page=True)
        card_shot(page, "#card-map", f"stats-lanzhou-map-{size}")
        card = page.locator("#card-map")
        card.get_by_role("button", name="查看表格").click()
        row = card.locator("#table-map tr", has_text="城关区总工会")
        expect(row.locator("td").nth(1)).to_have_text("5")

        # A county: no map, a user's sentence, the ranked bars.
        page.goto(live_server.url + reverse("stats:org", args=[tree.chengguan.pk]))
        expect(page.locator("#no-map-note")).to_contain_text("地图画到区县一级")
        expect(page.locator("#chart-children canvas").first).to_be_visible()
        expect(page.locator("body")).not_to_contain_text("项目中没有")
        assert page.errors == [], page.errors
        page.context.close()
