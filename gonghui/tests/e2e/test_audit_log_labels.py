"""审计日志 as an auditor reads it, on a desktop and on a phone: actions and changed values by
their Chinese names, never the codes the services store."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

from gonghui.audit.services import audit_record
from gonghui.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, log_in

pytestmark = pytest.mark.browser

CODES = ("member.import", "assistance.", "first_passed", "migrant", "True", "['")


@pytest.mark.parametrize("width", [1366, 375])
def test_audit_log_reads_in_chinese(live_server, transactional_db, staff, tree, width):
    admin = staff.county_admin
    audit_record(actor=admin, action="member.import", org=tree.base_a, changes={"rows": 120})
    audit_record(
        actor=admin,
        action="assistance.archive_final_review",
        org=tree.base_a,
        changes={"status": ["first_passed", "notice"], "sensitive_consent": True},
    )
    audit_record(
        actor=admin,
        action="member.update",
        org=tree.base_a,
        changes={"category": ["migrant", "employed"], "gender": ["1", "2"]},
    )
    audit_record(
        actor=admin,
        action="case.unmask",
        org=tree.base_a,
        changes={"fields": ["caller_name", "caller_phone", "id_number"]},
    )
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, live_server.url, staff.county_auditor.username)
        page.goto(live_server.url + reverse("audit:list"))
        table = page.locator("#audit-table")
        for text in (
            "导入会员",
            "档案终审",
            "档案状态",
            "待终审 → 公示中",
            "同意处理敏感个人信息 是",
            "职工类别 农民工 → 在岗职工",
            "来电人姓名、联系电话、身份证号",
        ):
            expect(table).to_contain_text(text)
        shown = table.inner_text()
        assert [code for code in CODES if code in shown] == []
        page.screenshot(path=str(ARTIFACTS / f"audit-log-labels-{width}.png"), full_page=True)
        context.close()
        browser.close()
