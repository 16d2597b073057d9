"""Reads of online courses. Staff see the online courses of the academies hosted in their
subtree (`Academy.org`); an out-of-scope course answers as a missing one. Workers see the
published courses with a video, and their own progress."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.accounts.models import User
from gonghui.competitions.models.training import (
    Course,
    CourseMode,
    Enrollment,
    EnrollmentStatus,
    LessonProgress,
)
from gonghui.core.access import access_in_scope
from gonghui.core.errors import NotFound
from gonghui.members.models import Member
from gonghui.orgs.selectors import org_scope_path

COURSE_NOT_FOUND = "找不到该线上课程，或您无权查看。"
PORTAL_COURSE_NOT_FOUND = "找不到该课程，或课程已下架。"


def _scoped(user: User) -> QuerySet[Course]:
    return Course.objects.filter(
        mode=CourseMode.ONLINE, academy__org__path__startswith=org_scope_path(user)
    ).select_related("academy", "academy__org")


def online_course_list(*, user: User, q: str = "", published: str = "") -> QuerySet[Course]:
    courses = _scoped(user).annotate(
        learners=Count("progress"),
        completions=Count("progress", filter=Q(progress__completed_at__isnull=False)),
    )
    if q:
        courses = courses.filter(Q(title__contains=q) | Q(academy__name__contains=q))
    if published in ("1", "0"):
        courses = courses.filter(published=published == "1")
    return courses.order_by("-created_at", "-id")


def access_online_course_by_id(user: User, course_id) -> Course:
    return access_in_scope(
        _scoped(user),
        actor=user,
        message=COURSE_NOT_FOUND,
        org_of=lambda c: c.academy.org,
        pk=course_id,
        mode=CourseMode.ONLINE,
    )


@dataclass
class CourseFigures:
    learners: int
    completions: int
    seconds: int
    hours: Decimal


def course_figures(course: Course) -> CourseFigures:
    totals = course.progress.aggregate(
        learners=Count("pk"),
        completions=Count("pk", filter=Q(completed_at__isnull=False)),
        seconds=Sum("seconds_credited"),
    )
    completions = totals["completions"]
    return CourseFigures(
        learners=totals["learners"],
        completions=completions,
        seconds=totals["seconds"] or 0,
        hours=course.hours * completions,
    )


def course_learners(course: Course) -> QuerySet[LessonProgress]:
    return (
        LessonProgress.objects.filter(course=course)
        .select_related("member", "org")
        .order_by("-last_beat_at", "-id")
    )


# --- the portal ----------------------------------------------------------------------------------


def published_courses() -> QuerySet[Course]:
    return (
        Course.objects.filter(mode=CourseMode.ONLINE, published=True)
        .exclude(video="")
        .select_related("academy")
        .order_by("-created_at", "-id")
    )


def visible_course(course_id) -> Course:
    course = published_courses().filter(pk=course_id).first()
    if course is None:
        raise NotFound(PORTAL_COURSE_NOT_FOUND)
    return course


def member_progress(member: Member | None) -> dict[int, LessonProgress]:
    """Course id → the member's progress in it."""
    if member is None:
        return {}
    rows = LessonProgress.objects.filter(member=member).select_related("course", "course__academy")
    return {p.course_id: p for p in rows}


def member_enrollments(member: Member | None) -> list[Enrollment]:
    """His offline classes (not the cancelled ones), newest first."""
    if member is None:
        return []
    return list(
        Enrollment.objects.filter(member=member)
        .exclude(status=EnrollmentStatus.CANCELLED)
        .select_related("training_class", "training_class__course")
        .order_by("-created_at", "-id")
    )
