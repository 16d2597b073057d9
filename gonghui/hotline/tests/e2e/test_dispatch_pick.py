"""派单 in a real Chromium at desktop and phone width: the workplace's county union comes
preselected; the agent types part of another union's name, picks it from the list and
dispatches the case there."""

import pytest
from playwright.sync_api import expect

from gonghui.accounts.permissions import ROLE_AGENT
from gonghui.conftest import log_in, shot
from gonghui.hotline.codes import CaseStatus
from gonghui.hotline.models import Case
from gonghui.hotline.tests.conftest import intake
from gonghui.orgs.tests.picking import pick_in_browser

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page_fixture", ["browser_page", "mobile_page"])
def test_the_agent_picks_another_union_by_typing(
    live_server, transactional_db, tree, make_user, request, page_fixture
):
    page = request.getfixturevalue(page_fixture)
    agent = make_user("agent", tree.province, ROLE_AGENT)
    case = intake(agent, county=tree.chengguan)
    log_in(page, live_server.url, "agent")
    page.goto(f"{live_server.url}/hotline/cases/{case.number}/dispatch/")
    box = page.get_by_role("combobox", name="承办工会")
    expect(box).to_have_value("城关区总工会")

    box.fill("")
    pick_in_browser(page, "承办工会", "西园", "西园街道工会")
    expect(page.locator("[data-picker-chosen]")).to_have_text(
        "甘肃省总工会 › 兰州市总工会 › 七里河区总工会 › 西园街道工会"
    )
    shot(page, f"hotline-dispatch-pick-{page_fixture}")
    page.get_by_role("button", name="确认派单").click()
    expect(page.locator(".messages")).to_contain_text(f"工单 {case.number} 已派给「西园街道工会」")
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.DISPATCHED and case.holder_id == tree.xiyuan.pk


@pytest.mark.parametrize("page_fixture", ["browser_page", "mobile_page"])
def test_the_statistics_scope_is_picked_by_typing(
    live_server, transactional_db, staff, tree, request, page_fixture
):
    page = request.getfixturevalue(page_fixture)
    log_in(page, live_server.url, staff.city_admin.username)
    page.goto(f"{live_server.url}/hotline/stats/")
    expect(page.get_by_role("combobox", name="统计范围")).to_have_value("兰州市总工会")
    page.get_by_role("combobox", name="统计范围").fill("")
    pick_in_browser(page, "统计范围", "七里河", "七里河区总工会")
    shot(page, f"hotline-stats-pick-{page_fixture}")
    page.get_by_role("button", name="统计").click()
    expect(page.get_by_role("combobox", name="统计范围")).to_have_value("七里河区总工会")
    expect(page.locator("main")).to_contain_text("七里河区总工会（含下级工会承办的工单）")
