"""Writes of the quiz and its question bank (staff): one function per use case, each audited.

A quiz belongs to its host union; staff manage the quizzes of unions in their subtree.
"""

from datetime import datetime
from typing import Any

from django.db.models import Max
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.competitions.models.quiz import (
    JUDGE_OPTIONS,
    OPTION_LETTERS,
    Question,
    QuestionKind,
    Quiz,
    QuizStatus,
)
from gonghui.competitions.quiz.figures import quiz_figures, stats_quiz_changed
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope

OUT_OF_SCOPE = "您只能管理本工会及下级工会主办的网上练兵。"
NO_ORG = "您的账号未归属任何工会，不能创建网上练兵。"
TITLE_REQUIRED = "请填写名称。"
TITLE_TOO_LONG = "名称不能超过80个字。"
WINDOW_ORDER = "结束时间须晚于开始时间。"
DURATION_RANGE = "答题时长须在 1 到 300 分钟之间。"
ATTEMPTS_RANGE = "可答次数须在 1 到 10 次之间。"
DRAW_RANGE = "每次抽题数须在 0 到 200 之间（0 为全部题目）。"
TOP_RANGE = "发证书的名次须在 0 到 1000 之间。"
PASS_RANGE = "及格分须在 1 到 10000 之间（不设及格分请留空）。"
KIND_UNKNOWN = "题型须是单选题、多选题或判断题。"
TEXT_REQUIRED = "请填写题目。"
TEXT_TOO_LONG = "题目不能超过500个字。"
OPTIONS_COUNT = "选择题须有 2 到 8 个选项。"
OPTION_EMPTY = "选项{letter}不能为空。"
OPTION_TOO_LONG = "选项{letter}不能超过200个字。"
ANSWER_INVALID = "答案须是选项的字母（如 A 或 ACD），且只能选已有的选项。"
ANSWER_SINGLE = "单选题和判断题的答案只能有一个字母。"
ANSWER_MULTIPLE = "多选题的答案至少要有两个字母。"
JUDGE_ANSWER = "判断题的答案须是「正确」或「错误」（也可写 A 或 B、对或错）。"
SCORE_RANGE = "分值须在 1 到 100 之间。"
NO_QUESTIONS = "题库中还没有启用的题目，不能发布。"
ALREADY_STARTED = "已有会员开始答题，不能再删除题目；可将题目停用。"

TEXT_MAX = 500
OPTION_MAX = 200
JUDGE_WORDS = {
    "A": "A",
    "B": "B",
    "正确": "A",
    "对": "A",
    "√": "A",
    "错误": "B",
    "错": "B",
    "×": "B",
}


def require_quiz_scope(actor: User, quiz: Quiz) -> None:
    if not org_in_scope(actor, quiz.host):
        raise denial(
            Forbidden(OUT_OF_SCOPE), actor=actor, action="access.denied", obj=quiz, org=quiz.host
        )


def _clean_quiz(
    *,
    title: str,
    description: str,
    opens_at: datetime,
    closes_at: datetime,
    duration_minutes: int,
    attempts_allowed: int,
    draw_count: int,
    certificate_top: int,
    pass_score: int | None = None,
) -> dict[str, Any]:
    title = clean_text(title, label="名称", field="title")
    if not title:
        raise ApplicationError(TITLE_REQUIRED, field="title")
    if len(title) > 80:
        raise ApplicationError(TITLE_TOO_LONG, field="title")
    description = clean_text(description, multiline=True, label="说明", field="description")
    if closes_at <= opens_at:
        raise ApplicationError(WINDOW_ORDER, field="closes_at")
    checks = (
        (duration_minutes, 1, 300, DURATION_RANGE, "duration_minutes"),
        (attempts_allowed, 1, 10, ATTEMPTS_RANGE, "attempts_allowed"),
        (draw_count, 0, 200, DRAW_RANGE, "draw_count"),
        (certificate_top, 0, 1000, TOP_RANGE, "certificate_top"),
    )
    for value, low, high, message, field in checks:
        if not isinstance(value, int) or not low <= value <= high:
            raise ApplicationError(message, field=field)
    if pass_score is not None and (
        isinstance(pass_score, bool)
        or not isinstance(pass_score, int)
        or not 1 <= pass_score <= 10000
    ):
        raise ApplicationError(PASS_RANGE, field="pass_score")
    return {
        "title": title,
        "description": description,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "duration_minutes": duration_minutes,
        "attempts_allowed": attempts_allowed,
        "draw_count": draw_count,
        "certificate_top": certificate_top,
        "pass_score": pass_score,
    }


