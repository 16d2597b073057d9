"""Races on real connections (run on PostgreSQL too): two submits of one attempt count once,
two starts of one try make one attempt, a submit racing an answer never loses the answer
silently."""

import pytest

from gonghui.audit.models import AuditLog
from gonghui.competitions.models.quiz import Attempt, AttemptAnswer, AttemptStatus
from gonghui.competitions.quiz.attempts import attempt_answer, attempt_start, attempt_submit
from gonghui.competitions.tests.quiz.conftest import FULL_MARKS, right_choices
from gonghui.conftest import race
from gonghui.core.errors import Conflict

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def member(make_member, tree):
    return make_member(tree.base_a, name="李明")


def test_two_submits_at_once_score_once_and_return_the_same_result(quiz, member):
    attempt = attempt_start(member=member, quiz=quiz).attempt
    choices = right_choices(attempt)
    outcomes = race(
        lambda: attempt_submit(member=member, attempt=attempt, choices=choices),
        lambda: attempt_submit(member=member, attempt=attempt, choices=choices),
    )
    assert all(isinstance(o, Attempt) for o in outcomes), outcomes
    assert {(o.score, o.finished_at) for o in outcomes} == {(FULL_MARKS, outcomes[0].finished_at)}
    assert AuditLog.objects.filter(action="competitions.quiz.submitted").count() == 1
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == len(attempt.question_ids)


def test_two_starts_at_once_make_one_attempt(quiz, member):
    outcomes = race(
        lambda: attempt_start(member=member, quiz=quiz),
        lambda: attempt_start(member=member, quiz=quiz),
    )
    assert len({o.attempt.pk for o in outcomes}) == 1, outcomes
    assert Attempt.objects.filter(quiz=quiz, member=member).count() == 1
    assert AuditLog.objects.filter(action="competitions.quiz.start").count() == 1


def test_an_answer_racing_the_submit_is_either_scored_or_refused(quiz, member):
    attempt = attempt_start(member=member, quiz=quiz).attempt
    qid = attempt.question_ids[0]
    key = right_choices(attempt)[qid]
    outcomes = race(
        lambda: attempt_submit(member=member, attempt=attempt, choices={}),
        lambda: attempt_answer(member=member, attempt=attempt, question_id=qid, choice=key),
    )
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED
    saved = AttemptAnswer.objects.filter(attempt=attempt, question_id=qid).first()
    refused = any(isinstance(o, Conflict) for o in outcomes)
    # Saved before the submit: scored with it; after: refused, and nothing half-written.
    assert refused == (saved is None), outcomes
    assert attempt.correct == (0 if refused else 1)


def test_two_submits_at_once_roll_up_once_and_the_recount_agrees(quiz, member, tree):
    from gonghui.metrics.models import OrgStat
    from gonghui.metrics.services import stats_differences

    attempt = attempt_start(member=member, quiz=quiz).attempt
    choices = right_choices(attempt)
    race(
        lambda: attempt_submit(member=member, attempt=attempt, choices=choices),
        lambda: attempt_submit(member=member, attempt=attempt, choices=choices),
    )
    for org in (tree.base_a, tree.lanzhou, tree.province):
        counted = OrgStat.objects.filter(org=org, metric="quiz_attempts").values_list(
            "value", flat=True
        )
        assert sum(counted) == 1, org
        scored = OrgStat.objects.filter(org=org, metric="quiz_score").values_list(
            "value", flat=True
        )
        assert sum(scored) == FULL_MARKS, org
    assert [d for d in stats_differences() if d.metric.startswith("quiz")] == []


def test_submits_of_different_members_at_once_all_roll_up(quiz, make_member, tree):
    from gonghui.metrics.models import OrgStat

    members = [make_member(tree.base_a), make_member(tree.base_c)]
    attempts = [attempt_start(member=m, quiz=quiz).attempt for m in members]
    outcomes = race(
        *(
            (lambda m=m, a=a: attempt_submit(member=m, attempt=a, choices=right_choices(a)))
            for m, a in zip(members, attempts, strict=True)
        )
    )
    assert all(isinstance(o, Attempt) for o in outcomes), outcomes
    counted = OrgStat.objects.filter(org=tree.province, metric="quiz_attempts")
    assert sum(counted.values_list("value", flat=True)) == 2


def test_a_start_and_the_cron_settling_one_expired_attempt_count_it_once(quiz, member, tree):
    from gonghui.competitions.quiz.attempts import attempt_settle
    from gonghui.core.errors import ApplicationError
    from gonghui.metrics.models import OrgStat

    attempt = attempt_start(member=member, quiz=quiz).attempt
    span = attempt.deadline - attempt.started_at
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=attempt.started_at - span * 2, deadline=attempt.started_at - span
    )
    attempt.refresh_from_db()
    outcomes = race(
        lambda: attempt_start(member=member, quiz=quiz),
        lambda: attempt_settle(attempt=attempt),
    )
    assert any(isinstance(o, ApplicationError) for o in outcomes), outcomes  # no tries left
    assert AuditLog.objects.filter(action="competitions.quiz.expired").count() == 1
    counted = OrgStat.objects.filter(org=tree.province, metric="quiz_attempts")
    assert sum(counted.values_list("value", flat=True)) == 1
