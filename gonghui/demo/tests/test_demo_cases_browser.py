"""工单统计 on the demo as a visitor sees it, in Chromium at 1366 px and 375 px: every one of the
last 12 months has cases, 劳动报酬（欠薪） leads the categories, the on-time line is drawn.
Screenshots go to test-artifacts/demo-hotline-stats-*.png."""

from datetime import date
from importlib import import_module
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.conftest import ARTIFACTS
from gonghui.demo.accounts import DEMO_PASSWORD
from gonghui.demo.hotline_year import seed_year_of_cases
from gonghui.hotline.models import DeadlineRule
from gonghui.stats.tests.e2e.test_dashboard_maps import (  # noqa: F401 (fixture)
    SIZES,
    chromium,
    fits,
    open_page,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_year(transactional_db, live_server):
    # A transactional test's flush before this one may have deleted the default rules.
    migration = import_module("gonghui.hotline.migrations.0002_default_deadline_rules")
    for row in migration.DEFAULTS:
        DeadlineRule.objects.get_or_create(complexity=row["complexity"], category="", defaults=row)
    # The live server's settings override hides SETTINGS_MODULE, which seed_demo reads.
    with override_settings(SETTINGS_MODULE="gonghui.settings.test"):
        call_command("seed_demo", members=1000, seed=4, stdout=StringIO())
    seed_year_of_cases(members=15000, seed=5)


def test_demo_hotline_statistics_fill_the_year(
    live_server,
    demo_year,
    chromium,  # noqa: F811 (the imported fixture)
):
    today = timezone.localdate()
    # The 12 months up to this one.
    back = today.year * 12 + today.month - 1 - 11
    start = date(back // 12, back % 12 + 1, 1)
    url = f"{live_server.url}{reverse('hotline_stats:page')}?start={start}&end={today}"
    for size in SIZES:
        page = open_page(chromium, size)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill("prov_admin")
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(lambda u: "/accounts/login/" not in u)
        page.goto(url)
        expect(page.locator("h1")).to_have_text("工单统计")
        for key in ("case_months", "case_on_time", "case_category"):
            expect(page.locator(f"#chart-{key}")).to_have_attribute("data-rendered", "1")
        assert fits(page, SIZES[size]["width"])
        page.screenshot(path=str(ARTIFACTS / f"demo-hotline-stats-{size}.png"), full_page=True)

        card = page.locator("#card-case_months")
        card.get_by_role("button", name="查看表格").click()
        rows = card.locator("#table-case_months tbody tr")
        expect(rows).to_have_count(12)
        counts = [int(t) for t in rows.locator("td:nth-child(2)").all_inner_texts()]
        assert all(n > 0 for n in counts) and sum(counts) > 150, counts
        card = page.locator("#card-case_category")
        card.get_by_role("button", name="查看表格").click()
        first = card.locator("#table-case_category tbody tr").first
        expect(first.locator("th")).to_have_text("劳动报酬（欠薪）")
        assert page.errors == [], page.errors
        page.context.close()
