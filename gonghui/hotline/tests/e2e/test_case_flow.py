"""One 12351 case through the whole loop, driven through a real Chromium.

An agent takes a call and dispatches it to 城关区; 城关区 accepts and passes it down (转派) to
东岗西路街道, which closes it with ¥12,000 recovered; the agent calls back, records 不满意 and
reopens it; with time frozen past the new deadline the case shows overdue, in red, in the
handler's queue.
"""

from datetime import timedelta
from unittest import mock

import pytest
from playwright.sync_api import expect

from gonghui.accounts.permissions import ROLE_AGENT, ROLE_STAFF
from gonghui.conftest import ARTIFACTS, log_in, log_out
from gonghui.hotline.codes import CaseStatus, Rating
from gonghui.hotline.models import Case
from gonghui.orgs.tests.picking import pick_in_browser

RED_SOFT = "rgb(254, 242, 242)"
RED = "rgb(185, 28, 28)"

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"hotline-{name}.png"), full_page=True)


def nav(page, name: str) -> None:
    page.get_by_role("navigation", name="主导航").get_by_role("link", name=name).click()


def open_case(page, number: str) -> None:
    nav(page, "我的工单")
    page.locator("#case-table").get_by_role("link", name=number).click()
    expect(page.locator("h1")).to_contain_text(number)


def test_case_from_call_to_overdue(
    live_server, transactional_db, staff, tree, make_user, browser_page
):
    page = browser_page
    make_user("agent", tree.province, ROLE_AGENT)
    make_user("dg_staff", tree.donggang, ROLE_STAFF)

    # The agent takes the call.
    log_in(page, live_server.url, "agent")
    nav(page, "坐席工作台")
    form = page.locator("#intake-form")
    form.get_by_label("来电人姓名").fill("李建国")
    form.get_by_label("联系电话").fill("13987654321")
    form.get_by_label("工作单位").fill("兰州某建筑公司")
    pick_in_browser(form, "单位所在县区", "城关", "城关区总工会")
    form.get_by_label("诉求类别").select_option(label="求决类")
    form.get_by_label("问题分类").select_option(label="劳动报酬（欠薪）")
    form.get_by_label("复杂程度").select_option(label="较难")
    form.get_by_label("涉及人数").fill("12")
    form.get_by_label("涉及金额（元）").fill("12000")
    form.get_by_label("诉求内容").fill("某建筑公司拖欠12名农民工工资共计1.2万元。")
    shot(page, "01-intake")
    form.get_by_role("button", name="登记工单").click()
    expect(page.locator(".messages")).to_contain_text("已登记工单 12351-")
    case = Case.objects.get()
    expect(page.get_by_test_id("case-status")).to_have_text("待派单")
    expect(page.get_by_test_id("caller-phone")).to_have_text("139****4321")
    # 查看来电号码: the phone of this case in full (audited), nothing else of the caller.
    page.get_by_test_id("reveal-phone").click()
    expect(page.get_by_test_id("revealed-phone")).to_have_text("13987654321")
    expect(page.get_by_test_id("caller-name")).to_have_text("李**")

    # ... and dispatches it to the workplace's county (preselected).
    page.get_by_role("link", name="派单", exact=True).click()
    expect(page.get_by_role("combobox", name="承办工会")).to_have_value("城关区总工会")
    expect(page.locator("[data-picker-chosen]")).to_have_text(
        "甘肃省总工会 › 兰州市总工会 › 城关区总工会"
    )
    page.get_by_role("button", name="确认派单").click()
    expect(page.locator(".messages")).to_contain_text(f"工单 {case.number} 已派给「城关区总工会」")
    expect(page.locator("#dispatch-queue")).to_contain_text("没有待派单的工单")
    log_out(page)

    # 城关区 accepts, then passes it down to 东岗西路街道.
    log_in(page, live_server.url, staff.county_admin.username)
    open_case(page, case.number)
    page.get_by_role("button", name="接单", exact=True).click()
    expect(page.get_by_test_id("case-status")).to_have_text("办理中")
    page.locator("#transfer summary").click()
    pick_in_browser(page.locator("#transfer"), "转派给", "东岗", "东岗西路街道工会")
    page.get_by_label("转派说明").fill("属地街道办理")
    shot(page, "02-transfer")
    page.get_by_role("button", name="确认转派").click()
    expect(page.get_by_test_id("case-holder")).to_have_text("东岗西路街道工会")
    log_out(page)

    # 东岗西路街道 accepts and closes it: ¥12,000 recovered for 12 workers.
    log_in(page, live_server.url, "dg_staff")
    open_case(page, case.number)
    page.get_by_role("button", name="接单", exact=True).click()
    close = page.locator("#close-form")
    close.get_by_label("办理结果").select_option(label="解决")
    close.get_by_label("办理情况").fill("约谈企业负责人，协调支付全部欠薪。")
    close.get_by_label("追回金额（元）").fill("12000")
    close.get_by_label("受益职工人数").fill("12")
    close.get_by_role("button", name="确认办结").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已办结")
    expect(page.get_by_test_id("money")).to_have_text("¥12000.00")
    log_out(page)

    # The agent calls back: 不满意, reopened at the same union.
    log_in(page, live_server.url, "agent")
    nav(page, "坐席工作台")
    page.locator("#callbacks").get_by_role("link", name="回访").click()
    callback = page.locator("#callback-form")
    callback.get_by_role("radio", name="不满意").check()
    callback.get_by_label("回访意见").fill("工资只发了一部分")
    callback.get_by_label("不满意，退回原承办单位重新办理").check()
    callback.get_by_role("button", name="保存回访").click()
    expect(page.get_by_test_id("case-status")).to_have_text("办理中")
    expect(page.locator("#timeline")).to_contain_text("重新办理")
    shot(page, "03-timeline")
    log_out(page)

    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.ACCEPTED and case.reopen_count == 1
    assert case.rating == Rating.UNSATISFIED and case.holder == tree.donggang

    # Not overdue yet...
    log_in(page, live_server.url, "dg_staff")
    nav(page, "我的工单")
    row = page.locator(f"#case-table tr[data-number='{case.number}']")
    expect(row).not_to_have_class("row-overdue")
    log_out(page)

    # ... but with time frozen past the deadline (the live server runs in this process).
    with mock.patch("django.utils.timezone.now", return_value=case.deadline + timedelta(hours=2)):
        log_in(page, live_server.url, "dg_staff")
        nav(page, "我的工单")
        row = page.locator(f"#case-table tr[data-number='{case.number}']")
        expect(row).to_have_class("row-overdue")
        expect(row).to_contain_text("已超期")
        cell = row.locator("td").first
        assert cell.evaluate("el => getComputedStyle(el).backgroundColor") == RED_SOFT
        deadline = row.get_by_test_id("deadline")
        assert deadline.evaluate("el => getComputedStyle(el).color") == RED
        shot(page, "04-overdue-queue")
        page.get_by_role("link", name="已超期").click()
        expect(page.locator("#case-table")).to_contain_text(case.number)
