"""The 12351 待办 in a real Chromium: 城关区's union admin logs in, lands on 待办 with the case the
agent dispatched to 城关区, opens it, accepts it, and finds it gone from 「待接单工单」 (it is now
being handled); the agent logs in and lands on 坐席工作台 with the 待办 badge in the top bar."""

import re

import pytest
from playwright.sync_api import expect

from gonghui.accounts.permissions import ROLE_AGENT
from gonghui.conftest import log_in, log_out, shot
from gonghui.hotline import services
from gonghui.hotline.tests.conftest import intake

pytestmark = pytest.mark.browser


def test_a_dispatched_case_in_the_inbox_and_the_agents_badge(
    live_server, transactional_db, staff, tree, make_user, browser_page
):
    page = browser_page
    agent = make_user("agent", tree.province, ROLE_AGENT)
    case = intake(agent)
    case = services.case_dispatch(
        actor=agent, case=case, to_org=tree.chengguan, expected_version=case.version
    )
    waiting = intake(agent, caller_phone="13912340000")  # not dispatched yet: the agent's

    # 城关's union admin lands on 待办, the dispatched case listed under 待接单工单.
    log_in(page, live_server.url, staff.county_admin.username)
    expect(page).to_have_url(re.compile(r"/inbox/$"))
    expect(page.get_by_role("heading", name="待办", exact=True)).to_be_visible()
    to_accept = page.locator("#kind-hotlineaccept")
    expect(to_accept).to_contain_text(case.number)
    expect(to_accept).to_contain_text("待接单")
    expect(page.locator("#inbox-badge")).to_contain_text("1")
    assert waiting.number not in page.content()
    shot(page, "hotline-inbox-01-cg-admin")

    # One click to the case, where he accepts it.
    to_accept.get_by_role("link", name="去办理").click()
    expect(page.locator("h1")).to_contain_text(case.number)
    page.get_by_role("button", name="接单", exact=True).click()
    expect(page.get_by_test_id("case-status")).to_have_text("办理中")

    # Back on 待办: no longer waiting to be accepted; now a case to handle.
    page.locator("#inbox-badge").click()
    expect(page).to_have_url(re.compile(r"/inbox/$"))
    expect(page.locator("#kind-hotlineaccept")).to_have_count(0)
    expect(page.locator("#kind-hotlinehandle")).to_contain_text(case.number)
    shot(page, "hotline-inbox-02-accepted")
    log_out(page)

    # The agent lands on 坐席工作台, the 待办 badge counting the case waiting for dispatch.
    log_in(page, live_server.url, "agent")
    expect(page).to_have_url(re.compile(r"/hotline/$"))
    expect(page.locator("#inbox-badge .badge")).to_have_text("1")
    page.locator("#inbox-badge").click()
    expect(page.locator("#kind-hotlinedispatch")).to_contain_text(waiting.number)
    shot(page, "hotline-inbox-03-agent")
