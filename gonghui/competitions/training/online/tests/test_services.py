from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.audit.models import AuditLog
from gonghui.competitions.models.training import Course, CourseMode
from gonghui.competitions.training.online import services as svc
from gonghui.competitions.training.online.tests.conftest import WEBM, mp4_bytes, upload
from gonghui.competitions.training.online.video import VIDEO_MAX_BYTES, VIDEO_MAX_SECONDS
from gonghui.core.errors import ApplicationError, Forbidden

pytestmark = pytest.mark.django_db


def test_upload_stores_an_mp4_under_a_random_name_with_its_mvhd_length(make_course, staff):
    course = make_course()
    done = svc.course_video_upload(
        actor=staff.county_admin,
        course=course,
        upload=upload(mp4_bytes(754), "焊接.mp4"),
        seconds=5,
    )
    assert done.video_seconds == 754  # read from the file, not what was typed
    name = Path(done.video.name)
    assert name.parent.as_posix().startswith("training/videos/")
    assert name.suffix == ".mp4" and len(name.stem) == 32 and "焊接" not in name.name
    assert Path(done.video.path).read_bytes() == mp4_bytes(754)
    log = AuditLog.objects.get(action="competitions.training.online.video")
    assert log.changes["video_seconds"] == [None, 754]
    assert log.org_path == course.academy.org.path


def test_a_webm_takes_the_length_the_staff_entered(make_course, staff):
    course = make_course()
    with pytest.raises(ApplicationError) as refused:
        svc.course_video_upload(
            actor=staff.county_admin, course=course, upload=upload(WEBM, "a.webm")
        )
    assert refused.value.message == svc.SECONDS_NEEDED
    done = svc.course_video_upload(
        actor=staff.county_admin, course=course, upload=upload(WEBM, "a.webm"), seconds=300
    )
    assert done.video_seconds == 300 and done.video.name.endswith(".webm")


@pytest.mark.parametrize("seconds", [0, VIDEO_MAX_SECONDS + 1])
def test_an_entered_length_out_of_range_is_refused(make_course, staff, seconds):
    course = make_course()
    with pytest.raises(ApplicationError) as refused:
        svc.course_video_upload(
            actor=staff.county_admin, course=course, upload=upload(WEBM), seconds=seconds
        )
    assert refused.value.message == svc.SECONDS_RANGE.format(max=VIDEO_MAX_SECONDS)
    assert not Course.objects.get(pk=course.pk).video


def test_a_file_that_is_no_video_is_refused_whatever_its_name(make_course, staff, media_root):
    course = make_course()
    with pytest.raises(ApplicationError) as refused:
        svc.course_video_upload(
            actor=staff.county_admin, course=course, upload=upload(b"%PDF-1.7" + b"0" * 100)
        )
    assert refused.value.message == svc.VIDEO_TYPE
    assert not Course.objects.get(pk=course.pk).video
    assert not media_root.exists() or not any(media_root.rglob("*.mp4"))


def test_a_video_over_the_limit_is_refused_before_it_is_read(make_course, staff):
    course = make_course()
    big = SimpleUploadedFile("big.mp4", mp4_bytes(10))
    big.size = VIDEO_MAX_BYTES + 1
    with pytest.raises(ApplicationError) as refused:
        svc.course_video_upload(actor=staff.county_admin, course=course, upload=big)
    assert refused.value.message.startswith("视频不能超过 1024 MB")


def test_a_new_video_replaces_the_old_file(make_course, staff, django_capture_on_commit_callbacks):
    course = make_course()
    first = svc.course_video_upload(
        actor=staff.county_admin, course=course, upload=upload(mp4_bytes(10))
    )
    old = Path(first.video.path)
    with django_capture_on_commit_callbacks(execute=True):
        second = svc.course_video_upload(
            actor=staff.county_admin, course=course, upload=upload(mp4_bytes(20))
        )
    assert second.video_seconds == 20 and Path(second.video.path).exists()
    assert not old.exists()


def test_a_course_outside_the_subtree_is_refused_and_the_refusal_audited(
    make_course, tianshui_academy, staff
):
    course = make_course(on=tianshui_academy)
    with pytest.raises(Forbidden):
        svc.course_video_upload(
            actor=staff.county_admin, course=course, upload=upload(mp4_bytes(10))
        )
    assert not Course.objects.get(pk=course.pk).video
    assert AuditLog.objects.filter(action="access.denied", actor=staff.county_admin).exists()


def test_an_offline_course_takes_no_video(make_course, staff):
    course = make_course(mode=CourseMode.OFFLINE)
    with pytest.raises(ApplicationError) as refused:
        svc.course_video_upload(
            actor=staff.county_admin, course=course, upload=upload(mp4_bytes(10))
        )
    assert refused.value.message == svc.NOT_ONLINE


def test_publishing_needs_a_video_and_is_audited(make_course, staff):
    course = make_course()
    with pytest.raises(ApplicationError) as refused:
        svc.course_publish(actor=staff.county_admin, course=course, published=True)
    assert refused.value.message == svc.PUBLISH_NEEDS_VIDEO
    svc.course_video_upload(actor=staff.county_admin, course=course, upload=upload(mp4_bytes(9)))
    assert svc.course_publish(actor=staff.county_admin, course=course, published=True).published
    assert not svc.course_publish(
        actor=staff.county_admin, course=course, published=False
    ).published
    actions = list(
        AuditLog.objects.filter(action__startswith="competitions.training.online.p")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["competitions.training.online.publish"]
    assert AuditLog.objects.filter(action="competitions.training.online.unpublish").count() == 1
