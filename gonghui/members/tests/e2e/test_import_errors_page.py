"""The member template, downloaded from the import page, filled in and imported in a real Chromium
(issue 12): the page says which template columns are not read, the progress counts the rows with
data (not the template's 2,000 formatted blank rows), and the result page lists the first 100
errors in row order, masked, with a sentence about the rest — on a desktop (1366 px) and on a
375 px phone, where the table scrolls inside its box and the page does not.

The task backend is the dummy one: the job is run in a thread, as `manage.py db_worker` would.
"""

import pytest
from django.db import connection
from openpyxl import load_workbook
from playwright.sync_api import expect

from gonghui.conftest import ARTIFACTS, VALID_IDS, id_with_check, log_in, shot
from gonghui.imports.jobs import import_job_run
from gonghui.imports.models import ImportJob
from gonghui.members.imports.template import HEADER

pytestmark = pytest.mark.browser

BAD_ROWS = 120


def bad_id(n: int) -> str:
    body = f"62010219800101{n:03d}"
    return body + ("1" if id_with_check(body)[-1] != "1" else "2")


def fill_template(path) -> None:
    """Row 2: an unknown union (found by the chunk's checks, after the parsing errors of the rows
    below it); then 120 ID numbers with a wrong check digit; then three good rows."""
    book = load_workbook(path)
    sheet = book["会员"]
    col = {name: i for i, name in enumerate(HEADER, start=1)}
    rows = [("丁一", VALID_IDS[3], "13893112348", "兰州甲公司")]
    rows += [(f"号码错{n}", bad_id(n), "13893112347", "兰州甲公司工会") for n in range(BAD_ROWS)]
    rows += [
        ("马建国", VALID_IDS[0], "13893112345", "兰州甲公司工会"),
        ("马小兰", VALID_IDS[1], "13893112346", "兰州乙公司工会"),
        ("赵红", VALID_IDS[5], "13893112349", "兰州甲公司工会"),
    ]
    for number, (name, id_number, phone, union) in enumerate(rows, start=2):
        for column, value in (
            ("姓名", name),
            ("证件号码", id_number),
            ("移动电话", phone),
            ("所属企业/工会", union),
            ("微信号", f"wx{number}"),
            ("工会会员号", f"QZ{number:06d}"),
        ):
            sheet.cell(row=number, column=col[column], value=value)
    book.save(path)


def test_template_import_result_page_on_desktop_and_phone(
    live_server, transactional_db, staff, tree, mobile_page, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    browser = mobile_page.context.browser
    desk_context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    desk = desk_context.new_page()
    desk.set_default_timeout(10_000)
    log_in(desk, live_server.url, staff.county_admin.username)
    desk.goto(f"{live_server.url}/members/import/")
    unread = desk.locator("#import-unread")
    expect(unread).to_contain_text("以下列仅供参考，导入时不读取")
    expect(unread).to_contain_text("微信号")
    shot(desk, "import-upload-desktop")

    with desk.expect_download() as info:
        desk.get_by_role("link", name="下载模板").click()
    template = tmp_path / "会员导入模板.xlsx"
    info.value.save_as(template)
    fill_template(template)
    desk.get_by_label("文件（.xlsx 或 .csv）").set_input_files(str(template))
    desk.get_by_label("导入正确的行，报告错误行").check()
    desk.get_by_role("button", name="开始导入").click()
    expect(desk.locator("#import-status")).to_have_text("排队中")

    job = ImportJob.objects.get()
    try:
        import_job_run(job_id=job.pk)
    finally:
        connection.close()
    expect(desk.locator("#import-status")).to_have_text("已完成", timeout=15_000)
    total = BAD_ROWS + 4
    summary = desk.locator("#import-summary")
    expect(summary).to_contain_text(f"读取{total} / {total} 行")
    expect(summary).to_contain_text("错误121")
    expect(desk.locator("#import-progress")).not_to_contain_text("已忽略")  # no column warning

    rows = desk.locator("#import-errors tbody tr")
    expect(rows).to_have_count(100)
    numbers = [int(n) for n in rows.locator("td:first-child").all_inner_texts()]
    assert numbers == list(range(2, 102))
    expect(rows.first).to_contain_text("所属企业/工会")
    expect(rows.first).to_contain_text("兰州甲公司工会")  # the suggestion
    expect(rows.nth(1)).to_contain_text("620*************")
    expect(desk.locator("#import-errors-more")).to_have_text(
        "还有 21 条错误没有在此列出，请下载错误报告查看全部 121 条。"
    )
    html = desk.content()
    assert all(bad_id(n) not in html for n in range(BAD_ROWS))
    assert VALID_IDS[3] not in html
    shot(desk, "import-errors-desktop")
    desk.screenshot(path=str(ARTIFACTS / "import-errors-desktop-screen.png"))
    desk_context.close()

    phone = mobile_page
    log_in(phone, live_server.url, staff.county_admin.username)
    phone.goto(f"{live_server.url}/imports/{job.pk}/")
    expect(phone.locator("#import-errors tbody tr")).to_have_count(100)
    # The table scrolls inside its box; the page itself does not scroll sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    box = phone.locator("#import-errors").locator("xpath=..").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375.5
    shot(phone, "import-errors-375")
    phone.evaluate("document.getElementById('import-errors-title').scrollIntoView()")
    phone.screenshot(path=str(ARTIFACTS / "import-errors-375-screen.png"))
    assert (ARTIFACTS / "import-errors-375.png").exists()
