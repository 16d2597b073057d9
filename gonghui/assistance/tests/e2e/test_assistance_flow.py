"""困难职工帮扶 end to end in a real Chromium (desktop 1360×900).

兰州甲公司工会's admin applies for a member through the workbench form → 东岗西路街道工会 does
初审 with a home visit and uploads a photo → 城关区总工会 does 终审, which starts the 5-working-day
公示 → the 公示 passes → the county confirms the archive → a help measure (一户一计划) and an aid
payment are recorded → 城关区's dashboard shows the household in 在档 and the aid amount.

The 公示 is made to pass by moving the archive's notice dates into the past through the ORM (the
server's "today" is the real one): waiting 5 working days is not a browser matter, and the
working-day arithmetic has its own tests.
"""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.assistance.codes import ArchiveStatus
from gonghui.assistance.models import AidRecord, Archive, HelpMeasure
from gonghui.conftest import ARTIFACTS, VALID_IDS, id_with_check, log_in, log_out
from gonghui.metrics.services import stats_differences
from gonghui.orgs.tests.picking import pick_in_browser

pytestmark = pytest.mark.browser

# A 1×1 PNG: the smallest real photo the upload check accepts.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"assistance-{name}.png"), full_page=True)


def test_apply_review_notice_plan_aid_and_dashboard(
    live_server,
    transactional_db,
    staff,
    tree,
    township_admin,
    make_member,
    browser_page,
    tmp_path,
):
    page = browser_page
    worker = make_member(tree.base_a, name="马建国", id_number=VALID_IDS[3], phone="13893112345")
    child_id = id_with_check("62010220100506002")
    photo = tmp_path / "visit.png"
    photo.write_bytes(PNG)

    # 1. The base union applies for its member through the workbench form.
    log_in(page, live_server.url, staff.base_admin.username)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="困难帮扶").click()
    page.get_by_role("link", name="建档申请").click()
    form = page.locator("#archive-apply")
    form.get_by_label("申请人身份证号").fill(worker.id_number)
    form.get_by_label("困难类别").select_option(label="深度困难")
    form.get_by_label("本人患大病").check()
    form.get_by_label("子女教育负担重").check()
    form.get_by_label("家庭困难情况").fill("本人患尿毒症需长期透析，妻子无业，女儿读小学。")
    form.get_by_label("家庭月收入（元）").fill("2400")
    form.get_by_label("家庭其他年收入（元）").fill("1200")
    form.get_by_label("健康情况").select_option(label="重大疾病")
    form.get_by_label("住房类型").select_option(label="租房")
    form.get_by_label("工作状态").select_option(label="在岗")
    form.get_by_label("婚姻状况").select_option(label="已婚")
    form.get_by_label("户口类型").select_option(label="城镇户口")
    form.get_by_label("医保状况").select_option(label="城镇职工医保")
    rows = page.locator("#household-rows tbody tr")
    first = rows.nth(0)
    first.locator("input[name$='-name']").fill("马小花")
    first.locator("select[name$='-relation']").select_option(label="子女")
    first.locator("input[name$='-id_number']").fill(child_id)
    first.locator("input[name$='-occupation']").fill("小学在读")
    shot(page, "1-apply")
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_test_id("archive-status")).to_have_text("待初审")
    archive = Archive.objects.get(member=worker)
    expect(page.get_by_test_id("per-capita")).to_contain_text("1250.00")  # 30000 / 12 / 2
    # The child's ID number is shown masked.
    expect(page.locator("#household")).to_contain_text(child_id[:6] + "********")
    expect(page.locator("#household")).not_to_contain_text(child_id)
    log_out(page)

    # 2. The township does 初审 with a home visit and a photo.
    log_in(page, live_server.url, township_admin.username)
    page.goto(f"{live_server.url}/assistance/{archive.pk}/")
    review = page.locator("#first-review")
    review.get_by_label("通过", exact=True).check()
    review.get_by_label("审核意见").fill("情况属实，同意上报。")
    review.get_by_label("走访人员").fill("张敏、李强")
    review.get_by_label("走访情况").fill("租住两居室，家中无贵重财产，透析票据齐全。")
    review.locator("#id_photos").set_input_files(str(photo))
    page.get_by_role("button", name="提交初审").click()
    expect(page.get_by_test_id("archive-status")).to_have_text("待终审")
    expect(page.locator("#timeline img[alt='走访照片']")).to_have_count(1)
    shot(page, "2-first-review")
    log_out(page)

    # 3. The county does 终审: the 公示 starts.
    log_in(page, live_server.url, staff.county_admin.username)
    page.goto(f"{live_server.url}/assistance/{archive.pk}/")
    final = page.locator("#final-review")
    final.get_by_label("通过", exact=True).check()
    final.get_by_label("意见").fill("同意建档。")
    page.get_by_role("button", name="提交终审").click()
    expect(page.get_by_test_id("archive-status")).to_have_text("公示中")
    expect(page.get_by_test_id("notice")).to_be_visible()
    shot(page, "3-notice")

    # 4. The 公示 passes (its dates moved into the past), the county confirms the archive.
    today = timezone.localdate()
    Archive.objects.filter(pk=archive.pk).update(
        notice_start=today - timedelta(days=10), notice_end=today - timedelta(days=3)
    )
    page.reload()
    page.get_by_role("link", name="公示期满，确认建档").click()
    page.get_by_role("button", name="确认建档").click()
    expect(page.get_by_test_id("archive-status")).to_have_text("已建档")

    # 5. A help measure of the 五个一批 and an aid payment.
    page.locator("#aid-panel").get_by_role("link", name="帮扶计划").click()
    measure = page.locator("#measure-form")
    measure.get_by_label("帮扶措施（五个一批）").select_option(label="兜底救助")
    measure.get_by_label("具体内容").fill("协助申请城市低保和大病医疗救助。")
    pick_in_browser(measure, "责任单位", "城关区", "城关区总工会")
    measure.get_by_label("完成时限").fill((today + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="添加措施").click()
    expect(page.locator("#measure-table")).to_contain_text("协助申请城市低保")
    shot(page, "4-plan")
    page.goto(f"{live_server.url}/assistance/archives/{archive.pk}/aid/")
    aid = page.locator("#aid-form")
    aid.get_by_label("金额（元，实物折价）").fill("1500")
    aid.get_by_label("资金来源").select_option(label="专项资金")
    page.get_by_role("button", name="登记救助").click()
    expect(page.locator("#aid-table")).to_contain_text("1500.00")
    shot(page, "5-aid")
    assert HelpMeasure.objects.filter(archive=archive).count() == 1
    assert AidRecord.objects.get(archive=archive).amount == 1500

    # 6. The dashboard of 城关区 shows the household and the aid.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="数据看板").click()
    section = page.locator("#assistance-section")
    expect(section.locator('[data-key="assist_archives"] .figure-value')).to_have_text("1")
    expect(section.locator('[data-key="assist_aid_amount"] .figure-value')).to_have_text("1500.00")
    expect(section.locator('[data-key="assist_aid_count"] .figure-value')).to_have_text("1")
    expect(page.locator("#chart-assist_level")).to_have_attribute("data-rendered", "1")
    page.locator('[data-toggle-table="assist_children"]').click()
    expect(page.locator("#table-assist_children")).to_contain_text("东岗西路街道工会")
    section.scroll_into_view_if_needed()
    shot(page, "6-dashboard")
    assert Archive.objects.get(pk=archive.pk).status == ArchiveStatus.ARCHIVED
    assert [d for d in stats_differences() if d.metric.startswith(("archives", "aid."))] == []
