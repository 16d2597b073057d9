"""Workbench pages of 网上练兵: quizzes, their question bank (form and Excel import), publishing,
and the leaderboards with the certificate holders."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.competitions.models.quiz import OPTION_LETTERS, QuizStatus
from gonghui.competitions.quiz.bank import (
    question_create,
    question_delete,
    question_update,
    quiz_create,
    quiz_set_status,
    quiz_update,
)
from gonghui.competitions.quiz.boards import person_board, union_board
from gonghui.competitions.quiz.forms import (
    QuestionForm,
    QuestionImportForm,
    QuizFilterForm,
    QuizForm,
)
from gonghui.competitions.quiz.import_kinds import QUESTIONS
from gonghui.competitions.quiz.imports import template_xlsx
from gonghui.competitions.quiz.selectors import (
    access_question_by_id,
    access_quiz_by_id,
    question_list,
    quiz_list,
)
from gonghui.competitions.quiz.stats import quiz_stats
from gonghui.core.errors import NotFound
from gonghui.core.forms import NOT_SUBMITTED, attempt, form_action, submit_with
from gonghui.imports.jobs import import_job_create
from gonghui.imports.models import ImportMode
from gonghui.orgs.selectors import ORG_NOT_FOUND, access_org_by_id

QUIZ_SAVED = "网上练兵「{title}」已保存。"
QUESTION_SAVED = "题目已保存。"
QUESTION_DELETED = "题目已删除。"
STATUS_DONE = {
    QuizStatus.PUBLISHED: "已发布，会员可在职工之家参加。",
    QuizStatus.DRAFT: "已撤回为草稿。",
}
BOARD_PAGE_SIZE = 50


@permission_required(Perm.QUIZ_VIEW)
def quiz_list_view(request):
    form = QuizFilterForm(request.GET)
    form.is_valid()
    filters = form.cleaned_data
    quizzes = quiz_list(user=request.user, q=filters.get("q", ""), status=filters.get("status", ""))
    page = Paginator(quizzes, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "quiz/list.html", {"form": form, "page_obj": page})


def _quiz_initial(quiz) -> dict:
    return {
        "title": quiz.title,
        "description": quiz.description,
        "opens_at": timezone.localtime(quiz.opens_at),
        "closes_at": timezone.localtime(quiz.closes_at),
        "duration_minutes": quiz.duration_minutes,
        "attempts_allowed": quiz.attempts_allowed,
        "draw_count": quiz.draw_count,
        "certificate_top": quiz.certificate_top,
        "pass_score": quiz.pass_score,
    }


@permission_required(Perm.QUIZ_MANAGE)
@require_http_methods(["GET", "POST"])
def quiz_create_view(request):
    form = QuizForm(request.POST or None)
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: quiz_create(actor=request.user, **data),
            invalid=lambda status: render(request, "quiz/form.html", {"form": form}, status=status),
            done=lambda quiz: QUIZ_SAVED.format(title=quiz.title),
            then=lambda quiz: redirect("quiz:detail", quiz_id=quiz.pk),
        )
    return render(request, "quiz/form.html", {"form": form})


@permission_required(Perm.QUIZ_MANAGE)
@require_http_methods(["GET", "POST"])
def quiz_edit(request, quiz_id):
    quiz = access_quiz_by_id(request.user, quiz_id)
    form = QuizForm(request.POST or None, initial=_quiz_initial(quiz))
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: quiz_update(actor=request.user, quiz=quiz, **data),
            invalid=lambda status: render(
                request, "quiz/form.html", {"form": form, "quiz": quiz}, status=status
            ),
            done=lambda updated: QUIZ_SAVED.format(title=updated.title),
            then=redirect("quiz:detail", quiz_id=quiz.pk),
        )
    return render(request, "quiz/form.html", {"form": form, "quiz": quiz})


def _detail(request, quiz, *, import_form=None, status=200):
    q = request.GET.get("q", "")[:40]
    questions = question_list(user=request.user, quiz=quiz, q=q)
    page = Paginator(questions, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "quiz": quiz,
        "page_obj": page,
        "q": q,
        "import_form": import_form or QuestionImportForm(),
        "letters": OPTION_LETTERS,
    }
    return render(request, "quiz/detail.html", context, status=status)


@permission_required(Perm.QUIZ_VIEW)
def quiz_detail(request, quiz_id):
    return _detail(request, access_quiz_by_id(request.user, quiz_id))


@permission_required(Perm.QUIZ_MANAGE)
@require_POST
def quiz_status_view(request, quiz_id):
    quiz = access_quiz_by_id(request.user, quiz_id)
    wanted = request.POST.get("status", "")
    done = attempt(request, lambda: quiz_set_status(actor=request.user, quiz=quiz, status=wanted))
    if done is not NOT_SUBMITTED:
        messages.success(request, STATUS_DONE[done.status])
    return redirect("quiz:detail", quiz_id=quiz.pk)


@permission_required(Perm.QUIZ_MANAGE)
@require_POST
def question_import_view(request, quiz_id):
    """The bank is imported by an import job (gonghui.imports): its page shows the bad rows."""
    quiz = access_quiz_by_id(request.user, quiz_id)
    form = QuestionImportForm(request.POST, request.FILES)
    job, status = submit_with(
        form,
        lambda data: import_job_create(
            actor=request.user,
            kind=QUESTIONS,
            upload=data["file"],
            mode=ImportMode.ALL,
            options={"quiz": quiz.pk},
        ),
    )
    if job is not NOT_SUBMITTED:
        return redirect("imports:job", job_id=job.pk)
    return _detail(request, quiz, import_form=form, status=status)


@permission_required(Perm.QUIZ_MANAGE)
def import_template(request):
    return FileResponse(template_xlsx(), as_attachment=True, filename="网上练兵题库模板.xlsx")


def _question_initial(question) -> dict:
    initial = {
        "kind": question.kind,
        "text": question.text,
        "answer": question.answer,
        "score": question.score,
        "is_active": question.is_active,
    }
    for letter, option in zip(OPTION_LETTERS, question.options, strict=False):
        initial[f"option_{letter}"] = option
    return initial


@permission_required(Perm.QUIZ_MANAGE)
@require_http_methods(["GET", "POST"])
def question_create_view(request, quiz_id):
    quiz = access_quiz_by_id(request.user, quiz_id)
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: question_create(
                actor=request.user,
                quiz=quiz,
                **{k: v for k, v in form.service_fields().items() if k != "is_active"},
            ),
            invalid=lambda status: render(
                request, "quiz/question_form.html", {"form": form, "quiz": quiz}, status=status
            ),
            done=QUESTION_SAVED,
            then=redirect("quiz:detail", quiz_id=quiz.pk),
        )
    return render(request, "quiz/question_form.html", {"form": form, "quiz": quiz})


@permission_required(Perm.QUIZ_MANAGE)
@require_http_methods(["GET", "POST"])
def question_edit(request, quiz_id, question_id):
    quiz = access_quiz_by_id(request.user, quiz_id)
    question = access_question_by_id(request.user, quiz, question_id)
    form = QuestionForm(request.POST or None, initial=_question_initial(question))
    context = {"form": form, "quiz": quiz, "question": question}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: question_update(
                actor=request.user, question=question, **form.service_fields()
            ),
            invalid=lambda status: render(
                request, "quiz/question_form.html", context, status=status
            ),
            done=QUESTION_SAVED,
            then=redirect("quiz:detail", quiz_id=quiz.pk),
        )
    return render(request, "quiz/question_form.html", context)


@permission_required(Perm.QUIZ_MANAGE)
@require_http_methods(["GET", "POST"])
def question_delete_view(request, quiz_id, question_id):
    quiz = access_quiz_by_id(request.user, quiz_id)
    question = access_question_by_id(request.user, quiz, question_id)
    if request.method == "POST":
        done = attempt(request, lambda: question_delete(actor=request.user, question=question))
        if done is not NOT_SUBMITTED:
            messages.success(request, QUESTION_DELETED)
        return redirect("quiz:detail", quiz_id=quiz.pk)
    return render(request, "quiz/question_delete.html", {"quiz": quiz, "question": question})


@permission_required(Perm.QUIZ_VIEW)
def quiz_board(request, quiz_id):
    """排行榜: attempts past their deadline are ranked by the score they will keep, computed
    without writing (`quiz.expiry`)."""
    quiz = access_quiz_by_id(request.user, quiz_id)
    board = person_board(quiz)
    page = Paginator(board, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "quiz": quiz,
        "page_obj": page,
        "unions": union_board(quiz),
        "participants": len(board),
    }
    return render(request, "quiz/board.html", context)


@permission_required(Perm.QUIZ_VIEW)
def quiz_stats_view(request, quiz_id):
    """统计: participants by union one level below the host (or below `?org=`, a union of the
    host's subtree), the score bands and the pass rate."""
    quiz = access_quiz_by_id(request.user, quiz_id)
    within = quiz.host
    wanted = request.GET.get("org", "")
    if wanted:
        within = access_org_by_id(request.user, wanted if wanted.isdigit() else 0)
        if not within.path.startswith(quiz.host.path):
            raise NotFound(ORG_NOT_FOUND)
    context = {"quiz": quiz, "within": within, "stats": quiz_stats(quiz, within=within)}
    return render(request, "quiz/stats.html", context)
