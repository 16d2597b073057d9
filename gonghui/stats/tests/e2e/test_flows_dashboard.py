"""The dashboard's flow figures after transfers inside 兰州, in a real Chromium (issue 12).

Two transfers inside 兰州 (甲 → 乙 inside 城关, 甲 → 丙 from 城关 to 七里河): 兰州's dashboard
shows 本年转出 0 and 本年转入 0, no loss; 城关's shows 本年转出 1 and 本年净增 -1; 七里河's
本年转入 1. Desktop (1366 px) and phone (375 px) screenshots go to test-artifacts/.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

from gonghui.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, log_in
from gonghui.members.services import transfer_approve, transfer_request
from gonghui.metrics.tests.conftest import person

pytestmark = pytest.mark.browser

LABELS = {
    "joins_this_year": "本年新入会",
    "transfers_in_this_year": "本年转入",
    "transfers_out_this_year": "本年转出",
    "leaves_this_year": "本年退会/除名",
    "net_this_year": "本年净增",
}


def figure(page, key: str):
    return page.locator(f'#key-figures [data-key="{key}"]')


def expect_flows(page, **shown: str) -> None:
    for key, text in shown.items():
        expect(figure(page, key).locator(".figure-label")).to_have_text(LABELS[key])
        expect(figure(page, key).locator(".figure-value")).to_have_text(text)


def transfer(member, to_org, *, asker, decider) -> None:
    asked = transfer_request(actor=asker, member=member, to_org=to_org)
    transfer_approve(actor=decider, transfer=asked)


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (375, 812)])
def test_transfers_inside_lanzhou_are_no_loss_of_lanzhou(
    live_server, transactional_db, staff, tree, make_member, width, height
):
    first = make_member(tree.base_a, id_number=person(1980, 1))
    second = make_member(tree.base_a, id_number=person(1981, 2))
    make_member(tree.base_c, id_number=person(1982, 3))
    transfer(first, tree.base_b, asker=staff.county_admin, decider=staff.city_admin)
    transfer(second, tree.base_c, asker=staff.county_admin, decider=staff.sibling_admin)

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, live_server.url, staff.city_admin.username)

        page.goto(live_server.url + reverse("stats:org", args=[tree.lanzhou.pk]))
        expect(page.locator("h1")).to_have_text("数据看板 · 兰州市总工会")
        expect_flows(
            page,
            joins_this_year="0",
            transfers_in_this_year="0",
            transfers_out_this_year="0",
            leaves_this_year="0",
            net_this_year="0",
        )
        expect(page.get_by_text("本年减少")).to_have_count(0)
        # The 12-month chart and its table carry the split too.
        card = page.locator("#card-trend")
        expect(card.locator("canvas").first).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / f"stats-flows-lanzhou-{width}.png"), full_page=True)
        card.get_by_role("button", name="查看表格").click()
        page.locator("#key-figures").screenshot(
            path=str(ARTIFACTS / f"stats-flows-figures-{width}.png")
        )
        headers = card.locator("#table-trend thead th")
        expect(headers).to_have_text(
            ["月份", "新入会", "转入", "转出", "退会/除名", "净增", "受理工单"]
        )
        card.screenshot(path=str(ARTIFACTS / f"stats-flows-trend-table-{width}.png"))

        # The sending county: one 转出 (the transfer inside 城关 is none).
        page.locator("#children-table").get_by_role("link", name="城关区总工会").click()
        expect(page.locator("h1")).to_have_text("数据看板 · 城关区总工会")
        expect_flows(
            page, transfers_in_this_year="0", transfers_out_this_year="1", net_this_year="-1"
        )
        page.screenshot(path=str(ARTIFACTS / f"stats-flows-chengguan-{width}.png"), full_page=True)

        # The receiving county: one 转入.
        page.goto(live_server.url + reverse("stats:org", args=[tree.qilihe.pk]))
        expect(page.locator("h1")).to_have_text("数据看板 · 七里河区总工会")
        expect_flows(
            page, transfers_in_this_year="1", transfers_out_this_year="0", net_this_year="1"
        )
        context.close()
        browser.close()
