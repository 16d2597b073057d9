"""Teams and units entered in a contest through a real Chromium, at 1366 px and on a 375 px
phone: 城关's admin picks a team with the search box, imports two units from Excel (the job
runs in a thread, as `manage.py db_worker` would), and the contest page lists them — on the
phone each entry a card, nothing wider than the screen.
"""

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from gonghui.competitions.contests.group_imports import UNIT_HEADERS
from gonghui.competitions.models import Entry, EntryKind
from gonghui.conftest import in_background, log_in, shot
from gonghui.imports.jobs import import_job_run
from gonghui.imports.models import ImportJob
from gonghui.members.teams.services import team_create
from gonghui.orgs.tests.picking import pick_in_browser

pytestmark = pytest.mark.browser


def units_file(path):
    book = Workbook()
    book.active.append(UNIT_HEADERS)
    book.active.append(["兰州甲公司工会", "", "焊工"])
    book.active.append(["兰州乙公司工会", "", ""])
    book.save(path)
    return path


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1366, 375])
def test_a_team_picked_and_units_imported(
    live_server,
    transactional_db,
    staff,
    tree,
    make_contest,
    browser_page,
    settings,
    tmp_path,
    width,
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    contest = make_contest(name="全省焊工职业技能大赛", trades=["焊工", "电工"])
    team_create(actor=staff.sysadmin, org=tree.base_a, name="焊接检修一班")
    team_create(actor=staff.sysadmin, org=tree.base_c, name="焊接七里河班")  # not 城关's

    log_in(page, live_server.url, staff.county_admin.username)
    page.goto(f"{live_server.url}/competitions/{contest.pk}/")
    page.get_by_role("link", name="报名班组").click()
    box = page.get_by_role("combobox", name="参赛班组")
    box.press_sequentially("焊接", delay=30)
    results = page.locator(f"#{box.get_attribute('aria-controls')}")
    expect(results).to_contain_text("焊接检修一班")
    expect(results).not_to_contain_text("焊接七里河班")
    box.fill("")
    pick_in_browser(page, "参赛班组", "检修", "焊接检修一班（兰州甲公司工会）")
    page.get_by_label("工种").select_option("电工")
    assert fits(page)
    shot(page, f"contest-team-picker-{width}")
    page.get_by_role("button", name="报名").click()
    expect(page.locator(".messages")).to_contain_text("「焊接检修一班」已报名")

    page.get_by_role("link", name="Excel 导入单位").click()
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(str(units_file(tmp_path / "u.xlsx")))
    page.get_by_role("button", name="导入").click()
    expect(page.locator("#import-status")).to_have_text("排队中")
    worker = in_background(import_job_run, job_id=ImportJob.objects.get().pk)
    worker.start()
    expect(page.locator("#import-status")).to_have_text("已完成", timeout=15_000)
    worker.join(timeout=30)
    expect(page.locator("#import-summary")).to_contain_text("导入2")
    page.get_by_role("link", name="查看竞赛").click()

    table = page.locator("#group-entries")
    for name in ("焊接检修一班", "兰州甲公司工会", "兰州乙公司工会"):
        expect(table).to_contain_text(name)
    assert fits(page)
    if width == 375:
        # A card per entry: the header row hidden, each cell named by its column.
        expect(table.locator("thead")).to_be_hidden()
        row = table.locator("tbody tr", has_text="焊接检修一班")
        expect(row.locator("td[data-label=工种]")).to_have_text("电工")
        before = row.locator("td[data-label=工种]").evaluate(
            "cell => getComputedStyle(cell, '::before').content"
        )
        assert "工种" in before
    table.scroll_into_view_if_needed()
    shot(page, f"contest-group-entries-{width}")
    # The list of contests fits too.
    page.goto(f"{live_server.url}/competitions/")
    expect(page.locator("main")).to_contain_text("全省焊工职业技能大赛")
    assert fits(page)
    shot(page, f"contest-list-{width}")
    kinds = Entry.objects.filter(competition=contest).values_list("kind", flat=True)
    assert sorted(kinds) == sorted([EntryKind.TEAM, EntryKind.UNIT, EntryKind.UNIT])
