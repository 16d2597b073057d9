"""网上练兵's statistics: the roll-ups kept with the submit (once, whatever is sent twice), the
recount agreeing, 人次 against 人, the pass mark, the dashboard line and the quiz's own page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.competitions.models.quiz import QuizStatus
from gonghui.competitions.quiz.attempts import attempt_settle, attempt_start, attempt_submit
from gonghui.competitions.quiz.bank import quiz_set_status, quiz_update
from gonghui.competitions.quiz.stats import quiz_section, quiz_stats
from gonghui.competitions.tests.quiz.conftest import FULL_MARKS, right_choices
from gonghui.conftest import login
from gonghui.metrics.models import OrgStat
from gonghui.metrics.services import stats_differences

pytestmark = pytest.mark.django_db


def month() -> str:
    return f"{timezone.localdate():%Y-%m}"


def stat(org, metric, period=None) -> int:
    row = OrgStat.objects.filter(org=org, metric=metric, period=period or month()).first()
    return row.value if row else 0


def quiz_differences() -> list:
    return [d for d in stats_differences() if d.metric.startswith("quiz")]


def take(quiz, member, *, right: bool = True):
    attempt = attempt_start(member=member, quiz=quiz).attempt
    choices = right_choices(attempt) if right else {}
    return attempt_submit(member=member, attempt=attempt, choices=choices)


def test_a_submit_counts_once_up_the_chain_and_a_second_submit_adds_nothing(
    quiz, make_member, tree
):
    member = make_member(tree.base_a)
    attempt = attempt_start(member=member, quiz=quiz).attempt
    assert stat(tree.province, "quiz_attempts") == 0  # an attempt in progress is not counted
    assert stat(tree.lanzhou, "quizzes") == 1 and stat(tree.province, "quizzes") == 1
    assert stat(tree.chengguan, "quizzes") == 0  # held by 兰州, not by 城关
    choices = right_choices(attempt)
    attempt_submit(member=member, attempt=attempt, choices=choices)
    attempt_submit(member=member, attempt=attempt, choices=choices)  # a double tap
    for org in (tree.base_a, tree.chengguan, tree.lanzhou, tree.province):
        assert stat(org, "quiz_attempts") == 1, org
        assert stat(org, "quiz_score") == FULL_MARKS, org
    assert stat(tree.qilihe, "quiz_attempts") == 0
    assert quiz_differences() == []


def test_persons_are_distinct_and_attempts_are_not(make_quiz, make_member, tree):
    first = make_quiz(attempts_allowed=2)
    second = make_quiz(title="第二场")
    member = make_member(tree.base_a)
    other = make_member(tree.base_c)
    take(first, member)
    take(first, member, right=False)
    take(second, member)
    take(second, other, right=False)
    section = quiz_section(org=tree.province, start=month(), end=month())
    figures = section["figures"]
    assert (figures["quizzes"], figures["quiz_attempts"], figures["quiz_persons"]) == (2, 4, 2)
    assert figures["quiz_average"] == round(2 * FULL_MARKS / 4, 1)
    assert section["lines"] == [
        f"开展网上练兵2场，参与职工4人次（2人），平均得分{2 * FULL_MARKS / 4:g}分。"
    ]
    chengguan = quiz_section(org=tree.chengguan, start=month(), end=month())["figures"]
    assert (chengguan["quizzes"], chengguan["quiz_attempts"], chengguan["quiz_persons"]) == (
        0,
        3,
        1,
    )
    assert quiz_differences() == []


def test_the_pass_mark_counts_passes_and_moving_it_recounts(make_quiz, make_member, tree, staff):
    quiz = make_quiz(pass_score=FULL_MARKS - 1)
    take(quiz, make_member(tree.base_a))
    take(quiz, make_member(tree.base_b), right=False)
    assert stat(tree.province, "quiz_passed") == 1
    assert "及格1人次" in quiz_section(org=tree.province, start=month(), end=month())["lines"][0]
    fields = {
        name: getattr(quiz, name)
        for name in (
            "title",
            "description",
            "opens_at",
            "closes_at",
            "duration_minutes",
            "attempts_allowed",
            "draw_count",
            "certificate_top",
        )
    }
    quiz_update(actor=staff.city_admin, quiz=quiz, pass_score=1, **fields)
    assert stat(tree.province, "quiz_passed") == 1  # a score of 0 still fails
    quiz_update(actor=staff.city_admin, quiz=quiz, pass_score=None, **fields)
    assert stat(tree.province, "quiz_passed") == 0
    assert quiz_differences() == []


def test_moving_the_opening_month_and_withdrawing_move_the_figures(quiz, make_member, tree, staff):
    take(quiz, make_member(tree.base_a))
    earlier = quiz.opens_at - timedelta(days=400)
    fields = dict(
        title=quiz.title,
        description="",
        opens_at=earlier,
        closes_at=quiz.closes_at,
        duration_minutes=20,
        attempts_allowed=1,
        draw_count=0,
        certificate_top=3,
    )
    quiz_update(actor=staff.city_admin, quiz=quiz, **fields)
    old = f"{timezone.localtime(earlier):%Y-%m}"
    assert stat(tree.province, "quiz_attempts") == 0
    assert stat(tree.province, "quiz_attempts", old) == 1
    assert stat(tree.lanzhou, "quizzes", old) == 1
    quiz_set_status(actor=staff.city_admin, quiz=quiz, status=QuizStatus.DRAFT)
    assert stat(tree.province, "quiz_attempts", old) == 0
    assert stat(tree.lanzhou, "quizzes", old) == 0
    assert quiz_differences() == []


def test_an_expired_attempt_is_counted_once_when_it_is_settled(quiz, make_member, tree):
    member = make_member(tree.base_a)
    attempt = attempt_start(member=member, quiz=quiz).attempt
    type(attempt).objects.filter(pk=attempt.pk).update(
        started_at=attempt.started_at - timedelta(hours=1),
        deadline=attempt.deadline - timedelta(hours=1),
    )
    attempt.refresh_from_db()
    attempt_settle(attempt=attempt)
    attempt_settle(attempt=attempt)
    attempt_submit(member=member, attempt=attempt, choices={})
    assert stat(tree.province, "quiz_attempts") == 1
    assert quiz_differences() == []


def test_the_dashboard_and_the_report_carry_the_quiz_line(client, quiz, make_member, tree, staff):
    take(quiz, make_member(tree.base_a))
    client = login(staff.city_admin)
    page = client.get(reverse("stats:org", args=[tree.lanzhou.pk])).content.decode()
    assert 'id="quiz-figures"' in page
    line = f"开展网上练兵1场，参与职工1人次（1人），平均得分{FULL_MARKS}分。"
    assert line in page
    report = client.get(
        reverse("stats:report", args=[tree.lanzhou.pk]), {"start": month(), "end": month()}
    ).content.decode()
    assert line in report


def test_the_quiz_statistics_by_union_bands_and_pass_rate(make_quiz, make_member, tree):
    quiz = make_quiz(pass_score=FULL_MARKS)
    take(quiz, make_member(tree.base_a))
    take(quiz, make_member(tree.base_b), right=False)
    take(quiz, make_member(tree.base_c))
    stats = quiz_stats(quiz)
    assert (stats.attempts, stats.participants, stats.passed, stats.pass_rate) == (3, 3, 2, 66.7)
    assert stats.average == round(2 * FULL_MARKS / 3, 1)
    assert [(b.label, b.count) for b in stats.bands] == [
        ("90% 及以上", 2),
        ("80%–89%", 0),
        ("60%–79%", 0),
        ("60% 以下", 1),
    ]
    assert [(u.org.name, u.participants, u.passed) for u in stats.unions] == [
        (tree.chengguan.name, 2, 1),
        (tree.qilihe.name, 1, 1),
    ]
    assert quiz_stats(quiz, within=tree.chengguan).participants == 2


def test_the_quiz_statistics_page_is_scoped(make_quiz, make_member, tree, staff):
    quiz = make_quiz(pass_score=FULL_MARKS)
    take(quiz, make_member(tree.base_a))
    client = login(staff.city_admin)
    url = reverse("quiz:stats", args=[quiz.pk])
    page = client.get(url).content.decode()
    assert 'id="quiz-unions"' in page and tree.chengguan.name in page
    assert "100.0%" in page  # the pass rate
    below = client.get(url, {"org": tree.chengguan.pk}).content.decode()
    assert f"统计范围：{tree.chengguan.name}" in below
    # A union outside the host's subtree, or outside the viewer's, answers as a missing one.
    assert client.get(url, {"org": tree.tianshui.pk}).status_code == 404
    assert client.get(url, {"org": "x"}).status_code == 404
    assert login(staff.tianshui_admin).get(url).status_code == 404
    assert login(staff.county_admin).get(url).status_code == 404
