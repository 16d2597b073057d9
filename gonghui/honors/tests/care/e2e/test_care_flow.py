"""劳模服务 end to end in a real Chromium, at 1366 and 375 px: 兰州市总工会's admin searches an
honoree and opens the record (ID masked), generates the 2026 Spring Festival 慰问金 for the living
national-level honorees of 兰州 with a preview of count and total, confirms, and exports the ledger."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from gonghui.conftest import ARTIFACTS, log_in
from gonghui.honors.care.services import honoree_record_death
from gonghui.honors.models import Allowance
from gonghui.orgs.tests.picking import pick_in_browser

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 375])
def test_search_open_batch_with_preview_and_export(
    live_server, transactional_db, staff, tree, types, make_honoree, browser_page, width
):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    zhang = make_honoree(tree.base_a, types.national, name="张秀兰", year=2020)
    make_honoree(tree.base_c, types.national, name="李建国", year=2015)
    dead = make_honoree(tree.base_a, types.national, name="王德明", year=2005)
    honoree_record_death(actor=staff.sysadmin, honoree=dead, died_on=date(2024, 5, 1))
    make_honoree(tree.base_a, types.medal, name="赵玉梅")  # province level: not in this batch
    make_honoree(tree.base_d, types.national, name="天水劳模")  # outside 兰州

    log_in(page, live_server.url, staff.city_admin.username)
    page.goto(f"{live_server.url}/honors/honorees/")
    page.get_by_label("查找").fill("秀兰")
    page.get_by_role("button", name="查询").click()
    rows = page.locator("#honoree-table tbody tr")
    expect(rows).to_have_count(1)
    rows.get_by_role("link", name="张秀兰").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("张秀兰")
    expect(page.get_by_test_id("id-number")).to_have_text(zhang.id_number_masked)
    page.screenshot(path=str(ARTIFACTS / f"honorees-detail-{width}.png"), full_page=True)

    page.goto(f"{live_server.url}/honors/honorees/batch/")
    page.get_by_label("批次代码").fill("2026-spring-lz")
    page.get_by_label("批次名称").fill("2026年春节劳模慰问金")
    pick_in_browser(page, "发放范围（工会及下级）", "兰州市", "兰州市总工会")
    page.get_by_label("荣誉级别").select_option(label="全国")
    page.get_by_label("类型", exact=True).select_option(label="慰问金")
    page.get_by_label("期间").fill("2026年春节")
    page.get_by_label("每人金额（元）").fill("3000")
    page.get_by_label("资金来源").select_option(label="本级")
    page.get_by_label("发放日期").fill("2026-01-20")
    page.get_by_role("button", name="预览").click()
    expect(page.get_by_test_id("batch-count")).to_have_text("将向 2 名健在劳模发放")
    expect(page.get_by_test_id("batch-total")).to_have_text("合计 6000.00 元")
    assert not Allowance.objects.exists()
    page.screenshot(path=str(ARTIFACTS / f"honorees-batch-preview-{width}.png"), full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="确认发放").click()
    expect(page.get_by_test_id("ledger-totals")).to_have_text("共 2 笔，合计 6000.00 元")
    assert set(Allowance.objects.values_list("honoree__name", flat=True)) == {"张秀兰", "李建国"}

    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    with open(download.value.path(), "rb") as file:
        book = load_workbook(BytesIO(file.read()))
    rows = list(book.active.values)
    assert len(rows) == 3
    assert {r[0] for r in rows[1:]} == {"张秀兰", "李建国"}
    assert zhang.id_number_masked in {r[1] for r in rows[1:]}
    assert zhang.id_number not in {r[1] for r in rows[1:]}
