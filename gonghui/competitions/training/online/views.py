"""Workbench pages of online courses: the list (in scope), a course's page with its video (upload,
preview, 上架/下架) and its learners (names masked), and the video itself for the preview."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.competitions.training.online import selectors as sel
from gonghui.competitions.training.online.forms import CourseFilterForm, VideoForm
from gonghui.competitions.training.online.learning import seconds_to_complete
from gonghui.competitions.training.online.services import course_publish, course_video_upload
from gonghui.competitions.training.online.video import (
    VIDEO_MAX_BYTES,
    content_type_of,
    video_response,
)
from gonghui.core.errors import NotFound
from gonghui.core.forms import NOT_SUBMITTED, attempt, form_action
from gonghui.core.masking import mask_name

UPLOADED = "课程视频已上传（时长 {seconds} 秒）。"
PUBLISHED = "课程「{title}」已上架，职工可在「在线学习」中观看。"
UNPUBLISHED = "课程「{title}」已下架。"
NO_VIDEO = "该课程尚未上传视频。"


@permission_required(Perm.TRAINING_ONLINE_MANAGE)
def course_list_view(request):
    form = CourseFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    courses = sel.online_course_list(
        user=request.user, q=data.get("q", ""), published=data.get("published", "")
    )
    page = Paginator(courses, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/online/list.html", {"form": form, "page_obj": page})


def _course_page(request, course, form, status=200):
    learners = Paginator(sel.course_learners(course), settings.MEMBERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for progress in learners:
        progress.masked_name = mask_name(progress.member.name)
    ctx = {
        "course": course,
        "form": form,
        "figures": sel.course_figures(course),
        "page_obj": learners,
        "to_complete": seconds_to_complete(course),
        "max_mb": VIDEO_MAX_BYTES // (1024 * 1024),
    }
    return render(request, "training/online/course.html", ctx, status=status)


@permission_required(Perm.TRAINING_ONLINE_MANAGE)
def course_view(request, course_id):
    course = sel.access_online_course_by_id(request.user, course_id)
    return _course_page(request, course, VideoForm())


@permission_required(Perm.TRAINING_ONLINE_MANAGE)
@require_http_methods(["POST"])
def course_video_upload_view(request, course_id):
    course = sel.access_online_course_by_id(request.user, course_id)
    form = VideoForm(request.POST, request.FILES)
    return form_action(
        request,
        form,
        lambda data: course_video_upload(
            actor=request.user, course=course, upload=data["video"], seconds=data["seconds"]
        ),
        invalid=lambda status: _course_page(request, course, form, status=status),
        done=lambda result: UPLOADED.format(seconds=result.video_seconds),
        then=redirect("training_online:course", course_id=course.pk),
    )


def _publish(request, course_id, published: bool, message: str):
    course = sel.access_online_course_by_id(request.user, course_id)
    done = attempt(
        request, lambda: course_publish(actor=request.user, course=course, published=published)
    )
    if done is not NOT_SUBMITTED:
        messages.success(request, message.format(title=done.title))
    return redirect("training_online:course", course_id=course.pk)


@permission_required(Perm.TRAINING_ONLINE_MANAGE)
@require_POST
def course_publish_view(request, course_id):
    return _publish(request, course_id, True, PUBLISHED)


@permission_required(Perm.TRAINING_ONLINE_MANAGE)
@require_POST
def course_unpublish_view(request, course_id):
    return _publish(request, course_id, False, UNPUBLISHED)


@permission_required(Perm.TRAINING_ONLINE_MANAGE)
def course_video_view(request, course_id):
    """The course's video for the staff's preview (published or not)."""
    course = sel.access_online_course_by_id(request.user, course_id)
    if not course.video:
        raise NotFound(NO_VIDEO)
    return video_response(
        course.video, content_type_of(course.video.name), request.headers.get("Range", "")
    )
