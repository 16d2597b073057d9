"""The attempt's integrity: the server's draw, clock and score; resume; refusals; once only."""

from datetime import timedelta

import pytest

from gonghui.audit.models import AuditLog
from gonghui.competitions.models.quiz import Attempt, AttemptAnswer, AttemptStatus
from gonghui.competitions.quiz import attempts as service
from gonghui.competitions.quiz.attempts import (
    ALREADY_FINISHED,
    CHOICE_INVALID,
    NO_MORE_ATTEMPTS,
    NOT_IN_SCOPE,
    QUESTION_NOT_DRAWN,
    TIME_UP,
    attempt_answer,
    attempt_settle,
    attempt_start,
    attempt_submit,
)
from gonghui.competitions.tests.quiz.conftest import FULL_MARKS, right_choices
from gonghui.core.errors import ApplicationError, Conflict


@pytest.fixture
def member(make_member, tree):
    return make_member(tree.base_a, name="李明")


@pytest.fixture
def clock(monkeypatch):
    """The service's clock, moved by the test: `clock.move(minutes=21)`."""
    from django.utils import timezone

    class Clock:
        at = timezone.now()

        def move(self, **delta):
            self.at += timedelta(**delta)

    c = Clock()
    monkeypatch.setattr(service, "now", lambda: c.at)
    return c


def test_the_server_fixes_the_draw_and_the_deadline(quiz, member, clock):
    started = attempt_start(member=member, quiz=quiz)
    attempt = started.attempt
    assert not started.resumed
    assert sorted(attempt.question_ids) == sorted(quiz.questions.values_list("id", flat=True))
    assert attempt.deadline - attempt.started_at == timedelta(minutes=20)
    assert attempt.max_score == FULL_MARKS
    assert attempt.org == member.org


def test_draw_count_takes_that_many_of_the_bank(make_quiz, member):
    quiz = make_quiz(draw_count=2)
    attempt = attempt_start(member=member, quiz=quiz).attempt
    assert len(attempt.question_ids) == 2
    assert set(attempt.question_ids) <= set(quiz.questions.values_list("id", flat=True))


def test_starting_again_resumes_the_same_attempt_with_its_own_clock(quiz, member, clock):
    first = attempt_start(member=member, quiz=quiz).attempt
    clock.move(minutes=7)  # the connection dropped; he comes back seven minutes later
    again = attempt_start(member=member, quiz=quiz)
    assert again.resumed
    assert again.attempt.pk == first.pk
    assert again.attempt.deadline == first.deadline
    assert again.attempt.question_ids == first.question_ids
    assert Attempt.objects.filter(quiz=quiz, member=member).count() == 1


def test_an_answer_saved_twice_is_one_row_with_the_last_choice(quiz, member):
    attempt = attempt_start(member=member, quiz=quiz).attempt
    question_id = attempt.question_ids[0]
    attempt_answer(member=member, attempt=attempt, question_id=question_id, choice="B")
    attempt_answer(member=member, attempt=attempt, question_id=question_id, choice=["A"])
    rows = AttemptAnswer.objects.filter(attempt=attempt, question_id=question_id)
    assert [r.choice for r in rows] == ["A"]


def test_scoring_is_on_the_server_and_a_multiple_choice_needs_every_right_option(quiz, member):
    attempt = attempt_start(member=member, quiz=quiz).attempt
    choices = right_choices(attempt)
    multiple = next(q for q, c in choices.items() if c == "AC")
    choices[multiple] = "A"  # half right is wrong
    done = attempt_submit(member=member, attempt=attempt, choices=choices)
    assert done.status == AttemptStatus.SUBMITTED
    assert done.score == FULL_MARKS - 3
    assert done.correct == 3
    assert AttemptAnswer.objects.get(attempt=attempt, question_id=multiple).is_correct is False


def test_a_second_submit_returns_the_same_result_and_counts_nothing(quiz, member):
    attempt = attempt_start(member=member, quiz=quiz).attempt
    first = attempt_submit(member=member, attempt=attempt, choices=right_choices(attempt))
    wrong = {q: "B" for q in attempt.question_ids}
    second = attempt_submit(member=member, attempt=attempt, choices=wrong)
    assert (second.pk, second.score, second.finished_at) == (
        first.pk,
        FULL_MARKS,
        first.finished_at,
    )
    assert AttemptAnswer.objects.filter(attempt=attempt, choice="B").count() == 0
    assert AuditLog.objects.filter(action="competitions.quiz.submitted").count() == 1


