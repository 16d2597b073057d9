"""The worker's pages: the paper never carries a key, answers save as he goes, the submit is
once only, he sees his rank; another worker's attempt answers as missing."""

import re

import pytest
from django.urls import reverse

from gonghui.competitions.models.quiz import Attempt, AttemptAnswer, AttemptStatus, Question
from gonghui.competitions.quiz.attempts import attempt_start, attempt_submit
from gonghui.competitions.tests.quiz.conftest import FULL_MARKS, right_choices


@pytest.fixture
def member(make_member, tree):
    return make_member(tree.base_a, name="李明")


@pytest.fixture
def worker(make_worker, member):
    return make_worker("13900001111", member=member)


def _start(client, quiz):
    response = client.post(reverse("quiz_portal:start", args=[quiz.pk]))
    assert response.status_code == 302
    return Attempt.objects.filter(quiz=quiz).latest("started_at")


def test_the_quiz_is_listed_for_a_member_of_the_hosts_subtree(quiz, worker, worker_client):
    client = worker_client(worker)
    page = client.get(reverse("quiz_portal:list")).content.decode()
    assert quiz.title in page
    detail = client.get(reverse("quiz_portal:detail", args=[quiz.pk])).content.decode()
    assert "开始答题" in detail


def test_the_paper_and_every_answer_response_carry_no_key(quiz, worker, worker_client):
    client = worker_client(worker)
    attempt = _start(client, quiz)
    url = reverse("quiz_portal:attempt", args=[attempt.pk])

    def paper() -> str:
        html = client.get(url).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    html = paper()
    for question in Question.objects.filter(quiz=quiz):
        assert question.text in html
    # The page does not depend on the keys at all: other keys, the very same bytes.
    Question.objects.filter(quiz=quiz, kind="single").update(answer="B")
    Question.objects.filter(quiz=quiz, kind="multiple").update(answer="BC")
    Question.objects.filter(quiz=quiz, kind="judge").update(answer="B")
    assert paper() == html
    qid = attempt.question_ids[0]
    response = client.post(
        reverse("quiz_portal:answer", args=[attempt.pk]), {"question": qid, "choice": ["B"]}
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"saved", "remaining"} and body["saved"] is True
    assert AttemptAnswer.objects.get(attempt=attempt, question_id=qid).choice == "B"


def test_a_reload_shows_the_servers_time_left_and_the_saved_choices(quiz, worker, worker_client):
    client = worker_client(worker)
    attempt = _start(client, quiz)
    qid = attempt.question_ids[0]
    client.post(reverse("quiz_portal:answer", args=[attempt.pk]), {"question": qid, "choice": "A"})
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=attempt.started_at - (attempt.deadline - attempt.started_at) / 2,
        deadline=attempt.started_at + (attempt.deadline - attempt.started_at) / 2,
    )
    again = _start(client, quiz)  # 开始答题 tapped again: the same attempt
    assert again.pk == attempt.pk
    html = client.get(reverse("quiz_portal:attempt", args=[attempt.pk])).content.decode()
    remaining = int(re.search(r'data-remaining="(\d+)"', html).group(1))
    assert 9 * 60 <= remaining <= 10 * 60
    assert re.search(rf'name="q_{qid}" value="A" checked', html)


def test_submit_scores_redirects_to_the_result_with_the_rank_and_twice_counts_once(
    quiz, worker, worker_client
):
    client = worker_client(worker)
    attempt = _start(client, quiz)
    form = {f"q_{q}": list(c) for q, c in right_choices(attempt).items()}
    url = reverse("quiz_portal:submit", args=[attempt.pk])
    first = client.post(url, form)
    second = client.post(url, {f"q_{q}": "B" for q in attempt.question_ids})
    result_url = reverse("quiz_portal:result", args=[attempt.pk])
    assert first["Location"] == second["Location"] == result_url
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score) == (AttemptStatus.SUBMITTED, FULL_MARKS)
    page = client.get(result_url).content.decode()
    assert "第 1 名（共 1 人）" in page
    assert "查看证书" in page
    cert = client.get(reverse("quiz_portal:certificate", args=[quiz.pk])).content.decode()
    assert "荣誉证书" in cert and "李明" in cert


def test_the_rank_on_the_quiz_page_orders_by_score_then_time(
    quiz, worker, worker_client, make_member, tree
):
    rival = make_member(tree.base_c, name="王强")
    rival_attempt = attempt_start(member=rival, quiz=quiz).attempt
    attempt_submit(member=rival, attempt=rival_attempt, choices=right_choices(rival_attempt))
    client = worker_client(worker)
    attempt = _start(client, quiz)
    client.post(reverse("quiz_portal:submit", args=[attempt.pk]), {})
    page = client.get(reverse("quiz_portal:detail", args=[quiz.pk])).content.decode()
    assert "第 <strong>2</strong> 名（共 2 人）" in page
    assert page.index("王强") < page.index("李明")
    assert client.get(reverse("quiz_portal:certificate", args=[quiz.pk])).status_code == 200


def test_another_workers_attempt_answers_as_missing(
    quiz, worker, worker_client, make_member, make_worker, tree
):
    other = make_worker("13900002222", member=make_member(tree.base_b, name="赵六"))
    attempt = _start(worker_client(other), quiz)
    client = worker_client(worker)
    for name in ("quiz_portal:attempt", "quiz_portal:result"):
        assert client.get(reverse(name, args=[attempt.pk])).status_code == 404
    response = client.post(
        reverse("quiz_portal:answer", args=[attempt.pk]),
        {"question": attempt.question_ids[0], "choice": "A"},
    )
    assert response.status_code == 404
    assert not AttemptAnswer.objects.exists()


def test_a_quiz_of_another_subtree_is_not_shown(make_quiz, worker, worker_client, tree, staff):
    tianshui = make_quiz(host=tree.tianshui, actor=staff.sysadmin, title="天水市练兵")
    client = worker_client(worker)
    assert "天水市练兵" not in client.get(reverse("quiz_portal:list")).content.decode()
    assert client.get(reverse("quiz_portal:detail", args=[tianshui.pk])).status_code == 404


def test_an_answer_after_the_deadline_gets_a_chinese_refusal(quiz, worker, worker_client):
    client = worker_client(worker)
    attempt = _start(client, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=attempt.started_at - (attempt.deadline - attempt.started_at) * 2,
        deadline=attempt.started_at - (attempt.deadline - attempt.started_at),
    )
    response = client.post(
        reverse("quiz_portal:answer", args=[attempt.pk]),
        {"question": attempt.question_ids[0], "choice": "A"},
    )
    assert response.status_code == 409
    assert "答题时间已到" in response.json()["message"]
    page = client.get(reverse("quiz_portal:attempt", args=[attempt.pk]))
    assert page["Location"] == reverse("quiz_portal:result", args=[attempt.pk])


def test_an_answer_without_a_question_answers_as_missing(quiz, worker, worker_client):
    client = worker_client(worker)
    attempt = _start(client, quiz)
    response = client.post(reverse("quiz_portal:answer", args=[attempt.pk]), {"choice": "A"})
    assert response.status_code == 404
    assert not AttemptAnswer.objects.exists()
