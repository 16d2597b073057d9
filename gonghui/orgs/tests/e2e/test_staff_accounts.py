"""A county 系统管理员 makes an account for a street union's clerk in a real Chromium, picking
the union by typing part of its name; the clerk logs in and changes his own password."""

import pytest
from playwright.sync_api import expect

from gonghui.accounts.models import User
from gonghui.accounts.permissions import ROLE_STAFF, ROLE_SYSADMIN
from gonghui.conftest import log_in, shot
from gonghui.orgs.tests.picking import pick_in_browser

pytestmark = pytest.mark.browser

FIRST = "Chushi@2026"
SECOND = "Xin@mima2026"


def test_sysadmin_creates_an_account_and_its_owner_changes_the_password(
    live_server, transactional_db, tree, make_user, browser_page
):
    make_user("cg_sys", tree.chengguan, ROLE_SYSADMIN)
    page = browser_page
    log_in(page, live_server.url, "cg_sys")
    page.get_by_role("link", name="工作人员账号").click()
    expect(page.get_by_role("heading", name="工作人员账号")).to_be_visible()
    page.get_by_role("link", name="新建账号").click()
    page.get_by_label("账号", exact=True).fill("dg_clerk")
    page.get_by_label("姓名").fill("赵东岗")
    pick_in_browser(page, "所属工会", "东岗", "东岗西路街道工会")
    page.get_by_label(ROLE_STAFF).check()
    page.get_by_label("初始密码", exact=True).fill(FIRST)
    page.get_by_label("再输入一次初始密码").fill(FIRST)
    page.get_by_role("button", name="新建").click()
    expect(page.locator(".msg-success")).to_contain_text("dg_clerk")
    shot(page, "staff-account-created")
    account = User.objects.get(username="dg_clerk")
    assert account.org == tree.donggang
    assert list(account.groups.values_list("name", flat=True)) == [ROLE_STAFF]

    page.get_by_role("button", name="退出登录").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("dg_clerk")
    page.get_by_label("密码").fill(FIRST)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="修改密码").click()
    page.get_by_label("当前密码").fill(FIRST)
    page.get_by_label("新密码", exact=True).fill(SECOND)
    page.get_by_label("再输入一次新密码").fill(SECOND)
    page.get_by_role("button", name="修改密码").click()
    expect(page.locator(".msg-success")).to_contain_text("密码已修改")
    assert User.objects.get(pk=account.pk).check_password(SECOND)
