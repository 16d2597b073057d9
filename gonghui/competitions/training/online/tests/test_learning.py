"""Heartbeats: the server's clock decides what is credited (see `learning`'s module note)."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from gonghui.competitions.models.training import LessonProgress
from gonghui.competitions.training.online.learning import (
    GRACE_SECONDS,
    NOT_A_MEMBER,
    NOT_PUBLISHED,
    progress_beat,
)
from gonghui.competitions.training.online.services import course_publish, course_video_upload
from gonghui.competitions.training.online.tests.conftest import mp4_bytes, upload
from gonghui.conftest import race
from gonghui.core.errors import ApplicationError
from gonghui.metrics.models import OrgStat

T0 = datetime(2026, 11, 30, 23, 59, tzinfo=ZoneInfo("Asia/Shanghai"))


def at(seconds: float):
    return T0 + timedelta(seconds=seconds)


def beats(member, course, *offsets, position=0):
    return [
        progress_beat(member=member, course=course, position=position, now=at(s)) for s in offsets
    ]


def stat(org, metric, period) -> int:
    row = OrgStat.objects.filter(org=org, metric=metric, period=period).first()
    return row.value if row else 0


def test_first_beat_starts_a_streak_and_credits_nothing(published_course, learner):
    (beat,) = beats(learner, published_course, 0)
    assert beat.accepted and beat.credited == 0
    assert beat.progress.seconds_credited == 0
    assert beat.progress.org_id == learner.org_id


def test_each_beat_credits_the_server_time_since_the_last(published_course, learner):
    result = beats(learner, published_course, 0, 15, 29, 45)
    assert [b.credited for b in result] == [0, 15, 14, 16]
    assert result[-1].progress.seconds_credited == 45


def test_a_beat_too_fast_is_ignored_and_does_not_move_the_streak(published_course, learner):
    result = beats(learner, published_course, 0, 3, 15)
    assert [(b.accepted, b.credited) for b in result] == [(True, 0), (False, 0), (True, 15)]
    assert LessonProgress.objects.get().seconds_credited == 15


def test_a_late_beat_is_capped_at_the_interval_plus_grace(published_course, learner):
    result = beats(learner, published_course, 0, 40)
    assert result[-1].credited == 15 + GRACE_SECONDS


def test_after_a_gap_a_new_streak_starts_without_credit_for_the_gap(published_course, learner):
    result = beats(learner, published_course, 0, 15, 15 + 600, 15 + 615)
    assert [b.credited for b in result] == [0, 15, 0, 15]
    assert result[-1].progress.seconds_credited == 30


def test_a_clock_going_backwards_restarts_the_streak(published_course, learner):
    result = beats(learner, published_course, 100, 50, 65)
    assert [b.credited for b in result] == [0, 0, 15]


def test_the_client_position_is_kept_clamped_and_never_credited(published_course, learner):
    result = beats(learner, published_course, 0, position=99_999)
    assert result[0].progress.position == 100 and result[0].progress.seconds_credited == 0
    progress_beat(member=learner, course=published_course, position="NaN", now=at(15))
    progress_beat(member=learner, course=published_course, position="-5", now=at(30))
    progress = LessonProgress.objects.get()
    assert progress.position == 0 and progress.seconds_credited == 30


def test_completion_at_90_percent_credits_the_course_hours_once(tree, published_course, learner):
    offsets = [15 * n for n in range(8)]  # 0 … 105 s: 105 s of beats for a 100 s video
    result = beats(learner, published_course, *offsets)
    credited = [b.progress.seconds_credited for b in result]
    assert credited == [0, 15, 30, 45, 60, 75, 90, 100]  # never more than the video
    assert [b.completed_now for b in result].count(True) == 1
    assert result[6].completed_now  # 90 s of 100 s
    progress = LessonProgress.objects.get()
    assert progress.completed_at == at(90)
    # Completed just after midnight in Beijing: December there (still November in UTC).
    learners_month = timezone.localtime(progress.started_at).strftime("%Y-%m")
    assert stat(tree.base_a, "training.online.learners", learners_month) == 1
    assert stat(tree.province, "training.online.learners", learners_month) == 1
    assert stat(tree.base_a, "training.online.completions", "2026-12") == 1
    assert stat(tree.lanzhou, "training.online.hours", "2026-12") == 2
    assert stat(tree.base_a, "training.online.completions", "2026-11") == 0


def test_hours_are_rounded_half_up_per_completion(tree, published_course, learner, make_member):
    published_course.hours = Decimal("1.5")
    published_course.save(update_fields=["hours"])
    other = make_member(tree.base_a, name="王五")
    for member in (learner, other):
        beats(member, published_course, *[15 * n for n in range(8)])
    assert stat(tree.base_a, "training.online.completions", "2026-12") == 2
    assert stat(tree.base_a, "training.online.hours", "2026-12") == 4


def test_learners_count_once_per_worker_per_course(tree, published_course, learner):
    beats(learner, published_course, 0, 15, 30)
    month = timezone.localtime(LessonProgress.objects.get().started_at).strftime("%Y-%m")
    assert stat(tree.base_a, "training.online.learners", month) == 1


def test_a_worker_who_is_no_member_cannot_learn(published_course):
    with pytest.raises(ApplicationError) as refused:
        progress_beat(member=None, course=published_course, position=0, now=at(0))
    assert refused.value.message == NOT_A_MEMBER
    assert not LessonProgress.objects.exists()


def test_an_unpublished_course_takes_no_beats(published_course, learner, staff):
    course_publish(actor=staff.county_admin, course=published_course, published=False)
    with pytest.raises(ApplicationError) as refused:
        progress_beat(member=learner, course=published_course, position=0, now=at(0))
    assert refused.value.message == NOT_PUBLISHED
    assert not LessonProgress.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_tabs_beating_at_once_are_credited_once(tree, published_course, learner):
    progress_beat(member=learner, course=published_course, position=0, now=at(0))
    results = race(
        *[
            lambda: progress_beat(member=learner, course=published_course, position=1, now=at(15))
            for _ in range(2)
        ]
    )
    assert sorted(r.accepted for r in results) == [False, True]
    assert LessonProgress.objects.get().seconds_credited == 15


@pytest.mark.django_db(transaction=True)
def test_two_tabs_starting_at_once_make_one_progress_row(tree, published_course, learner):
    results = race(
        *[
            lambda: progress_beat(member=learner, course=published_course, position=0, now=at(0))
            for _ in range(2)
        ]
    )
    assert all(not isinstance(r, Exception) for r in results), results
    assert LessonProgress.objects.count() == 1


def test_a_shorter_new_video_never_takes_credit_back(published_course, learner, staff):
    beats(learner, published_course, 0, 15, 30, 45)
    course_video_upload(
        actor=staff.county_admin, course=published_course, upload=upload(mp4_bytes(40))
    )
    (beat,) = beats(learner, published_course, 60)
    assert beat.credited == 0 and beat.progress.seconds_credited == 45
