"""The optional steps in a real Chromium: 兰州甲公司工会 saves a nomination as a draft, uploads
its deeds material (the checklist turns ✔), records the staff vote and sends it up; the page is
also looked at 375 px wide."""

import re

import pytest
from playwright.sync_api import expect

from gonghui.accounts.permissions import ROLE_UNION_ADMIN
from gonghui.conftest import ARTIFACTS, log_in
from gonghui.honors.models import HonorType, Nomination
from gonghui.honors.rounds.catalogue import load_catalogue
from gonghui.honors.rounds.services.common import today
from gonghui.honors.tests.steps_helpers import PDF, open_round

pytestmark = pytest.mark.browser


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"honors-steps-{name}.png"), full_page=True)


def test_draft_material_vote_and_submit(
    live_server,
    transactional_db,
    staff,
    tree,
    make_user,
    make_member,
    browser_page,
    tmp_path,
    settings,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = browser_page
    load_catalogue(tree.province)
    medal = HonorType.objects.get(code="gansu-may1-medal")
    medal.materials = "主要事迹材料"
    medal.materials_enforced = True
    medal.save()
    province = make_user("gs_admin", tree.province, ROLE_UNION_ADMIN)
    rnd = open_round(province, medal, tree, base_vote=True)
    make_member(tree.base_a, name="张卫东")
    material = tmp_path / "事迹材料.pdf"
    material.write_bytes(PDF)

    log_in(page, live_server.url, staff.base_admin.username)
    page.goto(f"{live_server.url}/honors/rounds/{rnd.pk}/")
    page.locator(".page-head").get_by_role("link", name="推荐", exact=True).click()
    form = page.locator("form.form-grid")
    form.get_by_label("荣誉", exact=True).select_option(label="甘肃省五一劳动奖章")
    box = form.get_by_role("combobox", name="被推荐人（个人）")
    box.press_sequentially("张卫东", delay=30)
    page.locator(f"#{box.get_attribute('aria-controls')}").locator(
        '[role=option][data-label^="张卫东（"]'
    ).click()
    form.get_by_label("主要事迹").fill("扎根一线二十年。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_test_id("nomination-status")).to_have_text("草稿（未上报）")
    expect(page.get_by_test_id("checklist")).to_contain_text("✘ 主要事迹材料（必需，未上传）")

    # Sending it up now is refused with the missing material named.
    page.get_by_test_id("submit-draft").click()
    expect(page.locator("ul.messages")).to_contain_text("须上传以下材料后才能上报：主要事迹材料")

    upload = page.locator("#attachment-form")
    upload.get_by_label("材料文件").set_input_files(str(material))
    upload.get_by_label("材料项").select_option(label="主要事迹材料")
    upload.get_by_role("button", name="上传").click()
    expect(page.get_by_test_id("checklist")).to_contain_text("✔ 主要事迹材料")
    expect(page.locator("#attachment-table")).to_contain_text("事迹材料.pdf")

    vote = page.locator("#vote-form")
    vote.get_by_label("投票日期").fill(today().isoformat())
    for label, value in (
        ("应到人数", "30"),
        ("实到人数", "28"),
        ("赞成票", "14"),
        ("反对票", "13"),
        ("弃权票", "1"),
    ):
        vote.get_by_label(label).fill(value)
    vote.get_by_role("button", name="录入投票结果").click()
    expect(page.locator("#vote-form")).to_contain_text("未超过实到人数28人的半数")
    vote = page.locator("#vote-form")
    vote.get_by_label("赞成票").fill("25")
    vote.get_by_label("反对票").fill("2")
    vote.get_by_role("button", name="录入投票结果").click()
    expect(page.get_by_test_id("vote")).to_contain_text("实到28人，赞成25票")
    shot(page, "1-draft-desktop")
    page.set_viewport_size({"width": 375, "height": 812})
    shot(page, "2-draft-375")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, width
    page.set_viewport_size({"width": 1360, "height": 900})

    page.get_by_test_id("submit-draft").click()
    expect(page.get_by_test_id("nomination-status")).to_have_text("待审核")
    n = Nomination.objects.get()
    assert n.holder == tree.chengguan and n.attachments.count() == 1
    expect(page.locator("dl.fields")).to_contain_text(re.compile("城关区总工会"))
