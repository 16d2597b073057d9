"""In a real Chromium, at a desktop width and at 375 px: 兰州甲公司's admin adds a member to
its named studio with the member picker, the city puts the lead forward (推荐荣誉), and the
member's record shows the studio; a worker submits a 合理化建议 on his phone and sees it 待评审."""

import pytest
from playwright.sync_api import expect

from gonghui.competitions.models.studios import Suggestion
from gonghui.conftest import log_in, log_in_browser, shot
from gonghui.honors.models import Candidate
from gonghui.inbox.selectors import check_items
from gonghui.members.pickers import with_union_paths
from gonghui.orgs.tests.picking import pick_in_browser

pytestmark = pytest.mark.browser


def _log_out(page, url) -> None:
    page.context.clear_cookies()


@pytest.mark.parametrize("width", [1360, 375])
def test_members_and_put_forward(
    live_server, transactional_db, staff, tree, make_member, named_studio, browser_page, width
):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    member = make_member(tree.base_a, name="李徒弟")
    label = with_union_paths([member])[0].picker_label
    log_in(page, live_server.url, staff.base_admin.username)
    page.goto(f"{live_server.url}/competitions/studios/{named_studio.pk}/")
    page.get_by_role("link", name="添加成员").click()
    pick_in_browser(page, "成员", "李徒弟", label)
    page.get_by_role("button", name="添加").click()
    expect(page.locator(".messages")).to_contain_text("已将「李徒弟」添加为工作室成员")
    expect(page.locator("#member-table")).to_contain_text("李徒弟")
    expect(page.locator("#member-table")).to_contain_text(member.id_number_masked)
    shot(page, f"studio-members-1-page-{width}")
    _log_out(page, live_server.url)

    log_in(page, live_server.url, staff.city_admin.username)
    page.goto(f"{live_server.url}/competitions/studios/{named_studio.pk}/")
    page.get_by_test_id("put-forward").click()
    expect(page.locator(".messages")).to_contain_text("推荐到荣誉评选")
    expect(page.get_by_test_id("put-forward")).to_have_count(0)
    page.goto(f"{live_server.url}/members/{member.pk}/")
    expect(page.locator('[data-panel="studios"]')).to_contain_text(named_studio.name)
    shot(page, f"studio-members-2-record-{width}")
    assert Candidate.objects.get().member_id == named_studio.lead_id
    assert check_items() == []


def test_a_worker_submits_on_his_phone(
    live_server, transactional_db, tree, make_member, make_worker, mobile_page
):
    number = "620102198506060044"
    member = make_member(tree.base_a, name="张三", id_number=number)
    worker = make_worker("13900003333", name="张三", id_number=number, member=member)
    page = mobile_page
    log_in_browser(page, live_server.url, worker)
    page.goto(f"{live_server.url}/m/")
    page.get_by_role("link", name="五小和合理化建议").click()
    page.get_by_label("类别").select_option(label="合理化建议")
    page.get_by_label("名称").fill("改进焊接夹具")
    page.get_by_label("内容").fill("现有夹具定位慢，建议改为快速夹钳，每班可省半小时。")
    shot(page, "suggestion-portal-1-form-375")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#my-suggestions")).to_contain_text("改进焊接夹具")
    expect(page.get_by_test_id("suggestion-status").first).to_have_text("待评审")
    shot(page, "suggestion-portal-2-mine-375")
    assert Suggestion.objects.get().online
    assert check_items() == []