def test_no_answer_is_taken_after_the_submit(quiz, member):
    attempt = attempt_start(member=member, quiz=quiz).attempt
    attempt_submit(member=member, attempt=attempt, choices={})
    with pytest.raises(Conflict, match=ALREADY_FINISHED):
        attempt_answer(
            member=member, attempt=attempt, question_id=attempt.question_ids[0], choice="A"
        )


def test_an_answer_after_the_deadline_is_refused_and_the_attempt_finishes(quiz, member, clock):
    attempt = attempt_start(member=member, quiz=quiz).attempt
    choices = right_choices(attempt)
    first, second = attempt.question_ids[:2]
    attempt_answer(member=member, attempt=attempt, question_id=first, choice=choices[first])
    clock.move(minutes=20, seconds=1)
    with pytest.raises(Conflict, match=TIME_UP):
        attempt_answer(member=member, attempt=attempt, question_id=second, choice=choices[second])
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED  # committed, although the answer was refused
    assert attempt.finished_at == attempt.deadline
    assert attempt.seconds_used == 20 * 60
    assert not AttemptAnswer.objects.filter(attempt=attempt, question_id=second).exists()
    assert attempt.correct == 1


def test_a_late_submit_scores_only_what_was_saved_in_time(quiz, member, clock):
    attempt = attempt_start(member=member, quiz=quiz).attempt
    clock.move(minutes=25)
    done = attempt_submit(member=member, attempt=attempt, choices=right_choices(attempt))
    assert done.status == AttemptStatus.EXPIRED
    assert done.score == 0
    assert not AttemptAnswer.objects.filter(attempt=attempt).exists()


def test_an_expired_attempt_is_finished_when_it_is_next_read(quiz, member, clock):
    attempt = attempt_start(member=member, quiz=quiz).attempt
    choices = right_choices(attempt)
    qid = attempt.question_ids[0]
    attempt_answer(member=member, attempt=attempt, question_id=qid, choice=choices[qid])
    clock.move(hours=2)
    settled = attempt_settle(attempt=attempt)
    assert settled.status == AttemptStatus.EXPIRED
    assert settled.correct == 1
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.EXPIRED


def test_one_attempt_by_default_and_n_when_configured(make_quiz, member):
    single = make_quiz()
    attempt = attempt_start(member=member, quiz=single).attempt
    attempt_submit(member=member, attempt=attempt, choices={})
    with pytest.raises(ApplicationError, match=NO_MORE_ATTEMPTS.format(n=1)):
        attempt_start(member=member, quiz=single)
    twice = make_quiz(title="两次机会", attempts_allowed=2)
    first = attempt_start(member=member, quiz=twice).attempt
    attempt_submit(member=member, attempt=first, choices={})
    second = attempt_start(member=member, quiz=twice).attempt
    assert (first.number, second.number) == (1, 2)


def test_a_member_outside_the_hosts_subtree_cannot_take_it(quiz, make_member, tree):
    outsider = make_member(tree.base_d, name="天水会员")
    with pytest.raises(ApplicationError, match=NOT_IN_SCOPE):
        attempt_start(member=outsider, quiz=quiz)


def test_a_closed_or_unpublished_quiz_cannot_be_started(make_quiz, member):
    from django.utils import timezone

    later = make_quiz(
        opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=2)
    )
    with pytest.raises(ApplicationError, match="不在答题时间内"):
        attempt_start(member=member, quiz=later)
    draft = make_quiz(title="草稿", publish=False)
    with pytest.raises(ApplicationError, match="不在答题时间内"):
        attempt_start(member=member, quiz=draft)


def test_the_deadline_never_passes_the_quiz_close(make_quiz, member):
    from django.utils import timezone

    quiz = make_quiz(closes_at=timezone.now() + timedelta(minutes=5))
    attempt = attempt_start(member=member, quiz=quiz).attempt
    assert attempt.deadline == quiz.closes_at


def test_an_answer_to_a_question_not_drawn_or_an_option_not_offered_is_refused(
    make_quiz, quiz, member
):
    other = make_quiz(title="另一场")
    attempt = attempt_start(member=member, quiz=quiz).attempt
    foreign = other.questions.first().pk
    with pytest.raises(ApplicationError, match=QUESTION_NOT_DRAWN):
        attempt_answer(member=member, attempt=attempt, question_id=foreign, choice="A")
    single = quiz.questions.get(text__startswith="全国总工会").pk
    for bad in ("D", "AB"):
        with pytest.raises(ApplicationError, match=CHOICE_INVALID):
            attempt_answer(member=member, attempt=attempt, question_id=single, choice=bad)
    assert not AttemptAnswer.objects.filter(attempt=attempt).exists()
