"""疗休养 through a real Chromium: the province splits a batch's places (兰州 1, 天水 1); 城关 puts
a member forward with the member picker and is refused a second one, naming the quota; the
province sees the batch in its 待办 and confirms; the batch page at 375 px keeps its table in
its box. A 城关 team is made and given a member on the way."""

import pytest
from playwright.sync_api import expect

from gonghui.conftest import log_in, log_out, shot
from gonghui.members.models import Team
from gonghui.orgs.tests.picking import pick_in_browser
from gonghui.recuperation.models import Participant, ParticipantStatus

pytestmark = pytest.mark.browser


def _label(member) -> str:
    return f"{member.name}（{member.id_number_masked}）"


def test_quota_refusal_confirmation_and_team(
    live_server, transactional_db, staff, tree, make_member, batch, browser_page
):
    page = browser_page
    first = make_member(tree.base_a, name="张劳模")
    second = make_member(tree.base_a, name="李工匠")

    log_in(page, live_server.url, staff.sysadmin.username)
    page.get_by_role("link", name="疗休养", exact=True).click()
    page.get_by_role("link", name="劳模疗休养").click()
    page.get_by_role("link", name="第1批").click()
    page.get_by_role("link", name="分配名额").click()
    page.get_by_label(tree.lanzhou.name).fill("1")
    page.get_by_label(tree.tianshui.name).fill("1")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("名额分配已保存")
    expect(page.locator("#quota-table")).to_contain_text(tree.lanzhou.name)
    log_out(page)

    log_in(page, live_server.url, staff.county_admin.username)
    page.goto(f"{live_server.url}/recuperation/batches/{batch.pk}/")
    form = page.locator("#add-member")
    pick_in_browser(form, "会员", "张劳模", _label(first))
    form.get_by_label("类别").select_option(label="劳模")
    form.get_by_role("button", name="从会员库添加").click()
    expect(page.locator(".messages")).to_contain_text("「张劳模」已加入名单")
    form = page.locator("#add-member")
    pick_in_browser(form, "会员", "李工匠", _label(second))
    form.get_by_role("button", name="从会员库添加").click()
    expect(page.locator("#add-member")).to_contain_text(
        f"「{tree.lanzhou.name}」在本批次的名额为 1 人，已报 1 人，不能再增加。"
    )
    shot(page, "recuperation-01-quota-refused")

    # On the way: a team of 兰州甲公司工会 with 李工匠 in it.
    page.goto(f"{live_server.url}/members/teams/new/")
    pick_in_browser(page, "所属工会", "甲公司", tree.base_a.name)
    page.get_by_label("名称").fill("焊接一班")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("班组「焊接一班」已建立")
    form = page.locator("form", has=page.get_by_role("button", name="添加"))
    pick_in_browser(form, "会员", "李工匠", _label(second))
    form.get_by_role("button", name="添加").click()
    expect(page.locator("#team-members")).to_contain_text("李工匠")
    assert Team.objects.get(name="焊接一班").headcount == 1
    log_out(page)

    log_in(page, live_server.url, staff.sysadmin.username)
    page.goto(f"{live_server.url}/inbox/")
    group = page.locator("#kind-recuperationconfirm")
    expect(group).to_contain_text("「第1批」有 1 人待确认")
    group.get_by_role("link", name="去办理").click()
    row = page.locator("#participant-table tbody tr", has_text="张劳模")
    row.get_by_role("button", name="确认").click()
    expect(page.locator(".messages")).to_contain_text("已确认「张劳模」")
    assert Participant.objects.get(member=first).status == ParticipantStatus.CONFIRMED
    shot(page, "recuperation-02-confirmed")

    phone_context = page.context.browser.new_context(
        locale="zh-CN", viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
    )
    phone = phone_context.new_page()
    phone.set_default_timeout(10_000)
    log_in(phone, live_server.url, staff.sysadmin.username)
    phone.goto(f"{live_server.url}/recuperation/batches/{batch.pk}/")
    expect(phone.get_by_role("heading", name="第1批")).to_be_visible()
    expect(phone.locator("#participant-table")).to_contain_text("已确认")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1
    shot(phone, "recuperation-03-batch-375")
    phone_context.close()
