"""A member's timed attempt at a quiz: start (or resume), save answers, submit, expire.

The server decides everything a score depends on. At the start it fixes the draw of questions
and the deadline (started_at + the quiz's duration); an answer is an upsert of one row per
(attempt, question), refused once the deadline has passed or the attempt is finished; the final
submit scores the saved answers under a row lock on the attempt, so a second submit, or one
racing the first, finds it finished and returns the same result without counting again. An
attempt past its deadline is finished with what was saved by the next write that meets it (a
start, an answer, a submit) or by the `settle_quiz_attempts` command (`attempt_settle`), so a
worker whose connection dropped is scored by the server's clock; reads show it as it will be
scored without writing (`quiz.expiry`).
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from gonghui.audit.services import audit_record
from gonghui.competitions.models.quiz import (
    OPTION_LETTERS,
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    Question,
    QuestionKind,
    Quiz,
    QuizStatus,
)
from gonghui.competitions.quiz.figures import stats_attempt_finished
from gonghui.core.errors import ApplicationError, Conflict
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.models import Member

NOT_MEMBER = "只有会籍有效的工会会员才能参加网上练兵。"
NOT_IN_SCOPE = "本次网上练兵只面向主办工会所辖范围内的会员。"
NOT_OPEN = "网上练兵不在答题时间内（{opens}至{closes}）。"
NO_MORE_ATTEMPTS = "您已用完本次网上练兵的 {n} 次答题机会。"
QUESTION_NOT_DRAWN = "这道题不在您本次的试卷中。"
CHOICE_INVALID = "请从题目给出的选项中作答。"
TIME_UP = "答题时间已到，答卷已自动提交，不能再作答。"
ALREADY_FINISHED = "本次答题已交卷，不能再修改答案。"


def now() -> datetime:
    return timezone.now()


def _member_may_take(member: Member | None, quiz: Quiz) -> Member:
    if member is None or member.status not in HOLDING_STATUSES:
        raise ApplicationError(NOT_MEMBER)
    if not member.org.path.startswith(quiz.host.path):
        raise ApplicationError(NOT_IN_SCOPE)
    return member


def _draw(quiz: Quiz) -> list[int]:
    ids = list(
        Question.objects.filter(quiz=quiz, is_active=True)
        .order_by("position", "id")
        .values_list("id", flat=True)
    )
    if quiz.draw_count and quiz.draw_count < len(ids):
        ids = random.sample(ids, quiz.draw_count)
    else:
        random.shuffle(ids)
    return ids


@dataclass(frozen=True)
class Started:
    attempt: Attempt
    resumed: bool


def attempt_start(*, member: Member | None, quiz: Quiz) -> Started:
    """The member's attempt in progress, or a new one if he has tries left: the server draws
    the questions and sets the deadline. Starting twice (a double tap, a second tab, a
    reconnect) resumes the same attempt with its own clock. An attempt found past its deadline
    is finished (and counted) even when the start is then refused: the refusal is raised after
    the commit."""
    outcome = _start(member=member, quiz=quiz)
    if isinstance(outcome, ApplicationError):
        raise outcome
    return outcome


@transaction.atomic(durable=True)
def _start(*, member: Member | None, quiz: Quiz) -> Started | ApplicationError:
    quiz = Quiz.objects.select_related("host").get(pk=quiz.pk)
    member = _member_may_take(member, quiz)
    current = now()
    attempts = list(Attempt.objects.filter(quiz=quiz, member=member).order_by("number"))
    for attempt in attempts:
        if attempt.status == AttemptStatus.ACTIVE:
            if attempt.deadline > current:
                return Started(attempt, resumed=True)
            # Under its row lock: a submit or the cron command may be finishing it right now.
            locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
            if locked.status == AttemptStatus.ACTIVE:
                _finish(locked, status=AttemptStatus.EXPIRED, at=locked.deadline)
    if quiz.status != QuizStatus.PUBLISHED or not quiz.opens_at <= current < quiz.closes_at:
        return ApplicationError(
            NOT_OPEN.format(
                opens=timezone.localtime(quiz.opens_at).strftime("%Y-%m-%d %H:%M"),
                closes=timezone.localtime(quiz.closes_at).strftime("%Y-%m-%d %H:%M"),
            )
        )
    if len(attempts) >= quiz.attempts_allowed:
        return ApplicationError(NO_MORE_ATTEMPTS.format(n=quiz.attempts_allowed))
    ids = _draw(quiz)
    scores = dict(Question.objects.filter(pk__in=ids).values_list("id", "score"))
    deadline = min(current + timedelta(minutes=quiz.duration_minutes), quiz.closes_at)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz,
                member=member,
                org=member.org,
                number=len(attempts) + 1,
                question_ids=ids,
                started_at=current,
                deadline=deadline,
                max_score=sum(scores.values()),
            )
    except IntegrityError:
        # A concurrent start of the same try won: resume the attempt it created.
        attempt = Attempt.objects.get(quiz=quiz, member=member, number=len(attempts) + 1)
        return Started(attempt, resumed=True)
    audit_record(
        actor=None,
        action="competitions.quiz.start",
        obj=attempt,
        org=member.org,
        changes={"quiz": quiz.title, "number": attempt.number, "questions": len(ids)},
    )
    return Started(attempt, resumed=False)


def normalise_choice(question: Question, choice: str | list[str]) -> str:
    """A worker's choice as the key is written: sorted letters of existing options."""
    letters = choice if isinstance(choice, str) else "".join(choice)
    letters = "".join(sorted(set(letters.upper())))
    allowed = OPTION_LETTERS[: len(question.options)]
    if any(c not in allowed for c in letters):
        raise ApplicationError(CHOICE_INVALID, field="choice")
    if question.kind != QuestionKind.MULTIPLE and len(letters) > 1:
        raise ApplicationError(CHOICE_INVALID, field="choice")
    return letters


