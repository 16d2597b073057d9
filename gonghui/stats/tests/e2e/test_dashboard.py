"""The 数据看板 in a real Chromium (desktop 1360×900).

兰州市's admin opens the dashboard: the key figures, the map and the pies render (canvas), a
chart's table view toggles open, an Excel download holds the figures, the 「主要数据」 report
opens and downloads as Word, and the drill-down opens 城关区's dashboard. Then two members come in through the workbench's import page and the
dashboard's member figure goes up by two. Last, the province's admin sees the city map.
"""

import io

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from gonghui.conftest import ARTIFACTS, VALID_IDS, log_in, log_out, shot
from gonghui.members.codes import HOLDING_STATUSES, Category
from gonghui.members.models import Member
from gonghui.metrics.tests.conftest import person

pytestmark = pytest.mark.browser


def figure(page, key: str):
    return page.locator(f'#key-figures [data-key="{key}"] .figure-value')


def holding(org) -> int:
    return Member.objects.filter(
        org__path__startswith=org.path, status__in=HOLDING_STATUSES
    ).count()


def members_file(path):
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "证件号码", "移动电话", "所属企业/工会", "入会日期", "职工类别"])
    sheet.append(
        ["马建国", "男", VALID_IDS[0], "13893112345", "兰州甲公司工会", "2021.3.1", "快递员"]
    )
    sheet.append(["马小兰", "女", VALID_IDS[1], "13893112346", "兰州丙公司工会", 44197, "在岗职工"])
    book.save(path)
    return path


def test_city_admin_reads_the_dashboard_and_sees_an_import_arrive(
    live_server,
    transactional_db,
    staff,
    tree,
    make_member,
    browser_page,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_member(tree.base_a, id_number=person(1990, 1), category=Category.NF_COURIER)
    make_member(tree.base_b, id_number=person(1975, 2, female=True))
    make_member(tree.base_c, id_number=person(1962, 3), category=Category.NF_DELIVERY)
    make_member(tree.base_d, id_number=person(1985, 4))
    assert holding(tree.lanzhou) == 3

    page = browser_page
    log_in(page, live_server.url, staff.city_admin.username)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="数据看板").click()
    expect(page.locator("h1")).to_have_text("数据看板 · 兰州市总工会")
    expect(figure(page, "members")).to_have_text("3")
    expect(figure(page, "new_forms")).to_have_text("2")
    expect(figure(page, "new_forms_rate")).to_have_text("66.7%")

    # Every chart draws on a canvas; the map shows Lanzhou within Gansu.
    for key in ("trend", "map", "children", "category", "age"):
        expect(page.locator(f"#chart-{key} canvas").first).to_be_visible()
    expect(page.locator("#chart-map")).to_have_attribute("data-rendered", "1")
    shot(page, "stats-dashboard")

    # The category pie's table view.
    card = page.locator("#card-category")
    expect(card.locator("#table-category")).to_be_hidden()
    card.get_by_role("button", name="查看表格").click()
    table = card.locator("#table-category")
    expect(table).to_be_visible()
    expect(card.locator("#chart-category")).to_be_hidden()
    expect(table.locator("tr", has_text="新就业形态-快递员").locator("td").first).to_have_text("1")
    card.get_by_role("button", name="查看图表").click()
    expect(card.locator("#chart-category")).to_be_visible()

    # The breakdown by county, as Excel.
    with page.expect_download() as info:
        page.locator("#card-children").get_by_role("link", name="下载 Excel").click()
    rows = list(
        load_workbook(io.BytesIO(info.value.path().read_bytes())).active.iter_rows(values_only=True)
    )
    body = {row[0]: row[1:3] for row in rows[4:]}
    assert body["城关区总工会"] == (holding(tree.chengguan), 1) == (2, 1)
    assert body["七里河区总工会"] == (1, 1)

    # The printable 「主要数据」 report of this year, and its Word file.
    page.get_by_role("link", name="主要数据报告").click()
    report = page.locator("#report")
    expect(report.locator("h1")).to_contain_text("兰州市总工会主要数据")
    expect(report.locator("#report-totals tr", has_text="会员总数").locator("td")).to_have_text("3")
    shot(page, "stats-report")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载 Word").click()
    doc = Document(io.BytesIO(info.value.path().read_bytes()))
    totals = [[cell.text for cell in row.cells] for row in doc.tables[0].rows]
    assert ["会员总数", "3"] in totals and ["新就业形态会员", "2"] in totals
    page.go_back()
    expect(page.locator("h1")).to_have_text("数据看板 · 兰州市总工会")

    # Drill down to 城关区.
    page.locator("#children-table").get_by_role("link", name="城关区总工会").click()
    expect(page.locator("h1")).to_have_text("数据看板 · 城关区总工会")
    expect(figure(page, "members")).to_have_text("2")
    expect(page.locator("#no-map-note")).to_be_visible()
    expect(page.locator("#chart-children canvas").first).to_be_visible()
    page.get_by_role("navigation", name="层级").get_by_role("link", name="兰州市总工会").click()
    expect(page.locator("h1")).to_have_text("数据看板 · 兰州市总工会")

    # Two members come in through the import page; the dashboard follows.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="会员").click()
    page.get_by_role("link", name="导入", exact=True).click()
    page.get_by_label("文件（.xlsx 或 .csv）").set_input_files(
        str(members_file(tmp_path / "会员名单.xlsx"))
    )
    page.get_by_role("button", name="开始导入").click()
    expect(page.locator("#import-status")).to_have_text("已完成", timeout=20_000)
    expect(page.locator("#import-bar")).to_have_attribute("value", "100")
    assert holding(tree.lanzhou) == 5

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="数据看板").click()
    expect(figure(page, "members")).to_have_text("5")
    expect(figure(page, "new_forms")).to_have_text("3")
    expect(figure(page, "joins_this_year")).to_have_text("0")
    page.locator("#card-children").get_by_role("button", name="查看表格").click()
    row = page.locator("#table-children tr", has_text="七里河区总工会")
    expect(row.locator("td").first).to_have_text("2")

    # The province's choropleth: every city union on the map of Gansu.
    log_out(page)
    log_in(page, live_server.url, staff.sysadmin.username)
    page.goto(f"{live_server.url}/stats/")
    expect(page.locator("h1")).to_have_text("数据看板 · 甘肃省总工会")
    expect(figure(page, "members")).to_have_text("6")
    expect(page.locator("#chart-map")).to_have_attribute("data-rendered", "1")
    card = page.locator("#card-map")
    card.get_by_role("button", name="查看表格").click()
    expect(
        card.locator("#table-map tr", has_text="兰州市总工会").locator("td").nth(1)
    ).to_have_text("5")
    card.get_by_role("button", name="查看图表").click()
    expect(page.locator("#chart-map canvas").first).to_be_visible()
    card.screenshot(path=str(ARTIFACTS / "stats-map.png"))
    assert (ARTIFACTS / "stats-dashboard.png").exists()
    assert (ARTIFACTS / "stats-map.png").exists()
