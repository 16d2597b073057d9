"""The portal home's 网上练兵: the open quizzes of the worker's union chain he can still take, with
his tries left, in one query whatever the number of quizzes or attempts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.competitions.quiz.attempts import attempt_start, attempt_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(make_member, tree):
    return make_member(tree.base_a, name="李明")


@pytest.fixture
def worker(make_worker, member):
    return make_worker("13900001111", member=member)


def home_quizzes(page: str) -> str:
    if 'id="home-quizzes"' not in page:
        return ""
    section = page[page.index('id="home-quizzes"') :]
    return section[: section.index("</section>")]


def test_open_quizzes_of_his_chain_with_tries_left(
    make_quiz, member, worker, worker_client, tree, staff
):
    city = make_quiz(title="兰州市网上练兵", attempts_allowed=2)
    make_quiz(title="城关区网上练兵", host=tree.chengguan, actor=staff.county_admin)
    make_quiz(title="天水市网上练兵", host=tree.tianshui, actor=staff.sysadmin)
    make_quiz(title="草稿练兵", publish=False)
    now = timezone.now()
    make_quiz(
        title="已结束练兵", opens_at=now - timedelta(days=3), closes_at=now - timedelta(days=1)
    )
    make_quiz(
        title="未开始练兵", opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=3)
    )
    client = worker_client(worker)
    section = home_quizzes(client.get("/m/").content.decode())
    assert section.count('data-testid="home-quiz"') == 2
    assert "兰州市网上练兵" in section and "城关区网上练兵" in section
    for absent in ("天水市", "草稿", "已结束", "未开始"):
        assert absent not in section
    assert "还可答2次" in section
    attempt = attempt_start(member=member, quiz=city).attempt
    section = home_quizzes(client.get("/m/").content.decode())
    assert "答题中 · 继续" in section
    attempt_submit(member=member, attempt=attempt, choices={})
    section = home_quizzes(client.get("/m/").content.decode())
    assert "还可答1次" in section and "兰州市网上练兵" in section
    second = attempt_start(member=member, quiz=city).attempt
    attempt_submit(member=member, attempt=second, choices={})
    section = home_quizzes(client.get("/m/").content.decode())
    assert "兰州市网上练兵" not in section  # no tries left
    assert "城关区网上练兵" in section


def test_tries_left_are_shown_for_a_fresh_quiz(make_quiz, worker, worker_client):
    make_quiz(attempts_allowed=3)
    section = home_quizzes(worker_client(worker).get("/m/").content.decode())
    assert "还可答3次" in section


def test_a_visitor_and_a_non_member_see_no_quiz_section(quiz, client, make_worker, worker_client):
    assert 'id="home-quizzes"' not in client.get("/m/").content.decode()
    stranger = make_worker("13900002222")
    assert 'id="home-quizzes"' not in worker_client(stranger).get("/m/").content.decode()


def _home_queries(client) -> list[str]:
    client.get("/m/")  # warm: the session, content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/m/")
    assert response.status_code == 200
    return [q["sql"] for q in queries]


def test_the_quiz_section_is_one_query_whatever_the_quizzes_and_attempts(
    make_quiz, make_member, member, worker, worker_client, tree
):
    client = worker_client(worker)
    quizzes = [make_quiz(title=f"练兵{n}", attempts_allowed=3) for n in range(2)]
    before = _home_queries(client)
    for n in range(4):
        quizzes.append(make_quiz(title=f"更多练兵{n}", attempts_allowed=3))
    for quiz in quizzes:
        attempt = attempt_start(member=member, quiz=quiz).attempt
        attempt_submit(member=member, attempt=attempt, choices={})
        other = make_member(tree.base_a)
        attempt_start(member=other, quiz=quiz)
    after = _home_queries(client)
    assert len(after) == len(before), after
    quiz_queries = [sql for sql in after if "competitions_quiz" in sql]
    assert len(quiz_queries) == 1, quiz_queries
    assert len(after) <= 17, after
