"""城关区's auditor narrows 审计日志 down to one action and opens a row, on a desktop and on a
phone: labels, the masked change, the IP and the seal, never a code or a full number."""

import pytest
from playwright.sync_api import expect

from gonghui.conftest import log_in, shot
from gonghui.core.context import client_ip
from gonghui.members.services import member_update

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 375])
def test_auditor_filters_by_action_and_opens_a_row(
    live_server, transactional_db, staff, tree, make_member, browser_page, width
):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    member = make_member(tree.base_a, name="王芳", actor=staff.county_admin, phone="13912345678")
    token = client_ip.set("10.20.30.40")
    try:
        member_update(actor=staff.county_admin, member=member, phone="13600001111")
    finally:
        client_ip.reset(token)

    log_in(page, live_server.url, staff.county_auditor.username)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="审计日志").click()
    page.get_by_label("操作", exact=True).select_option(label="修改会员")
    page.get_by_role("button", name="查询").click()
    table = page.locator("#audit-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("修改会员")
    expect(table).to_contain_text("10.20.30.40")
    expect(table).not_to_contain_text("会员入会")
    # The table scrolls inside its card: the page itself never grows wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"audit-list-filtered-{width}")

    table.locator("tbody tr").first.get_by_role("link").first.click()
    entry = page.locator("#audit-entry")
    expect(entry).to_contain_text("cg_admin")
    expect(entry).to_contain_text("城关区总工会")
    expect(page.get_by_test_id("object")).to_have_text("王芳")
    expect(page.get_by_test_id("ip")).to_have_text("10.20.30.40")
    expect(page.get_by_test_id("seal")).to_contain_text("尚未封存")
    changes = page.locator("#audit-changes")
    expect(changes).to_contain_text("手机号")
    expect(changes).to_contain_text("139****5678 → 136****1111")
    body = page.locator("body").inner_text()
    assert "13912345678" not in body and "13600001111" not in body
    assert "member.update" not in body
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"audit-detail-{width}")

    # The object's link leads to the member's page.
    page.get_by_test_id("object").get_by_role("link").click()
    expect(page.get_by_test_id("phone")).to_have_text("136****1111")
