"""A member import driven through a real Chromium.

城关区's admin uploads an XLSX with two bad rows in mode `valid`; the job page polls (htmx,
every second) while the background job runs, the progress bar reaches 100 %, the error report
downloads with the two bad rows (checked with openpyxl) and the list shows the new members.

The task backend is the dummy one here, so the upload only queues the job and the page shows it
waiting; the job is then run in a thread, as `manage.py db_worker` would run it.
"""

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from gonghui.conftest import ARTIFACTS, VALID_IDS, in_background, log_in, shot
from gonghui.imports.jobs import import_job_run
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.members.models import Member

pytestmark = pytest.mark.browser


def members_file(path):
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "证件号码", "移动电话", "所属企业/工会", "入会日期", "职工类别"])
    sheet.append(
        ["马建国", "男", VALID_IDS[0], "13893112345", "兰州甲公司工会", "2021.3.1", "在岗职工"]
    )
    sheet.append(
        ["马小兰", "女", VALID_IDS[1], "+86 138 9311 2346", "兰州乙公司工会", 44197, "快递员"]
    )
    sheet.append(["号码错", "男", "620102195503070017", "13893112347", "兰州甲公司工会", "", ""])
    sheet.append(["丁一", "女", VALID_IDS[3], "13893112348", "兰州甲公司", "", ""])
    sheet.append(
        ["赵红", "女", VALID_IDS[5].lower(), "13893112349", "兰州甲公司工会", "", "农民工"]
    )
    book.save(path)
    return path


def test_upload_watch_progress_download_report_and_see_members(
    live_server,
    transactional_db,
    staff,
    tree,
    browser_page,
    settings,
    tmp_path,
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    page = browser_page
    log_in(page, live_server.url, staff.county_admin.username)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="会员").click()
    page.get_by_role("link", name="导入", exact=True).click()
    expect(page.get_by_role("heading", name="从 Excel / CSV 导入会员")).to_be_visible()
    page.get_by_label("文件（.xlsx 或 .csv）").set_input_files(
        str(members_file(tmp_path / "会员名单.xlsx"))
    )
    page.get_by_label("导入正确的行，报告错误行").check()
    page.get_by_role("button", name="开始导入").click()

    # Queued: the page polls and shows 0 %.
    expect(page.locator("#import-status")).to_have_text("排队中")
    expect(page.locator("#import-bar")).to_have_attribute("value", "0")
    shot(page, "import-progress")
    job = ImportJob.objects.get()
    worker = in_background(import_job_run, job_id=job.pk)
    worker.start()
    # htmx replaces the block without a reload until the job is finished.
    expect(page.locator("#import-status")).to_have_text("已完成", timeout=15_000)
    worker.join(timeout=30)
    expect(page.locator("#import-bar")).to_have_attribute("value", "100")
    expect(page.locator("#import-percent")).to_have_text("100%")
    summary = page.locator("#import-summary")
    expect(summary).to_contain_text("新增3")
    expect(summary).to_contain_text("错误2")
    shot(page, "import-result")

    with page.expect_download() as info:
        page.get_by_role("link", name="下载错误报告").click()
    path = tmp_path / "report.xlsx"
    info.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0] == ("行号", "列", "填写的值（已脱敏）", "错误原因")
    assert [(r[0], r[1]) for r in rows[1:]] == [(4, "证件号码"), (5, "所属企业/工会")]
    assert "校验码" in rows[1][3]
    assert "兰州甲公司工会" in rows[2][3]  # the suggestion
    assert "620102195503070017" not in str(rows)

    page.get_by_role("link", name="查看会员名单").click()
    table = page.locator("#member-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    for name in ("马建国", "马小兰", "赵红"):
        expect(table).to_contain_text(name)
    assert ImportJob.objects.get().status == ImportStatus.DONE
    assert Member.objects.count() == 3
    assert (ARTIFACTS / "import-result.png").exists()
