"""Portal pages of 网上练兵: the quizzes open to a worker, a timed attempt, his result and rank,
and the certificate of the top N.

The quiz app decides everything: these pages call its services and selectors (namespace
`quiz_portal`, at `/m/quiz/`). The paper sent to the phone holds the questions' text and
options only; the time left is computed by the server on every page load, so a reload or a
reconnect shows the server's clock.
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import public
from gonghui.competitions.models.quiz import AttemptStatus
from gonghui.competitions.quiz.attempts import (
    attempt_answer,
    attempt_start,
    attempt_submit,
)
from gonghui.competitions.quiz.boards import is_open, my_placing, person_board
from gonghui.competitions.quiz.expiry import as_settled, is_overdue
from gonghui.competitions.quiz.selectors import (
    ATTEMPT_NOT_FOUND,
    attempt_paper,
    member_attempt,
    member_attempts,
    quizzes_for_member,
    visible_quiz,
)
from gonghui.core.errors import ApplicationError, NotFound
from gonghui.portal.auth import current_worker, worker_required

app_name = "quiz_portal"

RESUMED = "已回到您未完成的答题，计时以服务器为准。"
SUBMITTED = "已交卷。"
NOT_CERTIFIED = "证书只发给前 {n} 名。"
BOARD_TOP = 20


def _member(request):
    worker = current_worker(request)
    return worker.member if worker is not None else None


@public
def quiz_list(request):
    quizzes = list(quizzes_for_member(_member(request))[:50])
    now = timezone.now()
    for quiz in quizzes:
        quiz.open_now = is_open(quiz, now)
    return render(request, "portal/quiz/list.html", {"quizzes": quizzes, "tab": "home"})


@public
def quiz_detail(request, quiz_id):
    member = _member(request)
    quiz = visible_quiz(member, quiz_id)
    # An attempt past its deadline shows as finished, scored in memory: a GET writes nothing.
    attempts = as_settled(member_attempts(member, quiz), at=timezone.now())
    active = next((a for a in attempts if a.status == AttemptStatus.ACTIVE), None)
    placing, ranked = my_placing(quiz, member.pk) if member is not None else (None, 0)
    context = {
        "quiz": quiz,
        "member": member,
        "worker": current_worker(request),
        "attempts": attempts,
        "active": active,
        "tries_left": max(quiz.attempts_allowed - len(attempts), 0),
        "open_now": is_open(quiz, timezone.now()),
        "placing": placing,
        "ranked": ranked,
        "board": person_board(quiz)[:BOARD_TOP],
        "tab": "home",
    }
    return render(request, "portal/quiz/detail.html", context)


@worker_required
@require_POST
def quiz_start(request, quiz_id):
    member = _member(request)
    quiz = visible_quiz(member, quiz_id)
    try:
        started = attempt_start(member=member, quiz=quiz)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("quiz_portal:detail", quiz_id=quiz.pk)
    if started.resumed:
        messages.info(request, RESUMED)
    return redirect("quiz_portal:attempt", attempt_id=started.attempt.pk)


@worker_required
def attempt_page(request, attempt_id):
    attempt = member_attempt(_member(request), attempt_id)
    if attempt.status != AttemptStatus.ACTIVE or is_overdue(attempt, timezone.now()):
        return redirect("quiz_portal:result", attempt_id=attempt.pk)
    remaining = max(int((attempt.deadline - timezone.now()).total_seconds()), 0)
    paper = attempt_paper(attempt)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "paper": paper,
        "answered": sum(1 for q in paper if q.chosen),
        "remaining": remaining,
        "tab": "home",
    }
    return render(request, "portal/quiz/attempt.html", context)


@worker_required
@require_POST
def attempt_answer_view(request, attempt_id):
    """Save one answer as the worker goes (the page's script): JSON, never the key."""
    member = _member(request)
    attempt = member_attempt(member, attempt_id)
    question = request.POST.get("question", "")
    if not question.isdigit():
        raise NotFound(ATTEMPT_NOT_FOUND)
    try:
        attempt_answer(
            member=member,
            attempt=attempt,
            question_id=int(question),
            choice=request.POST.getlist("choice"),
        )
    except ApplicationError as exc:
        return JsonResponse({"saved": False, "message": exc.message}, status=exc.status)
    remaining = max(int((attempt.deadline - timezone.now()).total_seconds()), 0)
    return JsonResponse({"saved": True, "remaining": remaining})


def _posted_choices(request) -> dict[int, list[str]]:
    choices = {}
    for key in request.POST:
        number = key.removeprefix("q_")
        if key.startswith("q_") and number.isdigit():
            choices[int(number)] = request.POST.getlist(key)
    return choices


@worker_required
@require_POST
def attempt_submit_view(request, attempt_id):
    member = _member(request)
    attempt = member_attempt(member, attempt_id)
    try:
        attempt_submit(member=member, attempt=attempt, choices=_posted_choices(request))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("quiz_portal:attempt", attempt_id=attempt.pk)
    return redirect("quiz_portal:result", attempt_id=attempt.pk)


@worker_required
def attempt_result(request, attempt_id):
    member = _member(request)
    # Past its deadline: the result it will keep, computed without writing (`quiz.expiry`).
    attempt = as_settled([member_attempt(member, attempt_id)], at=timezone.now())[0]
    if attempt.status == AttemptStatus.ACTIVE:
        return redirect("quiz_portal:attempt", attempt_id=attempt.pk)
    placing, ranked = my_placing(attempt.quiz, member.pk)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "placing": placing,
        "ranked": ranked,
        "tab": "home",
    }
    return render(request, "portal/quiz/result.html", context)


@worker_required
def certificate(request, quiz_id):
    member = _member(request)
    quiz = visible_quiz(member, quiz_id)
    placing, _ = my_placing(quiz, member.pk) if member is not None else (None, 0)
    if placing is None or not placing.certified:
        raise NotFound(NOT_CERTIFIED.format(n=quiz.certificate_top))
    return render(request, "portal/quiz/certificate.html", {"quiz": quiz, "placing": placing})


urlpatterns = [
    path("", quiz_list, name="list"),
    path("<int:quiz_id>/", quiz_detail, name="detail"),
    path("<int:quiz_id>/start/", quiz_start, name="start"),
    path("<int:quiz_id>/certificate/", certificate, name="certificate"),
    path("attempts/<int:attempt_id>/", attempt_page, name="attempt"),
    path("attempts/<int:attempt_id>/answer/", attempt_answer_view, name="answer"),
    path("attempts/<int:attempt_id>/submit/", attempt_submit_view, name="submit"),
    path("attempts/<int:attempt_id>/result/", attempt_result, name="result"),
]
