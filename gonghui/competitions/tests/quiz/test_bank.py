"""The question bank: rules of a question, scope of the staff pages, publishing, import."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gonghui.audit.models import AuditLog
from gonghui.competitions.models.quiz import Question, QuestionKind, Quiz, QuizStatus
from gonghui.competitions.quiz import bank
from gonghui.competitions.quiz.attempts import attempt_start
from gonghui.competitions.quiz.bank import clean_question, question_delete, quiz_set_status
from gonghui.competitions.quiz.imports import HEADERS, template_xlsx
from gonghui.conftest import login
from gonghui.core.errors import ApplicationError


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"kind": "single", "options": ["甲"], "answer": "A"}, bank.OPTIONS_COUNT),
        ({"kind": "single", "options": ["甲", "乙"], "answer": "C"}, bank.ANSWER_INVALID),
        ({"kind": "single", "options": ["甲", "乙"], "answer": "AB"}, bank.ANSWER_SINGLE),
        ({"kind": "multiple", "options": ["甲", "乙"], "answer": "A"}, bank.ANSWER_MULTIPLE),
        ({"kind": "judge", "options": [], "answer": "也许"}, bank.JUDGE_ANSWER),
        ({"kind": "single", "options": ["甲", "", "丙"], "answer": "A"}, "选项B不能为空。"),
        ({"kind": "essay", "options": [], "answer": "A"}, bank.KIND_UNKNOWN),
        ({"kind": "single", "options": ["甲", "乙"], "answer": "A", "score": 0}, bank.SCORE_RANGE),
    ],
)
def test_a_wrong_question_is_refused_in_chinese(fields, message):
    values = {"text": "题目", "score": 1, **fields}
    with pytest.raises(ApplicationError) as error:
        clean_question(**values)
    assert error.value.message == message


def test_keys_are_normalised():
    multiple = clean_question(
        kind=QuestionKind.MULTIPLE, text="题", options=["甲", "乙", "丙"], answer="c, a", score=2
    )
    assert multiple["answer"] == "AC"
    judge = clean_question(kind=QuestionKind.JUDGE, text="题", options=["x"], answer="错", score=1)
    assert (judge["answer"], judge["options"]) == ("B", ["正确", "错误"])


def test_staff_see_and_manage_only_quizzes_hosted_in_their_subtree(make_quiz, tree, staff):
    quiz = make_quiz(host=tree.chengguan, actor=staff.county_admin)
    assert login(staff.city_admin).get(reverse("quiz:detail", args=[quiz.pk])).status_code == 200
    sibling = login(staff.sibling_admin)
    assert quiz.title not in sibling.get(reverse("quiz:list")).content.decode()
    for url in (
        reverse("quiz:detail", args=[quiz.pk]),
        reverse("quiz:board", args=[quiz.pk]),
        reverse("quiz:edit", args=[quiz.pk]),
    ):
        assert sibling.get(url).status_code == 404
    before = quiz.questions.count()
    response = sibling.post(
        reverse("quiz:question_create", args=[quiz.pk]),
        {"kind": "single", "text": "越权", "option_A": "甲", "option_B": "乙", "answer": "A"},
    )
    assert response.status_code == 404
    assert quiz.questions.count() == before
    assert AuditLog.objects.filter(action="access.denied").exists()


def test_an_auditor_sees_the_bank_but_cannot_change_it(quiz, staff, tree):
    quiz_cg = quiz
    client = login(staff.county_auditor)
    assert client.get(reverse("quiz:list")).status_code == 200
    assert client.get(reverse("quiz:question_create", args=[quiz_cg.pk])).status_code == 403


def test_staff_create_a_quiz_add_a_question_and_publish(tree, staff):
    client = login(staff.county_admin)
    response = client.post(
        reverse("quiz:create"),
        {
            "title": "城关区安全生产知识竞赛",
            "opens_at": "2026-01-01T08:00",
            "closes_at": "2026-12-31T20:00",
            "duration_minutes": 15,
            "attempts_allowed": 2,
            "draw_count": 0,
            "certificate_top": 10,
        },
    )
    quiz = Quiz.objects.get(title="城关区安全生产知识竞赛")
    assert response["Location"] == reverse("quiz:detail", args=[quiz.pk])
    assert quiz.host == tree.chengguan and quiz.status == QuizStatus.DRAFT
    refused = client.post(reverse("quiz:status", args=[quiz.pk]), {"status": "published"})
    assert refused.status_code == 302
    quiz.refresh_from_db()
    assert quiz.status == QuizStatus.DRAFT  # 题库为空：不能发布
    client.post(
        reverse("quiz:question_create", args=[quiz.pk]),
        {
            "kind": "multiple",
            "text": "发现安全隐患应当？",
            "option_A": "立即报告",
            "option_B": "置之不理",
            "option_C": "及时处置",
            "answer": "AC",
            "score": 2,
        },
    )
    assert quiz.questions.get().answer == "AC"
    client.post(reverse("quiz:status", args=[quiz.pk]), {"status": "published"})
    quiz.refresh_from_db()
    assert quiz.status == QuizStatus.PUBLISHED


def test_a_bad_window_is_refused_on_the_form(staff):
    response = login(staff.county_admin).post(
        reverse("quiz:create"),
        {
            "title": "倒序",
            "opens_at": "2026-05-02T08:00",
            "closes_at": "2026-05-01T08:00",
            "duration_minutes": 15,
            "attempts_allowed": 1,
            "draw_count": 0,
            "certificate_top": 10,
        },
    )
    assert response.status_code == 400
    assert bank.WINDOW_ORDER in response.content.decode()
    assert not Quiz.objects.exists()


def test_a_drawn_question_cannot_be_deleted(quiz, staff, make_member, tree):
    question = quiz.questions.first()
    attempt_start(member=make_member(tree.base_a), quiz=quiz)
    with pytest.raises(ApplicationError, match=bank.ALREADY_STARTED):
        question_delete(actor=staff.city_admin, question=question)
    assert Question.objects.filter(pk=question.pk).exists()


def test_publishing_needs_an_active_question(make_quiz, staff):
    quiz = make_quiz(publish=False)
    quiz.questions.update(is_active=False)
    with pytest.raises(ApplicationError, match=bank.NO_QUESTIONS):
        quiz_set_status(actor=staff.city_admin, quiz=quiz, status=QuizStatus.PUBLISHED)


def _xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    wb.active.append(HEADERS)
    for row in rows:
        wb.active.append(row)
    out = BytesIO()
    wb.save(out)
    return SimpleUploadedFile("题库.xlsx", out.getvalue())


def _import(client, quiz, upload, django_capture_on_commit_callbacks):
    from gonghui.imports.models import ImportJob

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("quiz:import", args=[quiz.pk]), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportJob.objects.latest("pk")


def test_the_template_imports_as_it_is(make_quiz, staff, django_capture_on_commit_callbacks):
    quiz = make_quiz(publish=False)
    before = quiz.questions.count()
    upload = SimpleUploadedFile("模板.xlsx", template_xlsx().getvalue())
    job = _import(login(staff.city_admin), quiz, upload, django_capture_on_commit_callbacks)
    assert job.created == 3 and job.failed == 0
    added = list(quiz.questions.order_by("position")[before:])
    assert [(q.kind, q.answer, q.score) for q in added] == [
        ("single", "A", 2),
        ("multiple", "ABC", 3),
        ("judge", "A", 1),
    ]
    sheet = load_workbook(template_xlsx()).active
    assert [c.value for c in sheet[1]] == HEADERS


def test_a_bad_row_imports_nothing_and_is_reported_by_row_and_column(
    make_quiz, staff, django_capture_on_commit_callbacks
):
    quiz = make_quiz(publish=False)
    before = quiz.questions.count()
    rows = [
        ["单选题", "好题", "甲", "乙", "", "", "", "", "", "", "A", 1],
        ["单选题", "坏答案", "甲", "乙", "", "", "", "", "", "", "E", 1],
        ["问答题", "坏题型", "", "", "", "", "", "", "", "", "A", 1],
        ["判断题", "", "", "", "", "", "", "", "", "", "正确", "两分"],
    ]
    job = _import(login(staff.city_admin), quiz, _xlsx(rows), django_capture_on_commit_callbacks)
    assert (job.created, job.failed) == (0, 3)
    assert quiz.questions.count() == before
    report = " ".join(str(e) for e in job.errors)
    assert "3" in report and "答案" in report and "题型" in report and "题目" in report


def test_the_workbench_board_ranks_expired_attempts_without_writing(quiz, staff, make_member, tree):
    from gonghui.competitions.models.quiz import Attempt, AttemptStatus
    from gonghui.competitions.quiz.attempts import attempt_submit
    from gonghui.competitions.tests.quiz.conftest import right_choices

    best = make_member(tree.base_a, name="甲优秀")
    attempt = attempt_start(member=best, quiz=quiz).attempt
    attempt_submit(member=best, attempt=attempt, choices=right_choices(attempt))
    late = make_member(tree.base_c, name="乙超时")
    expired = attempt_start(member=late, quiz=quiz).attempt
    Attempt.objects.filter(pk=expired.pk).update(
        started_at=expired.started_at - (expired.deadline - expired.started_at) * 2,
        deadline=expired.started_at - (expired.deadline - expired.started_at),
    )
    html = login(staff.city_admin).get(reverse("quiz:board", args=[quiz.pk])).content.decode()
    # Ranked by the score it will keep, but the GET wrote nothing: still active in the table.
    assert Attempt.objects.get(pk=expired.pk).status == AttemptStatus.ACTIVE
    people = html.split('id="person-board"', 1)[1]
    assert people.index("甲优秀") < people.index("乙超时")
    unions = html.split('id="union-board"', 1)[1].split("</table>", 1)[0]
    assert unions.index("城关区总工会") < unions.index("七里河区总工会")
    assert "共 2 人交卷" in html
