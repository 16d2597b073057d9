"""A transfer in the 待办 inbox, through a real Chromium (issue 14, "Done means").

七里河's 兰州丙公司工会 asks to move one of its members to 兰州甲公司工会 in 城关: 城关's admin lands on
待办 after logging in, finds the transfer there, approves it, and it is gone. 城关 meanwhile asked
for one of its own members to go to 兰州丙公司工会: the 七里河 base admin sees that request arrive as
a notification (新待办) and in his 待办, and the decision on his own request (办理结果).
"""

import pytest
from playwright.sync_api import expect

from gonghui.conftest import log_in, log_out, shot
from gonghui.members.models import Member, Transfer, TransferStatus
from gonghui.members.services import transfer_request
from gonghui.orgs.tests.picking import pick_in_browser

pytestmark = pytest.mark.browser


def test_transfer_listed_decided_and_gone_the_other_side_notified(
    live_server, transactional_db, staff, tree, make_member, browser_page
):
    page = browser_page
    theirs = make_member(tree.base_c, name="王小明")
    ours = make_member(tree.base_a, name="马建国")
    asked = transfer_request(actor=staff.base_c_admin, member=theirs, to_org=tree.base_a)

    # 城关's admin lands on 待办: the transfer waits for 城关 (the base union under it receives).
    log_in(page, live_server.url, staff.county_admin.username)
    expect(page.get_by_role("heading", name="待办", exact=True)).to_be_visible()
    expect(page.locator("#inbox-badge .badge")).to_have_text("1")
    group = page.locator("#kind-memberstransfer_below")
    expect(group).to_contain_text("下级工会待审批转会")
    expect(group).to_contain_text("王**：兰州丙公司工会 → 兰州甲公司工会（转出方发起）")
    shot(page, "inbox-01-cg-admin-lands-on-inbox")

    # He asks for one of his own members to go to 七里河 (through the registry's own page).
    page.goto(f"{live_server.url}/members/{ours.pk}/transfer/")
    pick_in_browser(page, "转入工会", "丙公司", "兰州丙公司工会")
    page.get_by_role("button", name="提交转会申请").click()
    expect(page.locator(".messages")).to_contain_text("已提交「马建国」的转会申请")

    # Back on 待办, one click to the action: 去办理 opens 转会审批, where he approves.
    page.locator("#inbox-badge").click()
    group.get_by_role("link", name="去办理").click()
    row = page.locator("#transfer-table tbody tr", has_text="王**")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="同意").click()
    expect(page.locator(".messages")).to_contain_text("已同意转会")
    assert Transfer.objects.get(pk=asked.pk).status == TransferStatus.APPROVED
    assert Member.objects.get(pk=theirs.pk).org_id == tree.base_a.pk

    # The item is gone: his own request waits for the other side, not for him.
    page.locator("#inbox-badge").click()
    expect(page.locator("#inbox-empty")).to_be_visible()
    expect(page.locator("#inbox-badge .badge")).to_have_count(0)
    shot(page, "inbox-02-cg-admin-inbox-empty")
    log_out(page)

    # The 七里河 base admin: the request arrived (notification and 待办), and his was decided.
    log_in(page, live_server.url, staff.base_c_admin.username)
    expect(page.locator("#kind-memberstransfer")).to_contain_text(
        "马**：兰州甲公司工会 → 兰州丙公司工会（转出方发起）"
    )
    expect(page.locator("#notif-badge .badge")).to_have_text("2")
    page.locator("#notif-badge").click()
    table = page.locator("#notification-table")
    arrived = table.locator("tbody tr", has_text="新待办：待审批转会")
    expect(arrived).to_contain_text("马**：兰州甲公司工会 → 兰州丙公司工会")
    decided = table.locator("tbody tr", has_text="转会申请已同意：王**")
    expect(decided).to_contain_text("办理结果")
    expect(decided).to_contain_text("「城关区总工会」审批结果：已同意")
    shot(page, "inbox-03-qilihe-base-notifications")
