"""The 待办 of hardship assistance in a real Chromium: an archive applied for at 兰州甲公司工会
waits in the township admin's 待办 for 初审; he opens it from there and passes it; it leaves his
待办 and arrives in the 城关区 county admin's, who opens it from his 待办, does 终审, and sees it
move on to the 公示 (公示期满待建档) while it is gone from the 终审 list."""

import pytest
from playwright.sync_api import expect

from gonghui.assistance.codes import ArchiveStatus
from gonghui.assistance.models import Archive
from gonghui.assistance.tests.test_archive_services import apply
from gonghui.conftest import log_in, log_out, shot
from gonghui.inbox.selectors import check_items

pytestmark = pytest.mark.browser


def open_inbox(page, base_url: str) -> None:
    page.goto(f"{base_url}/inbox/")
    expect(page.get_by_role("heading", name="待办", exact=True)).to_be_visible()


def test_archive_review_moves_through_the_inbox(
    live_server, transactional_db, staff, tree, township_admin, make_member, browser_page
):
    page = browser_page
    archive = apply(staff, make_member(tree.base_a, name="吴困难"))

    # 1. The township admin: 初审 waits in his 待办, one click from the archive.
    log_in(page, live_server.url, township_admin.username)
    open_inbox(page, live_server.url)
    first = page.locator("#kind-assistancefirst_review")
    expect(first).to_contain_text("困难职工档案待初审：吴困难")
    shot(page, "inbox-assistance-1-township")
    first.get_by_role("link", name="去办理").click()
    review = page.locator("#first-review")
    review.get_by_label("通过", exact=True).check()
    review.get_by_label("审核意见").fill("情况属实。")
    review.get_by_label("走访人员").fill("张敏")
    review.get_by_label("走访情况").fill("家中确有困难。")
    page.get_by_role("button", name="提交初审").click()
    expect(page.get_by_test_id("archive-status")).to_have_text("待终审")
    open_inbox(page, live_server.url)
    expect(page.locator("#kind-assistancefirst_review")).to_have_count(0)
    expect(page.locator("#inbox-empty")).to_be_visible()
    log_out(page)

    # 2. The county admin: the archive has arrived for 终审.
    log_in(page, live_server.url, staff.county_admin.username)
    open_inbox(page, live_server.url)
    final = page.locator("#kind-assistancefinal_review")
    expect(final).to_contain_text("困难职工档案待终审：吴困难")
    expect(page.locator("#kind-assistancefirst_review")).to_have_count(0)
    shot(page, "inbox-assistance-2-county")
    final.get_by_role("link", name="去办理").click()
    form = page.locator("#final-review")
    form.get_by_label("通过", exact=True).check()
    form.get_by_label("意见").fill("同意建档。")
    page.get_by_role("button", name="提交终审").click()
    expect(page.get_by_test_id("archive-status")).to_have_text("公示中")

    # 3. It moved on: no longer to review, now a 公示 to close once it ends.
    open_inbox(page, live_server.url)
    expect(page.locator("#kind-assistancefinal_review")).to_have_count(0)
    expect(page.locator("#kind-assistancenotice_end")).to_contain_text("公示期满待确认建档：吴困难")
    shot(page, "inbox-assistance-3-notice")
    assert Archive.objects.get(pk=archive.pk).status == ArchiveStatus.NOTICE
    assert check_items() == []
