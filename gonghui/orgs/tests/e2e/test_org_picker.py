"""A clerk picks a union by typing part of its name, in a real Chromium (issue 14, pickers).

城关区's staff registers a member: in 所属工会 they type 巨奥, the matches come with their path,
↓ and Enter pick 「城关巨奥化工有限公司工会」, and the member is registered there. A union of the
same name in 七里河 (outside 城关's scope) is never offered. At 375 px the box and its results fit
the screen. The tree page finds the same union and shows the member count on its root line.
"""

import pytest
from playwright.sync_api import expect

from gonghui.conftest import _add, log_in, shot
from gonghui.members.models import Member
from gonghui.orgs.models import OrgType

pytestmark = pytest.mark.browser

JUAO = "城关巨奥化工有限公司工会"


def test_clerk_picks_juao_by_typing_juao(live_server, transactional_db, staff, tree, browser_page):
    juao = _add(tree.donggang, JUAO, OrgType.BASE)
    _add(tree.donggang, "城关巨奥物流有限公司工会", OrgType.BASE)
    elsewhere = _add(tree.xiyuan, JUAO, OrgType.BASE)  # same name, 七里河: out of scope
    page = browser_page
    log_in(page, live_server.url, staff.county_staff.username)
    page.goto(f"{live_server.url}/members/new/")
    box = page.get_by_role("combobox", name="所属工会")
    box.press_sequentially("巨奥", delay=50)
    results = page.get_by_role("listbox", name="查找结果")
    options = results.get_by_role("option")
    expect(options).to_have_count(2)
    expect(results).to_contain_text("甘肃省总工会 › 兰州市总工会 › 城关区总工会 › 东岗西路街道工会")
    assert page.locator(f'[role=option][data-value="{elsewhere.pk}"]').count() == 0
    shot(page, "org-picker-results")
    # Results come higher levels first, then in tree order: 化工 was added before 物流.
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "id_org-list-1")
    box.press("ArrowUp")
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(box).to_have_value(JUAO)
    expect(results).to_be_hidden()
    expect(page.locator("[data-picker-chosen]")).to_have_text(
        f"甘肃省总工会 › 兰州市总工会 › 城关区总工会 › 东岗西路街道工会 › {JUAO}"
    )
    page.get_by_label("姓名").fill("王五")
    page.get_by_label("身份证号").fill("620102198506060044")
    page.get_by_label("手机号").fill("13900002222")
    page.get_by_label("职工类别").select_option(label="在岗职工")
    page.get_by_role("button", name="办理入会").click()
    expect(page.locator(".msg-success")).to_contain_text("王五")
    assert Member.objects.get(name="王五").org_id == juao.pk

    page.goto(f"{live_server.url}/")
    expect(page.locator(".tree-root summary").first).to_contain_text("1 名会员")
    page.get_by_label("查找工会").press_sequentially("巨奥化工", delay=50)
    result = page.locator("#tree-results").get_by_role("link", name=JUAO)
    expect(result).to_have_count(1)
    result.click()
    expect(page.get_by_role("heading", name=JUAO)).to_be_visible()


def test_picker_is_usable_at_375_px(live_server, transactional_db, staff, tree, mobile_page):
    _add(tree.donggang, JUAO, OrgType.BASE)
    page = mobile_page
    log_in(page, live_server.url, staff.county_staff.username)
    page.goto(f"{live_server.url}/members/new/")
    box = page.get_by_role("combobox", name="所属工会")
    box.press_sequentially("巨奥", delay=50)
    option = page.get_by_role("listbox", name="查找结果").get_by_role("option", name=JUAO)
    expect(option).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    option.tap()
    expect(box).to_have_value(JUAO)
    shot(page, "org-picker-375")
