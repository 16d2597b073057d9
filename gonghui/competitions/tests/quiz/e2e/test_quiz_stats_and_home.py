"""The staff's 统计 of a quiz at desktop width and at 375 px (no sideways scroll), down to a
county; and the worker's portal home on a phone offering the open quiz with his tries left."""

import pytest
from playwright.sync_api import expect

from gonghui.competitions.quiz.attempts import attempt_start, attempt_submit
from gonghui.competitions.tests.quiz.conftest import FULL_MARKS, right_choices
from gonghui.conftest import VALID_IDS, log_in, log_in_browser, shot

pytestmark = pytest.mark.browser


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def take(quiz, member, *, right: bool):
    attempt = attempt_start(member=member, quiz=quiz).attempt
    attempt_submit(member=member, attempt=attempt, choices=right_choices(attempt) if right else {})


def test_the_quiz_statistics_page_on_desktop_and_phone(
    live_server, tree, staff, make_quiz, make_member, browser_page
):
    quiz = make_quiz(pass_score=FULL_MARKS)
    take(quiz, make_member(tree.base_a, name="甲"), right=True)
    take(quiz, make_member(tree.base_b, name="乙"), right=False)
    take(quiz, make_member(tree.base_c, name="丙"), right=True)
    page = browser_page
    log_in(page, live_server.url, staff.city_admin.username)
    page.goto(f"{live_server.url}/competitions/quiz/{quiz.pk}/")
    page.get_by_role("link", name="统计", exact=True).click()
    figures = page.locator("#quiz-stats-figures")
    expect(figures.locator('[data-key="participants"]')).to_have_text("3")
    expect(figures.locator('[data-key="pass_rate"]')).to_contain_text("66.7%")
    expect(page.locator("#quiz-bands tbody tr").first).to_contain_text("2")
    shot(page, "quiz-stats-desktop")
    page.locator("#quiz-unions").get_by_role("link", name=tree.chengguan.name).click()
    expect(page.locator("#quiz-stats-figures [data-key='participants']")).to_have_text("2")
    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    assert fits(page)
    shot(page, "quiz-stats-375")


def test_the_portal_home_offers_the_open_quiz_on_a_phone(
    live_server, tree, make_quiz, make_member, make_worker, mobile_page
):
    quiz = make_quiz(attempts_allowed=2)
    member = make_member(tree.base_a, id_number=VALID_IDS[3], name="李明", phone="13912345670")
    worker = make_worker("13912345670", name="李明", id_number=VALID_IDS[3], member=member)
    take(quiz, member, right=False)
    page = mobile_page
    log_in_browser(page, live_server.url, worker)
    page.goto(f"{live_server.url}/m/")
    entry = page.locator('[data-testid="home-quiz"]')
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(quiz.title)
    expect(entry.locator('[data-testid="home-quiz-tries"]')).to_have_text("还可答1次")
    assert fits(page)
    shot(page, "quiz-portal-home-375")
    entry.click()
    expect(page.get_by_role("button", name="开始答题")).to_be_visible()
