"""Portal pages of 在线学习 (工匠学院's online courses, namespace `learning`, at `/m/learning/`):
the published courses with the worker's progress and 「我的学习记录」 (his online courses and his
offline classes, with the hours), the player, its heartbeats and the video.

The competitions app decides everything (`competitions.training.online`): the player page only
posts heartbeats; the time credited is the server's (see `learning.progress_beat`).
"""

from decimal import Decimal

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import public
from gonghui.competitions.models.training import EnrollmentStatus
from gonghui.competitions.training.online import selectors as sel
from gonghui.competitions.training.online.learning import (
    beat_seconds,
    progress_beat,
    seconds_to_complete,
)
from gonghui.competitions.training.online.video import content_type_of, video_response
from gonghui.core.errors import ApplicationError
from gonghui.portal.auth import current_worker, worker_required

app_name = "learning"

COURSES = 50


def _member(request):
    worker = current_worker(request)
    member = worker.member if worker is not None else None
    return member if member is not None and member.is_holding else None


def _percent(progress, course) -> int:
    if progress is None or not course.video_seconds:
        return 0
    return min(100, progress.seconds_credited * 100 // seconds_to_complete(course))


@public
def learning_home(request):
    member = _member(request)
    progress = sel.member_progress(member)
    courses = list(sel.published_courses()[:COURSES])
    for course in courses:
        course.mine = progress.get(course.pk)
        course.percent = _percent(course.mine, course)
    mine = sorted(progress.values(), key=lambda p: p.started_at, reverse=True)
    for p in mine:
        p.percent = _percent(p, p.course)
    enrollments = sel.member_enrollments(member)
    online_hours = sum((p.course.hours for p in mine if p.completed_at), Decimal(0))
    offline_hours = sum((e.hours for e in enrollments), Decimal(0))
    context = {
        "worker": current_worker(request),
        "member": member,
        "courses": courses,
        "mine": mine,
        "enrollments": enrollments,
        "completed_status": EnrollmentStatus.COMPLETED,
        "online_hours": online_hours,
        "offline_hours": offline_hours,
        "total_hours": online_hours + offline_hours,
        "tab": "home",
    }
    return render(request, "portal/learning/home.html", context)


@worker_required
def course_page(request, course_id):
    course = sel.visible_course(course_id)
    member = _member(request)
    progress = sel.member_progress(member).get(course.pk)
    context = {
        "course": course,
        "member": member,
        "progress": progress,
        "percent": _percent(progress, course),
        "to_complete": seconds_to_complete(course),
        "interval": beat_seconds(),
        "tab": "home",
    }
    return render(request, "portal/learning/course.html", context)


@worker_required
@require_POST
def course_beat(request, course_id):
    """One heartbeat of the player (JSON). Only `position` is read from the request."""
    try:
        course = sel.visible_course(course_id)
        beat = progress_beat(
            member=_member(request), course=course, position=request.POST.get("position", 0)
        )
    except ApplicationError as exc:
        return JsonResponse({"accepted": False, "message": exc.message}, status=exc.status)
    progress = beat.progress
    return JsonResponse(
        {
            "accepted": beat.accepted,
            "credited": beat.credited,
            "seconds": progress.seconds_credited,
            "percent": _percent(progress, course),
            "completed": progress.completed_at is not None,
        }
    )


@worker_required
def course_video(request, course_id):
    course = sel.visible_course(course_id)
    return video_response(
        course.video, content_type_of(course.video.name), request.headers.get("Range", "")
    )


urlpatterns = [
    path("", learning_home, name="home"),
    path("<int:course_id>/", course_page, name="course"),
    path("<int:course_id>/beat/", course_beat, name="beat"),
    path("<int:course_id>/video/", course_video, name="video"),
]
