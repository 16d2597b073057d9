"""A province contest with a 兰州 qualifier, a 城关 member entered and ranked, his title on his
record — through a real Chromium on a desktop (1366 px) and a phone (375 px) (issue 16, "Done
means").

兰州's admin creates the qualifier under the province's contest (its level follows 兰州: 市级) and
opens it for entries; 城关's admin enters one of his members with a trade; 兰州's admin starts the
contest, ranks him first with 技术能手; 城关's admin sees the title on the member's record.
"""

import pytest
from playwright.sync_api import expect

from gonghui.competitions.models import Competition, Entry
from gonghui.conftest import log_in, log_out, shot
from gonghui.members.pickers import with_union_paths
from gonghui.orgs.tests.picking import pick_in_browser

pytestmark = pytest.mark.browser


def confirm_step(page, button: str) -> None:
    page.get_by_role("link", name=button, exact=True).click()
    page.get_by_role("button", name=f"确认{button}").click()
    expect(page.locator(".messages")).to_contain_text("竞赛")


@pytest.mark.parametrize("width", [1366, 375])
def test_qualifier_entry_rank_and_title_on_the_record(
    live_server, transactional_db, staff, tree, make_member, make_contest, browser_page, width
):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    final = make_contest(name="全省焊工职业技能大赛", trades=["焊工", "电工"])
    member = make_member(tree.base_a, name="马建国")
    label = with_union_paths([member])[0].picker_label

    # 兰州 creates its qualifier under the province's contest and opens it for entries.
    log_in(page, live_server.url, staff.city_admin.username)
    page.goto(f"{live_server.url}/competitions/new/")
    page.get_by_label("竞赛名称").fill("全省焊工大赛兰州选拔赛")
    pick_in_browser(page, "主办工会", "兰州市", "兰州市总工会")
    page.get_by_label("上级竞赛").select_option(label="全省焊工职业技能大赛（甘肃省总工会）")
    page.get_by_label("竞赛类型").select_option(label="职业技能竞赛")
    page.get_by_label("竞赛类别").select_option(label="二类")
    page.get_by_label("竞赛工种").fill("焊工")
    page.get_by_label("开始日期").fill(str(final.starts_on))
    page.get_by_label("结束日期").fill(str(final.ends_on))
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h1")).to_contain_text("全省焊工大赛兰州选拔赛")
    expect(page.locator("#contest-fields")).to_contain_text("市级")
    confirm_step(page, "发布")
    confirm_step(page, "开始报名")
    expect(page.get_by_test_id("contest-status")).to_have_text("报名中")
    qualifier = Competition.objects.get(name="全省焊工大赛兰州选拔赛")
    assert (qualifier.parent_id, qualifier.level) == (final.pk, "city")
    shot(page, f"contest-01-qualifier-{width}")
    log_out(page)

    # 城关 enters its member with a trade.
    log_in(page, live_server.url, staff.county_admin.username)
    page.goto(f"{live_server.url}/competitions/{qualifier.pk}/")
    page.get_by_role("link", name="报名职工").click()
    pick_in_browser(page, "参赛职工", "马建国", label)
    page.get_by_label("工种").select_option("焊工")
    page.get_by_role("button", name="报名").click()
    expect(page.locator(".messages")).to_contain_text("「马建国」已报名")
    expect(page.locator("#member-entries")).to_contain_text("马建国")
    log_out(page)

    # 兰州 starts the contest and ranks him first with 技术能手.
    log_in(page, live_server.url, staff.city_admin.username)
    page.goto(f"{live_server.url}/competitions/{qualifier.pk}/")
    confirm_step(page, "截止报名、开始比赛")
    row = page.locator("#member-entries tbody tr", has_text="马建国")
    row.get_by_role("link", name="录入成绩").click()
    page.get_by_label("成绩").fill("96.5")
    page.get_by_label("名次").fill("1")
    page.get_by_label("奖项").select_option(label="一等奖")
    page.get_by_label("授予称号").select_option(label="技术能手")
    page.get_by_role("button", name="保存成绩").click()
    expect(page.locator(".messages")).to_contain_text("成绩已保存")
    expect(row).to_contain_text("第1名")
    expect(page.locator("[data-count=person_entries]")).to_have_text("1 人次")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, f"contest-02-ranked-{width}")
    entry = Entry.objects.get(member=member)
    assert (entry.rank, entry.title) == (1, "expert")
    log_out(page)

    # 城关 sees the title on the member's record.
    log_in(page, live_server.url, staff.county_admin.username)
    page.goto(f"{live_server.url}/members/{member.pk}/")
    panel = page.locator("[data-panel=competitions]")
    expect(panel).to_contain_text("全省焊工大赛兰州选拔赛")
    expect(panel).to_contain_text("第1名")
    expect(panel).to_contain_text("技术能手")
    panel.scroll_into_view_if_needed()
    shot(page, f"contest-03-record-{width}")
