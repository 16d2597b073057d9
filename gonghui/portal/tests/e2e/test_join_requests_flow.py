"""A member changes jobs: he asks on his phone for a transfer to the new employer's union, his
union forwards it, the receiving union approves it on 转会审批, and he sees it done."""

import pytest
from playwright.sync_api import expect

from gonghui.accounts.permissions import ROLE_UNION_ADMIN
from gonghui.conftest import ARTIFACTS, VALID_IDS, log_in, log_in_browser
from gonghui.portal.tests.e2e.test_join_flow import fits_the_phone

pytestmark = pytest.mark.browser


def test_transfer_request_followed_to_the_end(
    live_server, transactional_db, tree, make_user, make_member, make_worker, mobile_page
):
    make_user("jia_admin", tree.base_a, ROLE_UNION_ADMIN)
    make_user("bing_admin", tree.base_c, ROLE_UNION_ADMIN)
    member = make_member(tree.base_a, id_number=VALID_IDS[1], name="李建国")
    worker = make_worker("13912345678", name="李建国", id_number=VALID_IDS[1], member=member)
    phone = mobile_page
    log_in_browser(phone, live_server.url, worker)

    phone.goto(f"{live_server.url}/m/requests/")
    phone.get_by_role("link", name="申请转会").click()
    phone.get_by_role("searchbox", name="新单位工会名称").fill("丙公司")
    phone.get_by_role("button", name="搜索").click()
    phone.get_by_label("兰州丙公司工会").check()
    phone.get_by_label("原因").fill("已入职兰州丙公司")
    phone.get_by_role("button", name="提交转会申请").click()
    expect(phone.locator(".m-msg")).to_contain_text("转会申请已提交")
    expect(phone.get_by_test_id("request-status")).to_have_text("待审核")

    desk_context = phone.context.browser.new_context(
        locale="zh-CN", viewport={"width": 1360, "height": 900}
    )
    desk = desk_context.new_page()
    desk.set_default_timeout(10_000)
    # The member's union agrees to let him go ...
    log_in(desk, live_server.url, "jia_admin")
    desk.goto(f"{live_server.url}/portal-admin/requests/")
    desk.locator("#request-table tbody tr", has_text="李建国").get_by_role(
        "button", name="同意转出"
    ).click()
    expect(desk.locator(".messages")).to_contain_text("已转交「兰州丙公司工会」")
    desk.get_by_role("button", name="退出登录").click()

    phone.reload()
    expect(phone.get_by_test_id("request-status")).to_have_text("待转入工会审批")

    # ... and the new employer's union takes him in on the registry's 转会审批.
    log_in(desk, live_server.url, "bing_admin")
    desk.get_by_role("navigation", name="主导航").get_by_role("link", name="转会审批").click()
    # (The receiving union sees the name masked until the member is theirs.) 同意 asks first.
    desk.once("dialog", lambda dialog: dialog.accept())
    desk.locator("#transfer-table tbody tr", has_text="李**").get_by_role(
        "button", name="同意"
    ).click()
    expect(desk.locator(".messages")).to_contain_text("已转入兰州丙公司工会")
    desk_context.close()

    phone.reload()
    expect(phone.get_by_test_id("request-status")).to_have_text("已通过")
    assert fits_the_phone(phone)
    phone.screenshot(path=str(ARTIFACTS / "portal-requests.png"))
    phone.goto(f"{live_server.url}/m/card/")
    expect(phone.get_by_test_id("card-org")).to_have_text("兰州丙公司工会")
