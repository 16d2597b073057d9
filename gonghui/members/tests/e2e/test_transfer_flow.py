"""A transfer (转会) across two counties, driven through a real Chromium.

城关区's admin finds a member by ID number, asks for the transfer to 兰州丙公司工会 under
七里河区, and cannot decide it himself; 七里河区's admin approves it after confirming; the member
then belongs to the new union.
"""

import pytest
from playwright.sync_api import expect

from gonghui.conftest import VALID_IDS, log_in, log_out, shot
from gonghui.members.models import Member, Transfer, TransferStatus
from gonghui.members.services import TRANSFER_OWN_REQUEST
from gonghui.orgs.tests.picking import pick_in_browser

# No skip when Chromium is missing: `make test` installs it, and a missing browser must fail.
pytestmark = pytest.mark.browser


def test_transfer_between_counties(
    live_server,
    transactional_db,
    staff,
    tree,
    make_member,
    browser_page,
):
    page = browser_page
    member = make_member(tree.base_a, name="马建国", id_number=VALID_IDS[3], phone="13893112345")
    make_member(tree.base_a, name="马小兰")

    # 城关区's admin finds the member by ID number: the list shows it masked.
    log_in(page, live_server.url, staff.county_admin.username)
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor")
        == "rgb(185, 28, 28)"
    ), "workbench.css did not load"
    assert page.evaluate("typeof htmx") == "object", "htmx did not load"
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="会员").click()
    page.get_by_label("查找").fill(VALID_IDS[3])
    page.get_by_role("button", name="查询").click()
    table = page.locator("#member-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text(member.id_number_masked)
    expect(table).not_to_contain_text(VALID_IDS[3])
    expect(table).not_to_contain_text("马小兰")
    shot(page, "01-member-list-search")

    # Its page keeps the number masked too; then the transfer, to a union found by name.
    table.get_by_role("link", name="马建国").click()
    expect(page.get_by_test_id("id-number")).to_have_text(member.id_number_masked)
    expect(page.get_by_test_id("phone")).to_have_text(member.phone_masked)
    shot(page, "02-member-detail")
    page.get_by_role("link", name="转会", exact=True).click()
    pick_in_browser(page, "转入工会", "丙公司", "兰州丙公司工会")  # options htmx loads as one types
    page.get_by_label("说明").fill("劳动关系转至兰州丙公司")
    shot(page, "03-transfer-form")
    page.get_by_role("button", name="提交转会申请").click()
    expect(page.locator(".messages")).to_contain_text("已提交「马建国」的转会申请")
    expect(page.locator(".notice")).to_contain_text("兰州甲公司工会 → 兰州丙公司工会")
    transfer = Transfer.objects.get(member=member)
    assert transfer.status == TransferStatus.PENDING and transfer.to_org == tree.base_c

    # The asker cannot decide his own request: no 同意/拒绝 for him, and the page says why.
    page.get_by_role("link", name="到转会审批处理 ›").click()
    row = page.locator("#transfer-table tbody tr", has_text="兰州丙公司工会")
    expect(row).to_contain_text("待转入方审批")
    expect(row.get_by_role("button", name="同意")).to_have_count(0)
    expect(row.get_by_text("拒绝…")).to_have_count(0)
    expect(row).to_contain_text(TRANSFER_OWN_REQUEST.format(org="兰州丙公司工会"))
    expect(row.get_by_role("button", name="撤回")).to_be_visible()
    shot(page, "04a-transfers-asker")
    log_out(page)

    # 七里河区's admin sees it waiting for the receiving side, and approves after confirming.
    log_in(page, live_server.url, staff.sibling_admin.username)
    page.get_by_role("link", name="转会审批").click()
    row = page.locator("#transfer-table tbody tr", has_text="兰州丙公司工会")
    expect(row).to_contain_text("待转入方审批")
    expect(row).to_contain_text("马**")
    shot(page, "04-transfers-pending")
    asked = []

    def answer(accept):
        def handle(dialog):
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        return handle

    page.once("dialog", answer(False))  # a click alone, declined: nothing happens
    row.get_by_role("button", name="同意").click()
    expect(row.get_by_role("button", name="同意")).to_be_visible()
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.PENDING
    page.once("dialog", answer(True))
    row.get_by_role("button", name="同意").click()
    expect(page.locator(".messages")).to_contain_text("已同意转会：「马建国」已转入兰州丙公司工会")
    expect(page.locator("#transfer-table")).to_contain_text("没有待审批的转会申请")
    assert (
        asked
        == [
            "确认同意「马**」从「兰州甲公司工会」转入「兰州丙公司工会」？同意后会籍立即转移，不能撤回。"
        ]
        * 2
    )

    member = Member.objects.get(pk=member.pk)
    assert member.org == tree.base_c
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.APPROVED

    # The member is now theirs: found in their list, its page names the new union.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="会员").click()
    page.get_by_label("查找").fill("马建国")
    page.get_by_role("button", name="查询").click()
    page.locator("#member-table").get_by_role("link", name="马建国").click()
    expect(page.get_by_test_id("member-org")).to_have_text("兰州丙公司工会")
    expect(page.locator("table")).to_contain_text("转入")
    shot(page, "05-member-after-transfer")
