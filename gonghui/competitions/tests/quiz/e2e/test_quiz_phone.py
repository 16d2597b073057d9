"""A worker answers an online quiz on a phone (375×812) and sees his rank: each choice is saved
as he goes, a reload (a dropped connection) brings back his answers and the server's clock, the
server scores his 交卷, and the result page shows his place and his certificate."""

import pytest
from playwright.sync_api import expect

from gonghui.competitions.quiz.attempts import attempt_start, attempt_submit
from gonghui.competitions.tests.quiz.conftest import BANK, FULL_MARKS, RIGHT
from gonghui.conftest import ARTIFACTS, VALID_IDS, log_in_browser

pytestmark = pytest.mark.browser

PHONE = "13912345670"
KEYS = {text: RIGHT[i] for i, (_, text, *_rest) in enumerate(BANK)}


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def shot(page, name: str) -> None:
    assert fits_the_phone(page), name
    page.screenshot(path=str(ARTIFACTS / f"quiz-{name}.png"), full_page=True)


def test_a_worker_answers_the_quiz_on_a_phone_and_sees_his_rank(
    live_server, tree, make_member, make_worker, make_quiz, mobile_page
):
    quiz = make_quiz()
    rival = make_member(tree.base_c, name="王强")
    rival_attempt = attempt_start(member=rival, quiz=quiz).attempt
    attempt_submit(member=rival, attempt=rival_attempt, choices={})  # 0 分
    member = make_member(tree.base_a, id_number=VALID_IDS[3], name="李明", phone=PHONE)
    worker = make_worker(PHONE, name="李明", id_number=VALID_IDS[3], member=member)
    page = mobile_page
    log_in_browser(page, live_server.url, worker)

    page.goto(f"{live_server.url}/m/quiz/")
    page.get_by_role("link", name=quiz.title).click()
    expect(page.locator("#my-rank")).to_contain_text("还没有交卷的成绩")
    page.get_by_role("button", name="开始答题").click()

    questions = page.locator("fieldset.q-question")
    expect(questions).to_have_count(len(BANK))
    expect(page.locator("#q-left")).to_contain_text("分")
    shot(page, "paper")
    # Answer all but the last question; each is saved on the server as it is chosen.
    for i in range(len(BANK) - 1):
        box = questions.nth(i)
        text = box.locator("legend").inner_text()
        key = next(k for t, k in KEYS.items() if t in text)
        for letter in key:
            box.locator(f'input[value="{letter}"]').check()
            number = box.get_attribute("data-number")
            expect(page.locator("#q-save")).to_have_text(f"已保存第 {number} 题。")
    expect(page.locator("#q-answered")).to_have_text(str(len(BANK) - 1))

    # The connection drops; he opens the page again: his answers and the server's clock.
    page.reload()
    expect(page.locator("#q-answered")).to_have_text(str(len(BANK) - 1))
    last = questions.nth(len(BANK) - 1)
    text = last.locator("legend").inner_text()
    for letter in next(k for t, k in KEYS.items() if t in text):
        last.locator(f'input[value="{letter}"]').check()
    page.get_by_role("button", name="交卷").click()

    expect(page.get_by_test_id("score")).to_contain_text(f"{FULL_MARKS} / {FULL_MARKS} 分")
    expect(page.get_by_test_id("rank")).to_have_text("第 1 名（共 2 人）")
    shot(page, "result")
    page.get_by_role("link", name="查看证书").click()
    expect(page.locator("#certificate")).to_contain_text("李明")
    expect(page.locator("#certificate")).to_contain_text("第 1 名")
    shot(page, "certificate")
    page.get_by_role("link", name="返回").click()
    expect(page.get_by_test_id("my-rank")).to_contain_text("第 1 名（共 2 人）")
    expect(page.locator(".q-board li").first).to_contain_text("李明")
