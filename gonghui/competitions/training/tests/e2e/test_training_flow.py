"""工匠学院 training in a real Chromium (issue 16): 城关区's admin, on a desktop (1360 px, and again at 375 px), opens a
class of the academy's 焊工 course, enrols a member, adds a session, starts the class, records
attendance, finishes it and downloads the trainee's certificate; then a worker, on a phone
(375 px), applies to another class on the portal and sees his application."""

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from gonghui.competitions.models.training import Enrollment, EnrollmentStatus
from gonghui.conftest import VALID_IDS, log_in, log_in_browser, shot
from gonghui.members.pickers import with_union_paths
from gonghui.orgs.tests.picking import pick_in_browser

pytestmark = pytest.mark.browser


def confirm(page, link: str) -> None:
    page.get_by_role("link", name=link, exact=True).click()
    page.get_by_role("button", name=f"确认{link}").click()
    expect(page.locator(".messages")).to_contain_text(f"已{link}")


@pytest.mark.parametrize("width", [1360, 375])
def test_staff_run_a_class_to_its_certificate(
    live_server, transactional_db, staff, tree, course, make_member, browser_page, width
):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    member = make_member(tree.base_a, name="马建国")
    label = with_union_paths([member])[0].picker_label
    today = timezone.localdate()
    log_in(page, live_server.url, staff.county_admin.username)

    page.goto(f"{live_server.url}/competitions/training/")
    page.get_by_role("link", name="甘肃省工匠学院").click()
    page.get_by_role("link", name="焊工实操").click()
    page.get_by_role("link", name="开设班次").click()
    page.get_by_label("班次名称").fill("焊工实操第一期")
    page.get_by_label("开班日期").fill(str(today))
    page.get_by_label("结业日期").fill(str(today))
    page.get_by_label("报名截止日期").fill(str(today))
    page.get_by_label("名额").fill("20")
    page.get_by_label("地点").fill("城关区职工培训中心")
    shot(page, f"training-1-class-form-{width}")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("class-status")).to_have_text("报名中")

    page.get_by_role("link", name="报名学员").click()
    pick_in_browser(page, "学员", "马建国", label)
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#enrollment-table")).to_contain_text("马建国")
    expect(page.get_by_test_id("seats")).to_have_text("1/20")

    page.get_by_role("link", name="添加课次").click()
    page.get_by_label("日期").fill(str(today))
    page.get_by_label("内容").fill("焊接安全规程")
    page.get_by_label("学时").fill("4")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#session-table")).to_contain_text("焊接安全规程")
    confirm(page, "开班")
    expect(page.get_by_test_id("class-status")).to_have_text("开班中")

    page.locator("#session-table").get_by_role("link", name="记录出勤").click()
    page.get_by_label("马建国").check()
    page.get_by_role("button", name="保存出勤").click()
    expect(page.locator(".messages")).to_contain_text("1人出勤")
    expect(page.locator("#enrollment-table")).to_contain_text("4.0")
    confirm(page, "结业")
    expect(page.get_by_test_id("class-status")).to_have_text("已结业")
    enrollment = Enrollment.objects.get()
    assert enrollment.status == EnrollmentStatus.COMPLETED
    expect(page.locator("#enrollment-table")).to_contain_text(enrollment.certificate_no)
    shot(page, f"training-2-finished-{width}")

    with page.expect_download() as download:
        page.get_by_role("link", name="下载结业证书").click()
    path = download.value.path()
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "马建国" in text and enrollment.certificate_no in text
    assert download.value.suggested_filename.endswith(".docx")


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_worker_applies_on_a_phone(
    live_server, transactional_db, tree, make_class, make_member, make_worker, mobile_page
):
    open_class = make_class(name="焊工实操第二期")
    member = make_member(tree.base_a, id_number=VALID_IDS[3], name="李明")
    worker = make_worker("13912345670", name="李明", id_number=VALID_IDS[3], member=member)
    page = mobile_page
    log_in_browser(page, live_server.url, worker)
    page.goto(f"{live_server.url}/m/")
    page.get_by_role("link", name="职工培训").click()
    expect(page.locator("#open-classes")).to_contain_text("焊工实操第二期")
    assert fits_the_phone(page)
    shot(page, "training-3-portal-list")
    page.get_by_role("link", name="我要报名").click()
    page.get_by_role("button", name="提交报名").click()
    expect(page.get_by_text("报名已提交，待您所在工会确认。")).to_be_visible()
    expect(page.locator("#my-enrollments")).to_contain_text("待确认")
    assert fits_the_phone(page)
    shot(page, "training-4-portal-applied")
    assert Enrollment.objects.get(training_class=open_class).status == EnrollmentStatus.APPLIED
