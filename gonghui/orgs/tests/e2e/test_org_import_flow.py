"""An org import driven through a real Chromium.

城关区's admin uploads an org file with one row whose parent is outside the subtree; the org
import page sends them to the job page, which polls while the job runs in a thread (as
`manage.py db_worker` would run it), ends at 100 % with the error report, and links back to
the org tree, where the new union is shown.
"""

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from gonghui.conftest import in_background, log_in, shot
from gonghui.imports.jobs import import_job_run
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.orgs.import_kinds import ORGS
from gonghui.orgs.models import Org

pytestmark = pytest.mark.browser


def orgs_file(path):
    book = Workbook()
    sheet = book.active
    sheet.append(["单位名称", "上级工会（企业）名称", "单位性质类别"])
    sheet.append(["兰州丁公司工会", "东岗西路街道工会", "私营企业"])
    sheet.append(["兰州丁公司第一分会", "兰州丁公司工会", ""])
    sheet.append(["越界工会", "西园街道工会", ""])
    book.save(path)
    return path


def test_upload_orgs_watch_the_job_and_download_the_report(
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
    page.goto(f"{live_server.url}/orgs/import/")
    expect(page.get_by_role("heading", name="从 Excel / CSV 导入工会组织")).to_be_visible()
    page.get_by_label("文件（.xlsx 或 .csv）").set_input_files(
        str(orgs_file(tmp_path / "组织名单.xlsx"))
    )
    page.get_by_label("导入正确的行，报告错误行").check()
    page.get_by_role("button", name="开始导入").click()

    expect(page.get_by_role("heading", name="导入工会组织：组织名单.xlsx")).to_be_visible()
    expect(page.locator("#import-status")).to_have_text("排队中")
    job = ImportJob.objects.get()
    assert job.kind == ORGS
    worker = in_background(import_job_run, job_id=job.pk)
    worker.start()
    expect(page.locator("#import-status")).to_have_text("已完成", timeout=15_000)
    worker.join(timeout=30)
    expect(page.locator("#import-bar")).to_have_attribute("value", "100")
    summary = page.locator("#import-summary")
    expect(summary).to_contain_text("新增2")
    expect(summary).to_contain_text("错误1")
    shot(page, "org-import-result")

    with page.expect_download() as info:
        page.get_by_role("link", name="下载错误报告").click()
    path = tmp_path / "report.xlsx"
    info.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert [(r[0], r[1]) for r in rows[1:]] == [(4, "上级工会（企业）名称")]

    page.get_by_role("link", name="查看工会组织").click()
    expect(page.get_by_role("heading", name="组织架构")).to_be_visible()
    assert ImportJob.objects.get().status == ImportStatus.DONE
    assert Org.objects.filter(name__in=["兰州丁公司工会", "兰州丁公司第一分会"]).count() == 2
