"""工单统计's charts in Chromium at 1366 px and 375 px: by month, on-time rate, by category;
each toggles to its table; no console or CSP error. Screenshots go to test-artifacts/."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.conftest import ARTIFACTS, log_in
from gonghui.hotline import services
from gonghui.hotline.codes import Category, Result
from gonghui.hotline.tests.conftest import intake
from gonghui.stats.tests.e2e.test_dashboard_maps import (  # noqa: F401 (fixture)
    SIZES,
    card_shot,
    chromium,
    fits,
    open_page,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def march_and_now(tree, staff):
    """Two cases of 1 March (open), three of today of which two closed at once (on time)."""
    actor = staff.sysadmin
    today = timezone.localtime()
    march = today.replace(month=3, day=1, hour=10)
    for category in (Category.WAGES, Category.INJURY):
        intake(actor, received_at=march, category=category)
    for i in range(3):
        case = intake(actor, received_at=today - timedelta(minutes=30), category=Category.WAGES)
        if i < 2:
            case = services.case_dispatch(
                actor=actor, case=case, to_org=tree.chengguan, expected_version=case.version
            )
            case = services.case_accept(actor=actor, case=case, expected_version=case.version)
            services.case_close(
                actor=actor,
                case=case,
                result=Result.RESOLVED,
                outcome="已协调处理。",
                expected_version=case.version,
            )
    return today


def test_hotline_charts(
    live_server,
    transactional_db,
    staff,
    march_and_now,
    chromium,  # noqa: F811 (the imported fixture)
):
    month = march_and_now.strftime("%Y-%m")
    for size in SIZES:
        page = open_page(chromium, size)
        log_in(page, live_server.url, staff.sysadmin.username)
        page.goto(live_server.url + reverse("hotline_stats:page"))
        expect(page.locator("h1")).to_have_text("工单统计")
        for key in ("case_months", "case_on_time", "case_category"):
            expect(page.locator(f"#chart-{key} canvas").first).to_be_visible()
            expect(page.locator(f"#chart-{key}")).to_have_attribute("data-rendered", "1")
        assert fits(page, SIZES[size]["width"])
        page.screenshot(path=str(ARTIFACTS / f"hotline-stats-{size}.png"), full_page=True)
        card_shot(page, "#stats-charts", f"hotline-stats-charts-{size}")
        card = page.locator("#card-case_on_time")
        card.get_by_role("button", name="查看表格").click()
        row = card.locator("#table-case_on_time tr", has_text=month)
        expect(row.locator("td")).to_have_text(["2", "2", "100.0%"])
        march = card.locator("#table-case_on_time tr", has_text=month[:4] + "-03")
        expect(march.locator("td")).to_have_text(["0", "0", "—"])
        card.get_by_role("button", name="查看图表").click()
        expect(card.locator("#chart-case_on_time canvas").first).to_be_visible()
        card = page.locator("#card-case_months")
        card.get_by_role("button", name="查看表格").click()
        expect(card.locator("tfoot")).to_contain_text("5")
        assert page.errors == [], page.errors
        page.context.close()
