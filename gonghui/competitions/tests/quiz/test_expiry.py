"""An attempt past its deadline: GET pages and reads show and rank it with the score it will
keep and write nothing; the next POST (or the cron command) finishes it, counted once; a member
back before his deadline still resumes on the server's clock."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from gonghui.audit.models import AuditLog
from gonghui.competitions.models.quiz import Attempt, AttemptAnswer, AttemptStatus
from gonghui.competitions.quiz.attempts import NO_MORE_ATTEMPTS, attempt_answer, attempt_start
from gonghui.competitions.quiz.boards import person_board
from gonghui.competitions.quiz.stats import quiz_stats
from gonghui.competitions.tests.quiz.conftest import right_choices
from gonghui.conftest import login
from gonghui.metrics.models import OrgStat
from gonghui.metrics.services import stats_differences

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(make_member, tree):
    return make_member(tree.base_a, name="李明")


@pytest.fixture
def worker(make_worker, member):
    return make_worker("13900001111", member=member)


def overdue(quiz, member, *, right: int = 1) -> Attempt:
    """An attempt with `right` right answers saved, whose deadline has passed."""
    attempt = attempt_start(member=member, quiz=quiz).attempt
    keys = right_choices(attempt)
    for question_id in attempt.question_ids[:right]:
        attempt_answer(
            member=member, attempt=attempt, question_id=question_id, choice=keys[question_id]
        )
    span = attempt.deadline - attempt.started_at
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=attempt.started_at - span * 2, deadline=attempt.started_at - span
    )
    attempt.refresh_from_db()
    return attempt


def attempts_counted(org) -> int:
    return sum(
        OrgStat.objects.filter(org=org, metric="quiz_attempts").values_list("value", flat=True)
    )


def test_get_pages_show_the_score_it_will_keep_and_write_nothing(
    quiz, member, worker, worker_client, staff, tree
):
    attempt = overdue(quiz, member, right=2)
    expected = sum(
        AttemptAnswer.objects.filter(attempt=attempt)
        .select_related("question")
        .values_list("question__score", flat=True)
    )
    quiz_audits = AuditLog.objects.filter(action__startswith="competitions.quiz")
    audits = quiz_audits.count()
    client = worker_client(worker)
    page = client.get(reverse("quiz_portal:attempt", args=[attempt.pk]))
    assert page["Location"] == reverse("quiz_portal:result", args=[attempt.pk])
    result = client.get(reverse("quiz_portal:result", args=[attempt.pk])).content.decode()
    assert "超时自动交卷" in result
    detail = client.get(reverse("quiz_portal:detail", args=[quiz.pk])).content.decode()
    assert f"第 1 次：{expected} / {attempt.max_score} 分 · 超时自动交卷" in detail
    board = login(staff.city_admin).get(reverse("quiz:board", args=[quiz.pk])).content.decode()
    assert "李明" in board.split('id="person-board"', 1)[1]
    api_stats = quiz_stats(quiz)
    assert (api_stats.attempts, api_stats.participants, api_stats.best) == (1, 1, expected)
    placing = person_board(quiz)[0]
    assert (placing.attempt.score, placing.attempt.status) == (expected, AttemptStatus.EXPIRED)
    # Nothing was written by any of those reads.
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score, attempt.finished_at) == (
        AttemptStatus.ACTIVE,
        None,
        None,
    )
    assert quiz_audits.count() == audits
    assert attempts_counted(tree.province) == 0


def test_the_next_post_finishes_it_with_that_score_and_counts_it_once(
    quiz, member, worker, worker_client, tree
):
    attempt = overdue(quiz, member, right=1)
    shown = person_board(quiz)[0].attempt.score
    client = worker_client(worker)
    response = client.post(reverse("quiz_portal:start", args=[quiz.pk]), follow=True)
    assert NO_MORE_ATTEMPTS.format(n=1) in response.content.decode()
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score, attempt.finished_at) == (
        AttemptStatus.EXPIRED,
        shown,
        attempt.deadline,
    )
    client.post(reverse("quiz_portal:submit", args=[attempt.pk]))  # a late submit: nothing more
    assert attempts_counted(tree.province) == 1
    assert AuditLog.objects.filter(action="competitions.quiz.expired").count() == 1
    assert [d for d in stats_differences() if d.metric.startswith("quiz")] == []


def test_the_cron_command_settles_every_overdue_attempt(quiz, member, make_member, tree):
    overdue(quiz, member)
    overdue(quiz, make_member(tree.base_c))
    running = attempt_start(member=make_member(tree.base_b), quiz=quiz).attempt
    out = StringIO()
    call_command("settle_quiz_attempts", stdout=out)
    assert "2 份超时答卷" in out.getvalue()
    assert Attempt.objects.filter(status=AttemptStatus.EXPIRED).count() == 2
    running.refresh_from_db()
    assert running.status == AttemptStatus.ACTIVE  # still in time: untouched
    assert attempts_counted(tree.province) == 2
    call_command("settle_quiz_attempts", stdout=StringIO())
    assert attempts_counted(tree.province) == 2
    assert [d for d in stats_differences() if d.metric.startswith("quiz")] == []


def test_back_in_time_he_resumes_the_same_attempt(quiz, worker, worker_client):
    client = worker_client(worker)
    client.post(reverse("quiz_portal:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz)
    page = client.get(reverse("quiz_portal:attempt", args=[attempt.pk]))
    assert page.status_code == 200
    again = client.post(reverse("quiz_portal:start", args=[quiz.pk]))
    assert again["Location"] == reverse("quiz_portal:attempt", args=[attempt.pk])
    assert Attempt.objects.filter(quiz=quiz).count() == 1
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.ACTIVE
