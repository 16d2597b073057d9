"""Reads of quizzes. Staff see the quizzes hosted in their subtree; a member sees the published
quizzes whose host's subtree holds his union. What a worker is shown of a question is its
text and options only (`Paper`): never the key."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from gonghui.accounts.models import User
from gonghui.competitions.models.quiz import (
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    Question,
    Quiz,
    QuizStatus,
)
from gonghui.core.access import access_in_scope
from gonghui.core.errors import NotFound
from gonghui.members.models import Member
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_scope_path

QUIZ_NOT_FOUND = "找不到该网上练兵，或您无权查看。"
QUESTION_NOT_FOUND = "找不到该题目，或您无权查看。"
ATTEMPT_NOT_FOUND = "找不到该答题记录。"


def quiz_list(*, user: User, q: str = "", status: str = "") -> QuerySet[Quiz]:
    qs = (
        Quiz.objects.filter(host__path__startswith=org_scope_path(user))
        .select_related("host")
        .annotate(
            question_count=Count("questions", filter=Q(questions__is_active=True), distinct=True)
        )
    )
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(title__contains=q)
    return qs.order_by("-opens_at", "-id")


def access_quiz_by_id(user: User, quiz_id) -> Quiz:
    scoped = Quiz.objects.select_related("host").filter(host__path__startswith=org_scope_path(user))
    return access_in_scope(
        scoped, actor=user, message=QUIZ_NOT_FOUND, org_of=lambda quiz: quiz.host, pk=quiz_id
    )


def question_list(*, user: User, quiz: Quiz, q: str = "") -> QuerySet[Question]:
    access_quiz_by_id(user, quiz.pk)
    qs = Question.objects.filter(quiz=quiz)
    if q:
        qs = qs.filter(text__contains=q)
    return qs.order_by("position", "id")


def access_question_by_id(user: User, quiz: Quiz, question_id) -> Question:
    scoped = Question.objects.select_related("quiz__host").filter(
        quiz__host__path__startswith=org_scope_path(user)
    )
    return access_in_scope(
        scoped,
        actor=user,
        message=QUESTION_NOT_FOUND,
        org_of=lambda question: question.quiz.host,
        within={"quiz": quiz},
        pk=question_id,
    )


def _ancestor_paths(path: str) -> list[str]:
    step = Org.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def quizzes_for_member(member: Member | None) -> QuerySet[Quiz]:
    """The published quizzes open to a member: hosted by his union or one of its ancestors;
    without a membership, those of a whole tree (the province's) to look at."""
    qs = Quiz.objects.filter(status=QuizStatus.PUBLISHED).select_related("host")
    if member is None:
        qs = qs.filter(host__depth=1)
    else:
        qs = qs.filter(host__path__in=_ancestor_paths(member.org.path))
    return qs.order_by("-opens_at", "-id")


def visible_quiz(member: Member | None, quiz_id) -> Quiz:
    quiz = quizzes_for_member(member).filter(pk=quiz_id).first() if str(quiz_id).isdigit() else None
    if quiz is None:
        raise NotFound(QUIZ_NOT_FOUND)
    return quiz


def member_attempts(member: Member | None, quiz: Quiz) -> list[Attempt]:
    if member is None:
        return []
    return list(Attempt.objects.filter(quiz=quiz, member=member).order_by("number"))


def member_attempt(member: Member | None, attempt_id) -> Attempt:
    """One of the member's own attempts; anybody else's answers as missing."""
    attempt = None
    if member is not None and str(attempt_id).isdigit():
        attempt = (
            Attempt.objects.select_related("quiz__host")
            .filter(pk=attempt_id, member=member)
            .first()
        )
    if attempt is None:
        raise NotFound(ATTEMPT_NOT_FOUND)
    return attempt


@dataclass(frozen=True)
class PaperQuestion:
    """A question as the worker sees it: no key, and his own saved choice."""

    id: int
    number: int
    kind: str
    kind_label: str
    text: str
    options: list[tuple[str, str]]
    chosen: str
    is_multiple: bool


def attempt_paper(attempt: Attempt) -> list[PaperQuestion]:
    questions = Question.objects.in_bulk(attempt.question_ids)
    chosen = dict(
        AttemptAnswer.objects.filter(attempt=attempt).values_list("question_id", "choice")
    )
    paper = []
    for number, question_id in enumerate(attempt.question_ids, start=1):
        question = questions[question_id]
        paper.append(
            PaperQuestion(
                id=question.pk,
                number=number,
                kind=question.kind,
                kind_label=question.get_kind_display(),
                text=question.text,
                options=[(chr(65 + i), text) for i, text in enumerate(question.options)],
                chosen=chosen.get(question.pk, ""),
                is_multiple=question.kind == "multiple",
            )
        )
    return paper


def finished_attempts(quiz: Quiz) -> QuerySet[Attempt]:
    return Attempt.objects.filter(quiz=quiz).exclude(status=AttemptStatus.ACTIVE)


def _my_attempts(member_id: int, **filters) -> Subquery:
    """How many attempts the member has at the outer quiz (on the (quiz, member) index)."""
    counted = (
        Attempt.objects.filter(quiz=OuterRef("pk"), member_id=member_id, **filters)
        .order_by()
        .values("quiz")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def quizzes_to_take(*, member_id: int, union_path: str, at: datetime, limit: int) -> list[Quiz]:
    """The open quizzes of the member's union chain that he can still take (tries left, or an
    attempt in progress to resume), closing soonest first, in one query; each with `tries_left`
    and `in_progress`."""
    quizzes = (
        Quiz.objects.filter(
            status=QuizStatus.PUBLISHED,
            host__path__in=_ancestor_paths(union_path),
            opens_at__lte=at,
            closes_at__gt=at,
        )
        .annotate(
            used=_my_attempts(member_id),
            running=_my_attempts(member_id, status=AttemptStatus.ACTIVE, deadline__gt=at),
        )
        .filter(Q(used__lt=F("attempts_allowed")) | Q(running__gt=0))
        .only("id", "title", "closes_at", "attempts_allowed", "duration_minutes")
        .order_by("closes_at", "id")[:limit]
    )
    found = list(quizzes)
    for quiz in found:
        quiz.tries_left = max(quiz.attempts_allowed - quiz.used, 0)
        quiz.in_progress = quiz.running > 0
    return found
