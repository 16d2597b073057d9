"""Writes of online courses by the staff: the video (with its length) and 上架/下架. Each checks
the course is in the actor's subtree, writes its audit row in the same transaction, and leaves
nothing written when it refuses."""

import secrets

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.competitions.models.training import Course, CourseMode
from gonghui.competitions.training.online import video as v
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.orgs.selectors import org_in_scope

OUT_OF_SCOPE = "您只能管理本工会及下级工会范围内工匠学院的线上课程。"
NOT_ONLINE = "这是线下课程，线下课程请在班次中管理。"
VIDEO_MISSING = "请选择要上传的视频文件。"
VIDEO_TOO_LARGE = "视频不能超过 {limit} MB（当前 {size:.1f} MB），请压缩后重新上传。"
VIDEO_TYPE = "只能上传 MP4 或 WebM 格式的视频。"
SECONDS_NEEDED = "无法从该视频读出时长，请填写视频时长（秒）。"
SECONDS_RANGE = "视频时长应在 1 至 {max} 秒之间。"
PUBLISH_NEEDS_VIDEO = "请先上传课程视频并填写时长，再上架。"


def _locked(actor: User, course: Course) -> Course:
    course = (
        Course.objects.select_for_update(of=("self",))
        .select_related("academy", "academy__org")
        .get(pk=course.pk)
    )
    org = course.academy.org
    if not org_in_scope(actor, org):
        raise denial(
            Forbidden(OUT_OF_SCOPE), actor=actor, action="access.denied", obj=course, org=org
        )
    if course.mode != CourseMode.ONLINE:
        raise ApplicationError(NOT_ONLINE)
    return course


def _check_seconds(seconds: int | None) -> int:
    if seconds is None:
        raise ApplicationError(SECONDS_NEEDED, field="video_seconds")
    if not 1 <= seconds <= v.VIDEO_MAX_SECONDS:
        raise ApplicationError(SECONDS_RANGE.format(max=v.VIDEO_MAX_SECONDS), field="video_seconds")
    return seconds


@atomic_keeping_denials
def _check_course(actor: User, course: Course) -> None:
    _locked(actor, course)


def _check_video(upload, seconds: int | None) -> tuple[str, int]:
    """The upload's content type and length, or a refusal."""
    if upload is None or not upload.size:
        raise ApplicationError(VIDEO_MISSING, field="video")
    if upload.size > v.VIDEO_MAX_BYTES:
        raise ApplicationError(
            VIDEO_TOO_LARGE.format(limit=v.VIDEO_MAX_BYTES // v.MB, size=upload.size / v.MB),
            field="video",
        )
    upload.seek(0)
    kind = v.sniff(upload.read(64))
    if kind is None:
        raise ApplicationError(VIDEO_TYPE, field="video")
    measured = v.mp4_seconds(upload) if kind == v.MP4 else None
    upload.seek(0)
    return kind, _check_seconds(measured if measured else seconds)


def course_video_upload(
    *, actor: User, course: Course, upload, seconds: int | None = None
) -> Course:
    """Store the course's video under a random name; its length is read from an MP4's `mvhd`,
    else `seconds` as the staff entered it. The previous file is deleted once this commits.

    The file (up to 1 GB) is written before the transaction, not inside it: on SQLite a write
    transaction holds the whole database. It is deleted again if the course is not updated."""
    _check_course(actor, course)
    kind, seconds = _check_video(upload, seconds)
    field = Course._meta.get_field("video")
    name = field.storage.save(
        field.generate_filename(course, secrets.token_hex(16) + v.EXTENSIONS[kind]), upload
    )
    try:
        return _attach_video(
            actor=actor, course=course, name=name, seconds=seconds, size=upload.size
        )
    except BaseException:
        field.storage.delete(name)
        raise


@atomic_keeping_denials
def _attach_video(*, actor: User, course: Course, name: str, seconds: int, size: int) -> Course:
    course = _locked(actor, course)
    old = course.video.name
    before = course.video_seconds
    course.video.name = name
    course.video_seconds = seconds
    course.save(update_fields=["video", "video_seconds"])
    if old:
        storage = course.video.storage
        transaction.on_commit(lambda: storage.delete(old))
    audit_record(
        actor=actor,
        action="competitions.training.online.video",
        obj=course,
        org=course.academy.org,
        changes={"course": course.title, "video_seconds": [before, seconds], "bytes": size},
    )
    return course


@atomic_keeping_denials
def course_publish(*, actor: User, course: Course, published: bool) -> Course:
    course = _locked(actor, course)
    if published and not (course.video and course.video_seconds):
        raise ApplicationError(PUBLISH_NEEDS_VIDEO)
    if course.published == published:
        return course
    course.published = published
    course.save(update_fields=["published"])
    audit_record(
        actor=actor,
        action=f"competitions.training.online.{'publish' if published else 'unpublish'}",
        obj=course,
        org=course.academy.org,
        changes={"course": course.title, "published": [not published, published]},
    )
    return course
