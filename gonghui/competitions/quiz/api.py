"""/api/v1/quizzes: 网上练兵 for staff — the scoped list, one quiz (its bank without the keys),
the leaderboards, the statistics, and a new quiz (a draft).

Scope as on the workbench: quizzes hosted in the caller's subtree; another answers as missing
(404, audited). Reads never write: an attempt past its deadline that nobody has settled yet is
ranked by what it will score (`boards`), not finished here."""

from dataclasses import asdict

from django.conf import settings
from django.utils import timezone
from ninja import Query, Router, Status

from gonghui.accounts.api import require
from gonghui.accounts.permissions import Perm
from gonghui.competitions.models.quiz import Question, Quiz, QuizStatus
from gonghui.competitions.quiz.bank import quiz_create
from gonghui.competitions.quiz.boards import person_board, union_board
from gonghui.competitions.quiz.schemas import (
    BoardBy,
    BoardOut,
    QuizDetailOut,
    QuizIn,
    QuizOut,
    QuizPage,
    QuizStatsOut,
)
from gonghui.competitions.quiz.selectors import access_quiz_by_id, quiz_list
from gonghui.competitions.quiz.stats import quiz_stats
from gonghui.core.cleaning import code_of
from gonghui.core.errors import ApplicationError
from gonghui.core.paging import page_of
from gonghui.orgs.selectors import org_by_id

router = Router(tags=["网上练兵"])

WHEN_RANGE = "{label}须在2000年至2100年之间。"


def _quiz_out(quiz: Quiz, question_count: int) -> dict:
    return {
        "id": quiz.pk,
        "title": quiz.title,
        "description": quiz.description,
        "status": quiz.status,
        "status_label": quiz.get_status_display(),
        "host_id": quiz.host_id,
        "host_name": quiz.host.name,
        "opens_at": quiz.opens_at,
        "closes_at": quiz.closes_at,
        "duration_minutes": quiz.duration_minutes,
        "attempts_allowed": quiz.attempts_allowed,
        "draw_count": quiz.draw_count,
        "certificate_top": quiz.certificate_top,
        "pass_score": quiz.pass_score,
        "question_count": question_count,
    }


def _question_out(question: Question) -> dict:
    # The key (`answer`) is left out on purpose: no answer of this API carries it.
    return {
        "id": question.pk,
        "kind": question.kind,
        "kind_label": question.get_kind_display(),
        "text": question.text,
        "options": question.options,
        "score": question.score,
        "is_active": question.is_active,
    }


@router.get("", response=QuizPage, summary="网上练兵列表")
@require(Perm.QUIZ_VIEW)
def quizzes_list(
    request,
    q: str = Query("", max_length=40),
    status: code_of(QuizStatus, blank=True, check=True) = "",
    page: int = Query(1, ge=1),
):
    """Quizzes hosted in the caller's subtree, the latest opening first."""
    quizzes = quiz_list(user=request.user, q=q.strip(), status=status)
    one_page = page_of(quizzes, page=page, size=settings.MEMBERS_PAGE_SIZE)
    return {
        "items": [_quiz_out(quiz, quiz.question_count) for quiz in one_page],
        "count": one_page.paginator.count,
    }


def _aware(value, *, label: str, field: str):
    if not 2000 <= value.year <= 2100:
        raise ApplicationError(WHEN_RANGE.format(label=label), field=field)
    if timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


@router.post("", response={201: QuizOut}, summary="新建网上练兵")
@require(Perm.QUIZ_MANAGE)
def quizzes_create(request, payload: QuizIn):
    """A draft quiz hosted by a union of the caller's subtree (another union: 403, audited);
    questions are added on the workbench (form or Excel), then it is published there."""
    data = payload.model_dump(exclude={"host_id"})
    data["opens_at"] = _aware(payload.opens_at, label="开始时间", field="opens_at")
    data["closes_at"] = _aware(payload.closes_at, label="结束时间", field="closes_at")
    host = org_by_id(payload.host_id, field="host_id")
    quiz = quiz_create(actor=request.user, host=host, **data)
    return Status(201, _quiz_out(quiz, 0))


@router.get("/{quiz_id}", response=QuizDetailOut, summary="网上练兵详情（题库不含答案）")
@require(Perm.QUIZ_VIEW)
def quizzes_detail(request, quiz_id: int):
    quiz = access_quiz_by_id(request.user, quiz_id)
    questions = list(Question.objects.filter(quiz=quiz).order_by("position", "id"))
    out = _quiz_out(quiz, sum(1 for question in questions if question.is_active))
    out["questions"] = [_question_out(question) for question in questions]
    return out


@router.get("/{quiz_id}/leaderboard", response=BoardOut, summary="网上练兵排行榜")
@require(Perm.QUIZ_VIEW)
def quizzes_leaderboard(
    request,
    quiz_id: int,
    by: code_of(BoardBy, check=True) = "person",
    page: int = Query(1, ge=1),
):
    """By person: each member's best attempt, score high to low, then time used (a page); by
    org: participants and average of the best scores under each union below the host."""
    quiz = access_quiz_by_id(request.user, quiz_id)
    if by == BoardBy.ORG:
        lines = union_board(quiz)
        unions = [
            {
                "org_id": line.org.pk,
                "org_name": line.org.name,
                "participants": line.participants,
                "average": line.average,
                "best": line.best,
            }
            for line in lines
        ]
        return {"by": by, "count": len(unions), "persons": [], "unions": unions}
    one_page = page_of(person_board(quiz), page=page, size=settings.MEMBERS_PAGE_SIZE)
    persons = [
        {
            "rank": placing.rank,
            "member_id": placing.attempt.member_id,
            "name": placing.attempt.member.name,
            "org_id": placing.attempt.org_id,
            "org_name": placing.attempt.org.name,
            "score": placing.attempt.score or 0,
            "max_score": placing.attempt.max_score,
            "seconds_used": placing.attempt.seconds_used or 0,
            "certified": placing.certified,
        }
        for placing in one_page
    ]
    return {"by": by, "count": one_page.paginator.count, "persons": persons, "unions": []}


@router.get("/{quiz_id}/stats", response=QuizStatsOut, summary="网上练兵统计")
@require(Perm.QUIZ_VIEW)
def quizzes_stats(request, quiz_id: int):
    """参与人次, 参与人数, the average, the pass rate, score bands and the unions below the host."""
    stats = quiz_stats(access_quiz_by_id(request.user, quiz_id))
    out = {
        name: getattr(stats, name)
        for name in ("attempts", "participants", "average", "best", "pass_score", "passed")
    }
    out["pass_rate"] = stats.pass_rate
    out["bands"] = [asdict(band) for band in stats.bands]
    out["unions"] = [
        {
            "org_id": line.org.pk,
            "org_name": line.org.name,
            "participants": line.participants,
            "attempts": line.attempts,
            "average": line.average,
            "passed": line.passed,
        }
        for line in stats.unions
    ]
    return out