def _refusal(attempt: Attempt, at: datetime) -> Conflict | None:
    """Why a locked attempt takes no more answers, if it does not: finished, or past its
    deadline (an expired one is finished here, by the server's clock, and stays finished)."""
    if attempt.status != AttemptStatus.ACTIVE:
        return Conflict(ALREADY_FINISHED, code="attempt_finished")
    if at >= attempt.deadline:
        _finish(attempt, status=AttemptStatus.EXPIRED, at=attempt.deadline)
        return Conflict(TIME_UP, code="attempt_expired")
    return None


def _upsert(attempt: Attempt, choices: dict[int, str | list[str]], at: datetime) -> int:
    questions = Question.objects.in_bulk([q for q in choices if q in attempt.question_ids])
    if len(questions) != len(choices):
        raise ApplicationError(QUESTION_NOT_DRAWN, field="question")
    rows = [
        AttemptAnswer(
            attempt=attempt,
            question=questions[question_id],
            choice=normalise_choice(questions[question_id], choice),
            answered_at=at,
        )
        for question_id, choice in choices.items()
    ]
    AttemptAnswer.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["attempt", "question"],
        update_fields=["choice", "answered_at"],
    )
    return len(rows)


def attempt_answer(
    *, member: Member, attempt: Attempt, question_id: int, choice: str | list[str]
) -> None:
    """Save (or replace) one answer of an attempt in progress."""
    if attempt.member_id != member.pk:
        raise ApplicationError(QUESTION_NOT_DRAWN)
    at = now()
    with transaction.atomic(durable=True):
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        refusal = _refusal(locked, at)
        if refusal is None:
            _upsert(locked, {int(question_id): choice}, at)
    # Raised after the commit: an attempt found expired stays finished.
    if refusal is not None:
        raise refusal


def _finish(attempt: Attempt, *, status: str, at: datetime) -> Attempt:
    """Score the saved answers and close the attempt (the caller holds its row lock), and count
    it in the statistics in the same transaction. The quiz's row is locked (last, to keep the
    serialised part short) before the figures are read from it, so that a change of the quiz
    moving its figures (`bank.quiz_update`, `quiz_set_status`) sees this attempt either
    finished and counted or not at all."""
    answers = {a.question_id: a for a in AttemptAnswer.objects.filter(attempt=attempt)}
    keys = Question.objects.in_bulk(attempt.question_ids)
    score = correct = 0
    for question_id, answer in answers.items():
        question = keys[question_id]
        answer.is_correct = answer.choice == question.answer
        if answer.is_correct:
            score += question.score
            correct += 1
    AttemptAnswer.objects.bulk_update(answers.values(), ["is_correct"])
    finished_at = min(at, attempt.deadline)
    attempt.status = status
    attempt.finished_at = finished_at
    attempt.score = score
    attempt.correct = correct
    attempt.seconds_used = max(int((finished_at - attempt.started_at).total_seconds()), 0)
    attempt.save(update_fields=["status", "finished_at", "score", "correct", "seconds_used"])
    quiz = Quiz.objects.select_for_update().get(pk=attempt.quiz_id)
    stats_attempt_finished(attempt, quiz)
    audit_record(
        actor=None,
        action=f"competitions.quiz.{status}",
        obj=attempt,
        org=attempt.org,
        changes={"score": score, "correct": correct, "answered": len(answers)},
    )
    return attempt


@transaction.atomic(durable=True)
def attempt_submit(
    *, member: Member, attempt: Attempt, choices: dict[int, str | list[str]] | None = None
) -> Attempt:
    """交卷: save the last answers sent with it, then score. A second submit (a double tap, a
    retry after a timeout, a race) returns the finished attempt unchanged: counted once."""
    if attempt.member_id != member.pk:
        raise ApplicationError(QUESTION_NOT_DRAWN)
    at = now()
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.status != AttemptStatus.ACTIVE:
        return locked
    if at >= locked.deadline:
        # Answers sent after the deadline are not taken; what was saved in time is scored.
        return _finish(locked, status=AttemptStatus.EXPIRED, at=locked.deadline)
    if choices:
        _upsert(locked, choices, at)
    return _finish(locked, status=AttemptStatus.SUBMITTED, at=at)


@transaction.atomic(durable=True)
def attempt_settle(*, attempt: Attempt) -> Attempt:
    """An attempt as it stands now: one past its deadline is finished (scored) first."""
    if attempt.status != AttemptStatus.ACTIVE or now() < attempt.deadline:
        return attempt
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.status != AttemptStatus.ACTIVE:
        return locked
    return _finish(locked, status=AttemptStatus.EXPIRED, at=locked.deadline)


def expired_attempts(quiz: Quiz) -> QuerySet[Attempt]:
    return Attempt.objects.filter(quiz=quiz, status=AttemptStatus.ACTIVE, deadline__lte=now())


def quiz_settle_expired(*, quiz: Quiz) -> int:
    """Finish every attempt of `quiz` past its deadline (before a leaderboard is read)."""
    settled = 0
    for attempt in expired_attempts(quiz).only("pk", "status", "deadline"):
        if attempt_settle(attempt=attempt).status == AttemptStatus.EXPIRED:
            settled += 1
    return settled
