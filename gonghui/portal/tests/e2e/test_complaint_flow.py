"""12351 online end to end in a real Chromium on a phone (375×812): a member files a complaint
with a photo, finds it in 我的工单 and follows its steps; the unions handle and close it (through
the services, as the workbench would); the worker rates it on the case page; then anyone looks
it up by number and phone without logging in."""

import importlib

import pytest
from playwright.sync_api import expect

from gonghui.conftest import ARTIFACTS, VALID_IDS, log_in_browser
from gonghui.hotline import services
from gonghui.hotline.codes import CaseStatus, Channel, EventAction, Rating, Result
from gonghui.hotline.models import Case, DeadlineRule
from gonghui.hotline.tests.test_views import png_bytes

pytestmark = pytest.mark.browser

PHONE = "13912345678"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def deadline_rules(transactional_db):
    """The migration's default rules, again: a transactional test's flush deletes them."""
    migration = importlib.import_module("gonghui.hotline.migrations.0002_default_deadline_rules")
    for row in migration.DEFAULTS:
        DeadlineRule.objects.get_or_create(complexity=row["complexity"], category="", defaults=row)


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def shot(page, name: str) -> None:
    assert fits_the_phone(page), name
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / f"portal-{name}.png"), full_page=True)


def test_file_follow_rate_and_look_up_a_complaint(
    live_server, tree, staff, make_member, make_worker, mobile_page, tmp_path
):
    member = make_member(tree.base_a, id_number=VALID_IDS[3], name="王小明", phone=PHONE)
    worker = make_worker(PHONE, name="王小明", id_number=VALID_IDS[3], member=member)
    photo = tmp_path / "工资条.png"
    photo.write_bytes(png_bytes())
    page = mobile_page
    log_in_browser(page, live_server.url, worker)

    # From the home page's 12351 tab to the form.
    page.goto(f"{live_server.url}/m/")
    page.get_by_role("navigation", name="底部导航").get_by_role("link", name="12351").click()
    form = page.locator("#complaint-form")
    expect(form).to_contain_text("139****5678")
    form.get_by_label("问题分类").select_option(label="劳动报酬（欠薪）")
    form.get_by_label("诉求内容").fill("公司拖欠我三个月工资共1.2万元，多次讨要未果。")
    form.get_by_label("工作单位").fill("兰州某建筑公司")
    form.get_by_label("单位所在县区").select_option(label="城关区总工会")
    form.get_by_label("附件（选填）").set_input_files(str(photo))
    shot(page, "complaint")
    form.get_by_role("button", name="提交投诉").click()

    expect(page.locator(".m-msg")).to_contain_text("您的诉求已受理")
    case = Case.objects.get()
    assert (case.channel, case.member, case.county) == (Channel.ONLINE, member, tree.chengguan)
    assert case.attachments.get().original_name == "工资条.png"
    expect(page.locator(".m-msg")).to_contain_text(case.number)
    expect(page.get_by_test_id("case-status")).to_have_text("待派单")

    # 我的工单 lists it; its page shows the steps so far.
    page.get_by_role("navigation", name="底部导航").get_by_role("link", name="12351").click()
    page.locator(".c-links").get_by_role("link", name="我的工单").click()
    item = page.locator("#case-list li", has_text=case.number)
    expect(item).to_contain_text("待派单")
    shot(page, "my-cases")
    item.get_by_role("link").click()
    timeline = page.locator("#case-timeline")
    expect(timeline).to_contain_text("登记")
    expect(timeline).to_contain_text("上传附件")

    # The province dispatches it, 城关区 accepts and closes it.
    actor = staff.sysadmin
    case = services.case_dispatch(
        actor=actor, case=case, to_org=tree.chengguan, expected_version=case.version
    )
    case = services.case_accept(actor=actor, case=case, expected_version=case.version)
    services.case_close(
        actor=actor,
        case=case,
        result=Result.RESOLVED,
        outcome="经城关区总工会协调，企业已补发全部工资1.2万元。",
        money_recovered="12000",
        workers_benefited=1,
        expected_version=case.version,
    )

    page.reload()
    expect(page.get_by_test_id("case-status")).to_have_text("已办结")
    expect(page.locator("#case-outcome")).to_contain_text("企业已补发全部工资")
    expect(timeline).to_contain_text("城关区总工会")
    rating = page.locator("#rating-form")
    rating.get_by_label("满意", exact=True).check()
    rating.get_by_label("评价意见（选填）").fill("工会办事很快，谢谢！")
    shot(page, "case")
    rating.get_by_role("button", name="提交评价").click()
    expect(page.locator(".m-msg")).to_contain_text("感谢您的评价")
    expect(page.locator("#rating-form")).to_have_count(0)
    expect(timeline).to_contain_text("职工评价")
    case.refresh_from_db()
    assert (case.status, case.rating) == (CaseStatus.EVALUATED, Rating.SATISFIED)
    assert case.events.last().action == EventAction.CALLBACK

    # Anyone with the number and the phone, no login.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/m/")
    page.get_by_role("link", name="工单查询").click()
    lookup = page.locator("#lookup-form")
    lookup.get_by_label("工单编号").fill(case.number)
    lookup.get_by_label("联系电话").fill("13900000000")
    lookup.get_by_role("button", name="查询").click()
    expect(page.locator("#lookup-form .m-msg-error")).to_contain_text("找不到该工单")
    lookup.get_by_label("联系电话").fill(PHONE)
    lookup.get_by_role("button", name="查询").click()
    result = page.locator("#lookup-result")
    expect(result).to_contain_text(case.number)
    expect(result).to_contain_text("已回访")
    expect(page.locator("#case-timeline")).to_contain_text("办结")
    expect(page.locator("body")).not_to_contain_text("王小明")
    expect(page.locator("body")).not_to_contain_text("企业已补发")
    shot(page, "lookup")
