"""The 救助档案 filter bar's county, picked by typing, at desktop and phone width."""

import pytest
from playwright.sync_api import expect

from gonghui.assistance.tests.test_archive_services import apply
from gonghui.conftest import log_in, shot
from gonghui.orgs.tests.picking import pick_in_browser

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page_fixture", ["browser_page", "mobile_page"])
def test_the_archive_list_filters_by_a_county_picked_by_typing(
    live_server, transactional_db, staff, tree, make_member, request, page_fixture
):
    page = request.getfixturevalue(page_fixture)
    apply(staff, make_member(tree.base_a, name="王困难"))
    log_in(page, live_server.url, staff.city_admin.username)
    page.goto(f"{live_server.url}/assistance/")
    expect(page.locator("main")).to_contain_text("王困难")
    pick_in_browser(page, "县区", "七里河", "七里河区总工会")
    shot(page, f"assistance-county-filter-{page_fixture}")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("combobox", name="县区")).to_have_value("七里河区总工会")
    expect(page.locator("main")).not_to_contain_text("王困难")
    page.get_by_role("combobox", name="县区").fill("")
    pick_in_browser(page, "县区", "城关", "城关区总工会")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("main")).to_contain_text("王困难")
