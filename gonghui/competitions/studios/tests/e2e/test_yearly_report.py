"""A studio's yearly report in a real Chromium, on a desktop (1360 px) and a phone (375 px):
the host unit's admin finds 「年度成果待报送」 in his 待办, opens the studio from it, files the
year's results, sees them in the table, and the 待办 is done (this year's is not due yet)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.competitions.models.studios import StudioReport
from gonghui.conftest import log_in, shot
from gonghui.inbox.selectors import check_items

pytestmark = pytest.mark.browser

KIND = "#kind-competitionsstudioreport"


@pytest.mark.parametrize("screen", ["browser_page", "mobile_page"])
def test_file_the_yearly_report_from_the_inbox(
    live_server, transactional_db, staff, studio_named_last_year, screen, request
):
    named_studio = studio_named_last_year
    page = request.getfixturevalue(screen)
    year = timezone.localdate().year - 1
    log_in(page, live_server.url, staff.base_admin.username)
    page.goto(f"{live_server.url}/inbox/")
    due = page.locator(KIND)
    expect(due).to_contain_text(f"{named_studio.name}」{year}年度成果待报送")
    shot(page, f"studio-report-1-inbox-{screen}")
    due.get_by_role("link", name="去办理").first.click()
    expect(page.get_by_test_id("studio-status")).to_have_text("已命名")
    page.get_by_role("link", name="报送年度成果").click()
    page.get_by_label("年度", exact=True).fill(str(year))
    page.get_by_label("创新项目数").fill("9")
    page.get_by_label("专利数").fill("2")
    page.get_by_label("经济效益（万元）").fill("128.50")
    page.get_by_label("培养人才（人）").fill("16")
    shot(page, f"studio-report-2-form-{screen}")
    page.get_by_role("button", name="报送", exact=True).click()
    expect(page.get_by_text(f"{year}年度成果已报送。")).to_be_visible()
    row = page.locator("#report-table tbody tr").first
    expect(row).to_contain_text(str(year))
    expect(row).to_contain_text("128.50")
    shot(page, f"studio-report-3-done-{screen}")
    page.goto(f"{live_server.url}/inbox/")
    expect(page.locator(KIND)).to_have_count(0)
    report = StudioReport.objects.get(studio=named_studio)
    assert (report.projects, report.trained) == (9, 16)
    assert check_items() == []