def _stamp(value: datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def quiz_snapshot(quiz: Quiz) -> dict[str, Any]:
    return {
        "title": quiz.title,
        "status": quiz.status,
        "opens_at": _stamp(quiz.opens_at),
        "closes_at": _stamp(quiz.closes_at),
        "duration_minutes": quiz.duration_minutes,
        "attempts_allowed": quiz.attempts_allowed,
        "draw_count": quiz.draw_count,
        "certificate_top": quiz.certificate_top,
        "pass_score": quiz.pass_score,
    }


@atomic_keeping_denials(durable=True)
def quiz_create(*, actor: User, host: Org | None = None, **fields: Any) -> Quiz:
    """A quiz hosted by the actor's union (or a union of his subtree), as a draft."""
    host = host or actor.org
    if host is None:
        raise ApplicationError(NO_ORG)
    if not org_in_scope(actor, host):
        raise denial(
            Forbidden(OUT_OF_SCOPE), actor=actor, action="access.denied", obj=host, org=host
        )
    quiz = Quiz.objects.create(host=host, created_by=actor, **_clean_quiz(**fields))
    audit_record(
        actor=actor,
        action="competitions.quiz.create",
        obj=quiz,
        org=host,
        changes=quiz_snapshot(quiz),
    )
    return quiz


@atomic_keeping_denials(durable=True)
def quiz_update(*, actor: User, quiz: Quiz, **fields: Any) -> Quiz:
    quiz = Quiz.objects.select_for_update().select_related("host").get(pk=quiz.pk)
    require_quiz_scope(actor, quiz)
    before = quiz_snapshot(quiz)
    figures = quiz_figures(quiz)
    for name, value in _clean_quiz(**fields).items():
        setattr(quiz, name, value)
    after = quiz_snapshot(quiz)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        quiz.save()
        stats_quiz_changed(figures, quiz)
        audit_record(
            actor=actor,
            action="competitions.quiz.update",
            obj=quiz,
            org=quiz.host,
            changes=changes,
        )
    return quiz


@atomic_keeping_denials(durable=True)
def quiz_set_status(*, actor: User, quiz: Quiz, status: str) -> Quiz:
    """Publish a quiz (the portal shows it in its window) or take it back to draft."""
    quiz = Quiz.objects.select_for_update().select_related("host").get(pk=quiz.pk)
    require_quiz_scope(actor, quiz)
    if status not in QuizStatus.values:
        raise ApplicationError(KIND_UNKNOWN)
    if status == QuizStatus.PUBLISHED and not quiz.questions.filter(is_active=True).exists():
        raise ApplicationError(NO_QUESTIONS)
    if quiz.status != status:
        audit_record(
            actor=actor,
            action="competitions.quiz.status",
            obj=quiz,
            org=quiz.host,
            changes={"status": [quiz.status, status]},
        )
        figures = quiz_figures(quiz)
        quiz.status = status
        quiz.save(update_fields=["status", "updated_at"])
        stats_quiz_changed(figures, quiz)
    return quiz


def clean_question(
    *, kind: str, text: str, options: list[str], answer: str, score: int
) -> dict[str, Any]:
    """A question's fields checked and normalised; refusals name the field (the import's column)."""
    if kind not in QuestionKind.values:
        raise ApplicationError(KIND_UNKNOWN, field="kind")
    text = clean_text(text, multiline=True, label="题目", field="text")
    if not text:
        raise ApplicationError(TEXT_REQUIRED, field="text")
    if len(text) > TEXT_MAX:
        raise ApplicationError(TEXT_TOO_LONG, field="text")
    answer = clean_text(answer, label="答案", field="answer").upper().replace(" ", "")
    if kind == QuestionKind.JUDGE:
        options = list(JUDGE_OPTIONS)
        answer = JUDGE_WORDS.get(answer, "")
        if not answer:
            raise ApplicationError(JUDGE_ANSWER, field="answer")
    else:
        options = [clean_text(o, label="选项", field="options") for o in options]
        while options and not options[-1]:
            options.pop()
        if not 2 <= len(options) <= len(OPTION_LETTERS):
            raise ApplicationError(OPTIONS_COUNT, field="options")
        for letter, option in zip(OPTION_LETTERS, options, strict=False):
            if not option:
                raise ApplicationError(OPTION_EMPTY.format(letter=letter), field="options")
            if len(option) > OPTION_MAX:
                raise ApplicationError(OPTION_TOO_LONG.format(letter=letter), field="options")
        letters = OPTION_LETTERS[: len(options)]
        answer = answer.replace(",", "").replace("，", "").replace("、", "")
        if not answer or any(c not in letters for c in answer) or len(set(answer)) != len(answer):
            raise ApplicationError(ANSWER_INVALID, field="answer")
        answer = "".join(sorted(answer))
        if kind == QuestionKind.SINGLE and len(answer) != 1:
            raise ApplicationError(ANSWER_SINGLE, field="answer")
        if kind == QuestionKind.MULTIPLE and len(answer) < 2:
            raise ApplicationError(ANSWER_MULTIPLE, field="answer")
    if not isinstance(score, int) or not 1 <= score <= 100:
        raise ApplicationError(SCORE_RANGE, field="score")
    return {"kind": kind, "text": text, "options": options, "answer": answer, "score": score}


def question_snapshot(question: Question) -> dict[str, Any]:
    return {
        "kind": question.kind,
        "text": question.text[:60],
        "options": len(question.options),
        "score": question.score,
        "is_active": question.is_active,
    }


def question_add(*, actor: User, quiz: Quiz, **fields: Any) -> Question:
    """Append a question to the bank (the caller holds the transaction: form or import)."""
    require_quiz_scope(actor, quiz)
    last = quiz.questions.aggregate(last=Max("position"))["last"] or 0
    question = Question.objects.create(quiz=quiz, position=last + 1, **clean_question(**fields))
    audit_record(
        actor=actor,
        action="competitions.quiz.question_add",
        obj=question,
        org=quiz.host,
        changes=question_snapshot(question),
    )
    return question


question_create = atomic_keeping_denials(question_add, durable=True)


@atomic_keeping_denials(durable=True)
def question_update(
    *, actor: User, question: Question, is_active: bool = True, **fields: Any
) -> Question:
    question = Question.objects.select_for_update().select_related("quiz__host").get(pk=question.pk)
    require_quiz_scope(actor, question.quiz)
    before = question_snapshot(question)
    for name, value in clean_question(**fields).items():
        setattr(question, name, value)
    question.is_active = is_active
    after = question_snapshot(question)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    question.save()
    audit_record(
        actor=actor,
        action="competitions.quiz.question_update",
        obj=question,
        org=question.quiz.host,
        changes=changes,
    )
    return question


@atomic_keeping_denials(durable=True)
def question_delete(*, actor: User, question: Question) -> None:
    """Delete a question nobody has drawn yet (else it is kept: disable it instead)."""
    question = Question.objects.select_for_update().select_related("quiz__host").get(pk=question.pk)
    require_quiz_scope(actor, question.quiz)
    if question.quiz.attempts.exists():
        raise ApplicationError(ALREADY_STARTED)
    audit_record(
        actor=actor,
        action="competitions.quiz.question_delete",
        obj=question,
        org=question.quiz.host,
        changes=question_snapshot(question),
    )
    question.delete()
