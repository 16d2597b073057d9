"""A worker's time on an online course, credited from the player's heartbeats by the server's
clock alone.

The player posts a beat every `BEAT_SECONDS` while the video plays (and one when it starts).
On each beat, with `elapsed` = now − the last beat the server accepted:

- no accepted beat yet, or `elapsed` > `GAP_SECONDS`: a new streak starts, nothing is credited
  (the time in between — a pause, a closed tab — was not seen being watched);
- `elapsed` < `MIN_BEAT_SECONDS`: the beat is ignored (too fast: a second tab, a replay, a
  client sending beats in a loop), and the last accepted beat stays where it was;
- otherwise `min(elapsed, BEAT_SECONDS + GRACE_SECONDS)` is credited.

The total never exceeds the video's length. The position the client sends is only kept to
resume playback; a duration or a time the client claims is never read. The progress row is
locked (`select_for_update`) for the whole beat, so two tabs posting at the same instant are
serialised, and the second one is "too fast". At `COMPLETE_PERCENT` of the video the course is
completed (`completed_at`), which credits the course's 学时 once.
"""

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gonghui.competitions.models.training import Course, LessonProgress
from gonghui.competitions.training.online.metrics import (
    stats_progress_completed,
    stats_progress_started,
)
from gonghui.core.errors import ApplicationError
from gonghui.members.models import Member

GRACE_SECONDS = 5
COMPLETE_PERCENT = 90

NOT_A_MEMBER = "在线学习需要先完成实名认证并成为工会会员。"
NOT_PUBLISHED = "该课程已下架。"


def beat_seconds() -> int:
    """The player's interval (a setting, so a browser test can run faster than real life)."""
    return settings.GONGHUI_LEARNING_BEAT_SECONDS


def min_beat_seconds() -> int:
    return max(beat_seconds() // 2, 1)


def gap_seconds() -> int:
    return 3 * beat_seconds()


def seconds_to_complete(course: Course) -> int:
    return -(-(course.video_seconds or 0) * COMPLETE_PERCENT // 100)


@dataclass
class Beat:
    progress: LessonProgress
    accepted: bool
    credited: int
    completed_now: bool


def _progress_for_update(*, course: Course, member: Member) -> LessonProgress:
    progress, created = LessonProgress.objects.get_or_create(
        course=course, member=member, defaults={"org_id": member.org_id}
    )
    if created:
        stats_progress_started(progress)
    return LessonProgress.objects.select_for_update().get(pk=progress.pk)


@transaction.atomic
def progress_beat(
    *, member: Member | None, course: Course, position, now: datetime | None = None
) -> Beat:
    """One heartbeat of `member` watching `course` (a published one) at `position` seconds."""
    if member is None or not member.is_holding:
        raise ApplicationError(NOT_A_MEMBER, code="not_member")
    course = Course.objects.get(pk=course.pk)
    if not (course.published and course.video_seconds):
        raise ApplicationError(NOT_PUBLISHED, code="unpublished")
    now = now or timezone.now()
    progress = _progress_for_update(course=course, member=member)
    total = course.video_seconds
    # The position is a convenience to resume playback: a bad one does not refuse the beat.
    with suppress(TypeError, ValueError, OverflowError):
        progress.position = min(max(int(float(position)), 0), total)
    credited = 0
    accepted = True
    if progress.last_beat_at is None or now < progress.last_beat_at:
        progress.last_beat_at = now
    else:
        elapsed = (now - progress.last_beat_at).total_seconds()
        if elapsed < min_beat_seconds():
            accepted = False
        elif elapsed > gap_seconds():
            progress.last_beat_at = now
        else:
            cap = beat_seconds() + GRACE_SECONDS
            credited = max(min(int(elapsed), cap, total - progress.seconds_credited), 0)
            progress.seconds_credited += credited
            progress.last_beat_at = now
    completed_now = (
        accepted
        and progress.completed_at is None
        and progress.seconds_credited >= seconds_to_complete(course)
    )
    if completed_now:
        progress.completed_at = now
    fields = ["position"]
    if accepted:
        fields += ["seconds_credited", "last_beat_at", "completed_at"]
    progress.save(update_fields=fields)
    if completed_now:
        stats_progress_completed(progress, course.hours)
    return Beat(
        progress=progress, accepted=accepted, credited=credited, completed_now=completed_now
    )
