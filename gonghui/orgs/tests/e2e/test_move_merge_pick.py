"""Moving and merging a union, the target picked by typing, in a real Chromium at desktop and
phone width: 兰州市's admin moves 东岗西路街道 under 七里河区, then merges 西园街道 into it."""

import pytest
from playwright.sync_api import expect

from gonghui.conftest import log_in, shot
from gonghui.orgs.models import Org, OrgStatus
from gonghui.orgs.tests.picking import pick_in_browser

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page_fixture", ["browser_page", "mobile_page"])
def test_move_then_merge_by_typing(
    live_server, transactional_db, staff, tree, request, page_fixture
):
    page = request.getfixturevalue(page_fixture)
    log_in(page, live_server.url, staff.city_admin.username)

    page.goto(f"{live_server.url}/orgs/{tree.donggang.pk}/move/")
    pick_in_browser(page, "新的上级工会", "七里河", "七里河区总工会")
    expect(page.locator("[data-picker-chosen]")).to_have_text(
        "甘肃省总工会 › 兰州市总工会 › 七里河区总工会"
    )
    shot(page, f"orgs-move-pick-{page_fixture}")
    page.get_by_role("button", name="下一步").click()
    expect(page.locator("h1")).to_contain_text(
        "确认把「东岗西路街道工会」移到「七里河区总工会」之下"
    )
    page.get_by_role("button", name="确认移动").click()
    expect(page.locator(".messages")).to_contain_text(
        "已将「东岗西路街道工会」移到「七里河区总工会」之下。"
    )
    assert Org.objects.get(pk=tree.donggang.pk).path.startswith(tree.qilihe.path)

    page.goto(f"{live_server.url}/orgs/{tree.xiyuan.pk}/merge/")
    box = page.get_by_role("combobox", name="并入的工会")
    box.press_sequentially("七里河", delay=30)  # a county: not of the same kind
    results = page.locator(f"#{box.get_attribute('aria-controls')}")
    expect(results).to_contain_text("没有找到与「七里河」相符的工会")
    box.fill("")
    pick_in_browser(page, "并入的工会", "东岗", "东岗西路街道工会")
    page.get_by_role("button", name="下一步").click()
    page.get_by_role("button", name="确认合并").click()
    expect(page.locator(".messages")).to_contain_text(
        "已将「西园街道工会」合并到「东岗西路街道工会」。"
    )
    assert Org.objects.get(pk=tree.xiyuan.pk).status == OrgStatus.MERGED
