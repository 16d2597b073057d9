"""A 省五一劳动奖章 round end to end in a real Chromium (desktop 1360×900, the portal at 375).

The province opens the round with 10 places split 6/4 between 兰州 and 天水; 兰州甲公司工会 (a
城关 base union) nominates two members; 城关 sends both up, 兰州 approves one and returns the
other; once 兰州 has sent 6, its seventh is refused; the province starts 公示, a worker files an
objection that is dismissed, the decision is issued and the certificate downloads.

Nominations that only fill 兰州's places go through the services; the 公示 is made to end by
moving its last day into the past through the ORM (waiting is not a browser matter).
"""

import re
from datetime import timedelta

import pytest
from docx import Document
from playwright.sync_api import expect

from gonghui.accounts.permissions import ROLE_UNION_ADMIN
from gonghui.conftest import ARTIFACTS, log_in, log_in_browser, log_out
from gonghui.honors.models import Honor, Nomination, Objection, Round
from gonghui.honors.rounds.catalogue import load_catalogue
from gonghui.honors.rounds.services import nominate, nomination_approve
from gonghui.honors.rounds.services.common import today
from gonghui.orgs.tests.picking import pick_in_browser

pytestmark = pytest.mark.browser


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"honors-{name}.png"), full_page=True)


def nominate_in_browser(page, name: str) -> None:
    page.locator(".page-head").get_by_role("link", name="推荐", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("推荐 · ")
    form = page.locator("form.form-grid")
    form.get_by_label("荣誉", exact=True).select_option(label="甘肃省五一劳动奖章")
    box = form.get_by_role("combobox", name="被推荐人（个人）")
    box.press_sequentially(name, delay=30)
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    listbox.locator(f'[role=option][data-label^="{name}（"]').click()
    expect(box).to_have_value(re.compile(f"^{name}（"))
    form.get_by_label("岗位").fill("焊工")
    form.get_by_label("一线职工").check()
    form.get_by_label("主要事迹").fill(f"{name}扎根一线二十年，攻克焊接难题十余项。")
    page.get_by_role("button", name="推荐并上报").click()
    expect(page.get_by_test_id("nomination-status")).to_have_text("待审核")


def test_round_quota_review_publicity_objection_decision(
    live_server, transactional_db, staff, tree, make_user, make_member, make_worker, browser_page
):
    page = browser_page
    load_catalogue(tree.province)
    province = make_user("gs_admin", tree.province, ROLE_UNION_ADMIN)
    zhang = make_member(tree.base_a, name="张卫东")
    wang = make_member(tree.base_a, name="王秀兰")

    # 1. The province opens the round and splits its 10 places 6/4.
    log_in(page, live_server.url, province.username)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="荣誉评选").click()
    page.get_by_role("link", name="发起评选").click()
    page.get_by_label("批次名称").fill("2026年甘肃省五一劳动奖章评选")
    page.get_by_label("年度").fill("2026")
    page.get_by_label("「甘肃省五一劳动奖章」名额").fill("10")
    page.get_by_role("button", name="发起").click()
    expect(page.get_by_test_id("round-status")).to_have_text("申报评审中")
    for city, places in (("兰州市总工会", "6"), ("天水市总工会", "4")):
        form = page.locator("#quota-form")
        form.get_by_label("荣誉", exact=True).select_option(label="甘肃省五一劳动奖章")
        pick_in_browser(form, "下级工会", city[:2], city)
        form.get_by_label("名额").fill(places)
        form.get_by_role("button", name="分配").click()
        expect(page.locator("#quotas table")).to_contain_text(city)
    shot(page, "1-round")
    rnd = Round.objects.get()
    log_out(page)

    # 2. 兰州甲公司工会 nominates two members from the registry.
    log_in(page, live_server.url, staff.base_admin.username)
    page.goto(f"{live_server.url}/honors/rounds/{rnd.pk}/")
    nominate_in_browser(page, "张卫东")
    page.goto(f"{live_server.url}/honors/rounds/{rnd.pk}/")
    nominate_in_browser(page, "王秀兰")
    log_out(page)
    a = Nomination.objects.get(member=zhang)
    b = Nomination.objects.get(member=wang)

    # 3. 城关 sends both up; 兰州 approves one and returns the other.
    log_in(page, live_server.url, staff.county_admin.username)
    for n in (a, b):
        page.goto(f"{live_server.url}/honors/nominations/{n.pk}/")
        page.get_by_role("button", name="同意上报").click()
        expect(page.locator("dl.fields")).to_contain_text("兰州市总工会")
    log_out(page)
    log_in(page, live_server.url, staff.city_admin.username)
    page.goto(f"{live_server.url}/honors/nominations/{a.pk}/")
    page.get_by_role("button", name="同意上报").click()
    expect(page.locator("dl.fields")).to_contain_text("甘肃省总工会")
    page.goto(f"{live_server.url}/honors/nominations/{b.pk}/")
    page.locator("#reason-form").get_by_label("理由").fill("请补充近三年获奖证明。")
    page.get_by_role("button", name="退回修改").click()
    expect(page.get_by_test_id("nomination-status")).to_have_text("退回修改")

    # 4. 兰州 sends five more (6 in all); 城关 sends 王秀兰 again; 兰州's seventh is refused.
    for i in range(5):
        other = make_member(tree.base_a, name=f"职工{i}")
        n = nominate(
            actor=staff.base_admin,
            round=rnd,
            honor_type=a.honor_type,
            member=other,
            front_line=True,
            deeds="事迹",
        )
        nomination_approve(actor=staff.county_admin, nomination=n)
        nomination_approve(actor=staff.city_admin, nomination=n)
        nomination_approve(actor=province, nomination=n)
    nomination_approve(actor=staff.county_admin, nomination=b)
    page.goto(f"{live_server.url}/honors/nominations/{b.pk}/")
    page.get_by_role("button", name="同意上报").click()
    expect(
        page.get_by_text("「兰州市总工会」的甘肃省五一劳动奖章名额为6个，已上报6个，不能再上报。")
    ).to_be_visible()
    shot(page, "2-over-quota")
    page.locator("#reason-form").get_by_label("理由").fill("名额已满。")
    page.get_by_role("button", name="不予推荐").click()
    expect(page.get_by_test_id("nomination-status")).to_have_text("不予推荐")
    log_out(page)

    # 5. The province approves 张卫东 and starts 公示.
    log_in(page, live_server.url, province.username)
    page.goto(f"{live_server.url}/honors/nominations/{a.pk}/")
    page.get_by_role("button", name="同意上报").click()
    expect(page.get_by_test_id("nomination-status")).to_have_text("拟表彰")
    page.goto(f"{live_server.url}/honors/rounds/{rnd.pk}/")
    page.locator("#publicity-form").get_by_label("公示工作日数").fill("5")
    page.get_by_role("button", name="开始公示").click()
    expect(page.get_by_test_id("round-status")).to_have_text("公示中")
    log_out(page)

    # 6. A worker objects on the portal (named, with a phone).
    worker = make_worker("13912345678", name="刘职工", id_number="620102198506060044")
    log_in_browser(page, live_server.url, worker)
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/m/honors/{rnd.pk}/")
    card = page.locator(".honor-candidate", has_text="张卫东")
    card.get_by_role("link", name="我有异议").click()
    page.get_by_label("反映的问题").fill("反映其事迹材料有夸大。")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("您的反映已提交")).to_be_visible()
    shot(page, "3-objection")
    assert Objection.objects.get().contact_masked == "139****5678"
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1360, "height": 900})

    # 7. The province dismisses it, 公示 ends, the decision is issued, the certificate downloads.
    log_in(page, live_server.url, province.username)
    page.goto(f"{live_server.url}/honors/nominations/{a.pk}/")
    objections = page.locator("#objections")
    objections.get_by_label("核查结果").select_option(label="反映不实")
    objections.get_by_label("核查结论").fill("经核查，事迹属实。")
    objections.get_by_role("button", name="处理异议").click()
    expect(page.locator("#objections")).to_contain_text("反映不实")
    Round.objects.filter(pk=rnd.pk).update(publicity_until=today() - timedelta(days=1))
    page.goto(f"{live_server.url}/honors/rounds/{rnd.pk}/")
    form = page.locator("#decision-form")
    form.get_by_label("表彰决定文号").fill("甘总工发〔2026〕18号")
    form.get_by_label("决定日期").fill(today().isoformat())
    form.get_by_role("button", name="作出表彰决定").click()
    expect(page.get_by_test_id("round-status")).to_have_text("已决定")
    shot(page, "4-decided")
    page.goto(f"{live_server.url}/honors/nominations/{a.pk}/")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载证书").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    text = "\n".join(p.text for p in Document(download.path()).paragraphs)
    assert "张卫东" in text and "甘肃省五一劳动奖章" in text
    assert Honor.objects.filter(nomination_id=a.pk, decision_no="甘总工发〔2026〕18号").exists()
