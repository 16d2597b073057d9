from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.competitions.models.quiz import QuestionKind, QuizStatus
from gonghui.competitions.quiz.bank import question_create, quiz_create, quiz_set_status

# (kind, text, options, answer, score): the right choices are the first option, "AC", 正确.
BANK = [
    (QuestionKind.SINGLE, "工会的基本职责是什么？", ["维护职工合法权益", "组织旅游"], "A", 2),
    (QuestionKind.SINGLE, "全国总工会的热线是？", ["12351", "12345", "12315"], "A", 2),
    (QuestionKind.MULTIPLE, "劳动合同应当具备哪些条款？", ["期限", "籍贯", "劳动报酬"], "AC", 3),
    (QuestionKind.JUDGE, "用人单位应依法建立劳动规章制度。", [], "正确", 1),
]
RIGHT = {0: "A", 1: "A", 2: "AC", 3: "A"}
FULL_MARKS = sum(row[4] for row in BANK)


@pytest.fixture
def make_quiz(tree, staff):
    """A published quiz of 兰州市总工会 open now, with the four questions of BANK."""

    def make(*, host=None, actor=None, publish=True, **fields):
        now = timezone.now()
        values = dict(
            title="兰州市职工法律知识网上练兵",
            description="",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=7),
            duration_minutes=20,
            attempts_allowed=1,
            draw_count=0,
            certificate_top=3,
        )
        values.update(fields)
        actor = actor or staff.city_admin
        quiz = quiz_create(actor=actor, host=host or tree.lanzhou, **values)
        for kind, text, options, answer, score in BANK:
            question_create(
                actor=actor,
                quiz=quiz,
                kind=kind,
                text=text,
                options=options,
                answer=answer,
                score=score,
            )
        if publish:
            quiz = quiz_set_status(actor=actor, quiz=quiz, status=QuizStatus.PUBLISHED)
        return quiz

    return make


@pytest.fixture
def quiz(make_quiz):
    return make_quiz()


def right_choices(attempt) -> dict[int, str]:
    """The right answer of each question drawn, keyed by question id (from the bank's order)."""
    from gonghui.competitions.models.quiz import Question

    by_text = {row[1]: RIGHT[i] for i, row in enumerate(BANK)}
    questions = Question.objects.in_bulk(attempt.question_ids)
    return {qid: by_text[questions[qid].text] for qid in attempt.question_ids}
