"""The agent console's dispatch countdown reads as 天/小时/分钟, as rendered and as the page's
script (hotline/console.js) counts it down, in a real Chromium."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.accounts.permissions import ROLE_AGENT
from gonghui.conftest import log_in
from gonghui.hotline.tests.conftest import intake

pytestmark = pytest.mark.browser


def test_console_countdown_in_days_hours_minutes(
    live_server,
    transactional_db,
    tree,
    make_user,
    browser_page,
):
    page = browser_page
    agent = make_user("agent", tree.province, ROLE_AGENT)
    now = timezone.now()
    old = intake(agent, received_at=now - timedelta(minutes=30 + 485765))
    fresh = intake(agent, received_at=now - timedelta(minutes=18))
    page.clock.install()
    log_in(page, live_server.url, "agent")
    page.goto(live_server.url + reverse("hotline:console"))
    rows = {case.number: page.locator("tr", has_text=case.number) for case in (old, fresh)}
    expect(rows[old.number].locator(".countdown")).to_have_text("已超 337 天")
    expect(rows[fresh.number].locator(".countdown")).to_have_text(re.compile(r"^剩余 1[12] 分钟$"))

    page.clock.fast_forward("02:00:00")  # the script's 30-second tick runs
    expect(rows[fresh.number].locator(".countdown")).to_have_text(
        re.compile(r"^已超 1 小时 \d{1,2} 分钟$")
    )
    expect(rows[old.number].locator(".countdown")).to_have_text("已超 337 天")
    assert "485765" not in page.content()
