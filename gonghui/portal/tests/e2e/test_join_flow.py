"""码上入会 end to end in a real Chromium: a certified worker opens a base union's QR link on a
phone (375×812) and applies; the union's admin approves in the workbench (desktop); the worker's
e-card shows and its QR link verifies for the staff."""

import time

import pytest
from playwright.sync_api import expect

from gonghui.accounts.permissions import ROLE_UNION_ADMIN
from gonghui.conftest import ARTIFACTS, VALID_IDS, log_in, log_in_browser
from gonghui.members.models import Member
from gonghui.portal import ecard
from gonghui.portal.models import JoinApplication, RequestStatus

pytestmark = pytest.mark.browser


def fits_the_phone(page) -> bool:
    """Nothing sticks out of a 375 px screen. (Not innerWidth: a mobile viewport widens to
    content that overflows.)"""
    return page.evaluate(
        "Array.from(document.querySelectorAll('body *'))"
        ".every(el => el.getBoundingClientRect().right <= 375.5)"
    )


def test_join_by_qr_link_approve_card_and_verify(
    live_server, transactional_db, tree, make_user, make_worker, mobile_page
):
    admin = make_user("jia_admin", tree.base_a, ROLE_UNION_ADMIN)
    worker = make_worker("13912345678", name="李建国", id_number=VALID_IDS[1])
    phone = mobile_page
    log_in_browser(phone, live_server.url, worker)

    # The search page: by name, and 兜底入会 by area (choosing submits the form).
    phone.goto(f"{live_server.url}/m/join/")
    phone.get_by_role("searchbox", name="工会名称或统一社会信用代码").fill("兰州")
    phone.get_by_role("button", name="搜索").click()
    results = phone.get_by_role("list", name="搜索结果")
    expect(results.get_by_role("link")).to_have_count(3)
    phone.get_by_label("工作所在县区").select_option(label="兰州市总工会 · 城关区总工会")
    expect(phone.get_by_role("list", name="可兜底入会的工会")).to_contain_text("东岗西路街道工会")
    assert fits_the_phone(phone)

    # The worker scans the union's QR code: its join page, union preselected.
    phone.goto(f"{live_server.url}/m/join/{tree.base_a.pk}/")
    expect(phone.get_by_test_id("join-org")).to_have_text("兰州甲公司工会")
    form = phone.locator("#join-form")
    form.get_by_label("职工类别").select_option(label="新就业形态-外卖配送员")
    form.get_by_label("工作单位").fill("兰州甲公司")
    form.get_by_label("学历").select_option(label="大学专科")
    form.get_by_label("工种 / 岗位").fill("配送员")
    assert fits_the_phone(phone)
    phone.evaluate("window.scrollTo(0, 0)")
    phone.screenshot(path=str(ARTIFACTS / "portal-join.png"))
    form.get_by_role("button", name="提交入会申请").click()
    expect(phone.locator(".m-msg")).to_contain_text("入会申请已提交")
    expect(phone.get_by_test_id("application-status")).to_have_text("待审核")
    application = JoinApplication.objects.get()
    assert application.org == tree.base_a and application.education == "30"

    # The union's admin, at a desk, approves it and prints the union's poster.
    desk_context = phone.context.browser.new_context(
        locale="zh-CN", viewport={"width": 1360, "height": 900}
    )
    desk = desk_context.new_page()
    desk.set_default_timeout(10_000)
    log_in(desk, live_server.url, admin.username)
    desk.get_by_role("navigation", name="主导航").get_by_role("link", name="入会申请").click()
    row = desk.locator("#application-table tbody tr", has_text="李建国")
    expect(row).to_contain_text("620102********0022")
    row.get_by_role("button", name="通过").click()
    expect(desk.locator(".messages")).to_contain_text("已同意「李建国」入会，会员卡号")
    member = Member.objects.get()
    application.refresh_from_db()
    assert application.status == RequestStatus.APPROVED and application.member == member

    desk.goto(f"{live_server.url}/portal-admin/join-qr/")
    desk.locator("#qr-table tbody tr", has_text="兰州甲公司工会").get_by_role(
        "link", name="海报"
    ).click()
    expect(desk.locator("#poster")).to_contain_text("扫码申请入会")
    expect(desk.locator("#poster svg")).to_be_visible()
    desk.emulate_media(media="print")
    desk.locator("#poster").screenshot(path=str(ARTIFACTS / "portal-qr-poster.png"))
    expect(desk.locator(".sidenav")).to_be_hidden()
    desk.emulate_media(media="screen")

    # The worker's e-card (the page's timers run on a clock the test moves).
    phone.clock.install()
    phone.goto(f"{live_server.url}/m/card/")
    expect(phone.get_by_test_id("card-name")).to_have_text("李建国")
    expect(phone.get_by_test_id("card-org")).to_have_text("兰州甲公司工会")
    expect(phone.get_by_test_id("card-number")).to_have_text(member.card_number)
    expect(phone.locator("#card-qr svg")).to_be_visible()
    assert fits_the_phone(phone)
    phone.screenshot(path=str(ARTIFACTS / "portal-card.png"), full_page=True)
    verify_url = phone.get_by_test_id("card-qr").get_attribute("data-verify-url")
    assert verify_url.startswith(f"{live_server.url}/portal-admin/verify/?t=")

    # Before the token runs out the page fetches a new one by itself.
    time.sleep(1.1)  # tokens carry whole seconds: let the next one differ
    phone.clock.run_for((ecard.REFRESH_AFTER + 1) * 1000)
    expect(phone.get_by_test_id("card-qr")).not_to_have_attribute("data-verify-url", verify_url)
    fresh_url = phone.get_by_test_id("card-qr").get_attribute("data-verify-url")
    assert fresh_url.startswith(f"{live_server.url}/portal-admin/verify/?t=")

    # The staff scans it.
    desk.goto(verify_url)
    result = desk.locator("#verify-result")
    expect(result).to_have_attribute("data-state", "valid")
    expect(result.get_by_test_id("verify-name")).to_have_text("李**")
    expect(result.get_by_test_id("verify-card")).to_have_text(member.card_number)
    expect(result).to_contain_text("有效")
    desk.screenshot(path=str(ARTIFACTS / "portal-verify.png"), full_page=True)

    # A forged token does not verify.
    desk.goto(verify_url[:-3] + "xyz")
    expect(desk.locator("#verify-result")).to_have_attribute("data-state", "tampered")
    desk_context.close()
