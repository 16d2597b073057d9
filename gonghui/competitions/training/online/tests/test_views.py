import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.competitions.models.training import Course, Enrollment, LessonProgress, TrainingClass
from gonghui.competitions.training.online.learning import progress_beat
from gonghui.competitions.training.online.services import course_publish, course_video_upload
from gonghui.competitions.training.online.tests.conftest import mp4_bytes, upload
from gonghui.conftest import login

pytestmark = pytest.mark.django_db

VIDEO = mp4_bytes(100)


def test_the_list_shows_the_online_courses_in_scope_only(make_course, tianshui_academy, staff):
    make_course(title="城关区焊接课")
    make_course(title="城关区线下课", mode="offline")
    make_course(title="天水钳工课", on=tianshui_academy)
    page = login(staff.county_admin).get(reverse("training_online:list")).content.decode()
    assert "城关区焊接课" in page
    assert "天水钳工课" not in page and "城关区线下课" not in page
    province = login(staff.sysadmin).get(reverse("training_online:list")).content.decode()
    assert "天水钳工课" in province


def test_the_list_and_page_need_the_permission(make_course, staff):
    course = make_course()
    client = login(staff.county_auditor)
    assert client.get(reverse("training_online:list")).status_code == 403
    assert client.get(reverse("training_online:course", args=[course.pk])).status_code == 403


def test_a_course_outside_the_subtree_answers_as_missing(make_course, tianshui_academy, staff):
    course = make_course(on=tianshui_academy)
    client = login(staff.county_admin)
    outside = client.get(reverse("training_online:course", args=[course.pk]))
    missing = client.get(reverse("training_online:course", args=[987654]))
    assert outside.status_code == missing.status_code == 404


def test_upload_publish_and_unpublish_from_the_course_page(make_course, staff):
    course = make_course()
    client = login(staff.county_admin)
    url = reverse("training_online:course", args=[course.pk])
    refused = client.post(reverse("training_online:publish", args=[course.pk]), follow=True)
    assert "请先上传课程视频" in refused.content.decode()
    response = client.post(
        reverse("training_online:upload", args=[course.pk]), {"video": upload(VIDEO)}
    )
    assert response.status_code == 302 and response["Location"] == url
    client.post(reverse("training_online:publish", args=[course.pk]))
    assert Course.objects.get(pk=course.pk).published
    page = client.get(url).content.decode()
    assert "100 秒" in page and 'data-testid="course-status">已上架' in page
    client.post(reverse("training_online:unpublish", args=[course.pk]))
    assert not Course.objects.get(pk=course.pk).published


def test_a_bad_upload_shows_the_message_and_writes_nothing(make_course, staff):
    course = make_course()
    response = login(staff.county_admin).post(
        reverse("training_online:upload", args=[course.pk]),
        {"video": upload(b"GIF89a" + b"\x00" * 100, "x.mp4")},
    )
    assert response.status_code == 400
    assert "只能上传 MP4 或 WebM 格式的视频。" in response.content.decode()
    assert not Course.objects.get(pk=course.pk).video


def test_the_progress_view_counts_and_masks_learners(published_course, learner, staff):
    progress_beat(member=learner, course=published_course, position=0)
    page = login(staff.county_admin).get(
        reverse("training_online:course", args=[published_course.pk])
    )
    html = page.content.decode()
    assert "李*" in html and "李四" not in html
    assert re.search(r"<dt>学习人次</dt><dd>1</dd>", html)


def test_the_progress_view_paginates_in_a_bounded_number_of_queries(
    published_course, staff, tree, make_member, django_assert_max_num_queries
):
    for n in range(25):
        progress_beat(
            member=make_member(tree.base_a, name=f"学员{n}"), course=published_course, position=0
        )
    client = login(staff.county_admin)
    url = reverse("training_online:course", args=[published_course.pk])
    with django_assert_max_num_queries(20):
        first = client.get(url).content.decode()
    assert first.count("<td>学*") == 20
    assert client.get(url, {"page": 2}).content.decode().count("<td>学*") == 5


# --- the video ---------------------------------------------------------------------------------


@pytest.fixture
def video_url(published_course):
    return reverse("training_online:video", args=[published_course.pk])


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_no_range_sends_the_whole_file(video_url, staff):
    response = login(staff.county_admin).get(video_url)
    assert response.status_code == 200
    assert _body(response) == VIDEO
    assert response["Accept-Ranges"] == "bytes" and response["Content-Type"] == "video/mp4"


def test_a_range_sends_206_with_content_range(video_url, staff):
    response = login(staff.county_admin).get(video_url, HTTP_RANGE="bytes=10-19")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10-19/{len(VIDEO)}"
    assert response["Content-Length"] == "10"
    assert _body(response) == VIDEO[10:20]
    tail = login(staff.county_admin).get(video_url, HTTP_RANGE="bytes=-4")
    assert _body(tail) == VIDEO[-4:]


@pytest.mark.parametrize("header", [f"bytes={len(VIDEO)}-", "bytes=50-10", "bytes=abc"])
def test_a_bad_range_is_416(video_url, staff, header):
    response = login(staff.county_admin).get(video_url, HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(VIDEO)}"


def test_with_an_accel_prefix_nginx_sends_the_file(video_url, staff, settings, published_course):
    settings.GONGHUI_MEDIA_ACCEL_PREFIX = "/protected-media/"
    response = login(staff.county_admin).get(video_url, HTTP_RANGE="bytes=0-9")
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{published_course.video.name}"
    assert response["Content-Type"] == "video/mp4"


def test_the_staff_video_is_refused_outside_the_subtree(make_course, tianshui_academy, staff):
    course = make_course(on=tianshui_academy)
    course.video = "training/videos/x.mp4"
    course.save(update_fields=["video"])
    response = login(staff.county_admin).get(reverse("training_online:video", args=[course.pk]))
    assert response.status_code == 404


# --- the portal ------------------------------------------------------------------------------


@pytest.fixture
def learner_client(make_worker, worker_client, learner):
    worker = make_worker("13800138000", name="李四", id_number="620102198506060044", member=learner)
    return worker_client(worker)


def test_the_portal_video_needs_a_logged_in_worker_and_a_published_course(
    client, learner_client, published_course, staff
):
    url = reverse("learning:video", args=[published_course.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/m/login/" in anonymous["Location"]
    response = learner_client.get(url, HTTP_RANGE="bytes=0-3")
    assert response.status_code == 206 and _body(response) == VIDEO[:4]
    course_publish(actor=staff.county_admin, course=published_course, published=False)
    assert learner_client.get(url).status_code == 404


def test_the_beat_endpoint_answers_what_the_server_credited(learner_client, published_course):
    url = reverse("learning:beat", args=[published_course.pk])
    first = learner_client.post(url, {"position": "12", "seconds": "9999", "duration": "100"})
    assert first.json() == {
        "accepted": True,
        "credited": 0,
        "seconds": 0,
        "percent": 0,
        "completed": False,
    }
    again = learner_client.post(url, {"position": "13"})
    assert again.json()["accepted"] is False  # too fast
    assert LessonProgress.objects.get().position == 13


def test_the_beat_of_a_worker_without_membership_is_refused(
    make_worker, worker_client, published_course
):
    client = worker_client(make_worker("13800138001"))
    response = client.post(reverse("learning:beat", args=[published_course.pk]), {"position": 1})
    assert response.status_code == 400
    assert response.json()["message"] == "在线学习需要先完成实名认证并成为工会会员。"
    assert not LessonProgress.objects.exists()


def test_the_player_page(learner_client, published_course):
    html = learner_client.get(reverse("learning:course", args=[published_course.pk])).content
    html = html.decode()
    assert f'src="/m/learning/{published_course.pk}/video/"' in html
    assert 'data-interval="15"' in html and "portal/learning.js" in html
    assert "<script>" not in html


def test_the_learning_record_shows_online_and_offline_hours(
    learner_client, published_course, learner, tree
):
    for n in range(8):
        progress_beat(
            member=learner,
            course=published_course,
            position=0,
            now=timezone.now() - timedelta(seconds=200) + timedelta(seconds=15 * n),
        )
    offline = Course.objects.create(
        academy=published_course.academy, title="电工实操", mode="offline", hours=Decimal("16")
    )
    klass = TrainingClass.objects.create(
        course=offline,
        name="电工实操第1期",
        org=tree.chengguan,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 5),
        enrol_deadline=date(2026, 2, 20),
        capacity=30,
    )
    Enrollment.objects.create(
        training_class=klass,
        member=learner,
        status="completed",
        hours=Decimal("14.0"),
        certificate_no="GJXY-2026-0001",
    )
    html = learner_client.get(reverse("learning:home")).content.decode()
    assert "焊接基础" in html and "已学完" in html
    assert "电工实操第1期" in html and "GJXY-2026-0001" in html
    assert re.search(r"累计学时 <strong>16\.0</strong>（线上 2\.0，线下 14\.0）", html)


def test_the_learning_home_for_a_visitor_lists_courses_only(client, published_course):
    html = client.get(reverse("learning:home")).content.decode()
    assert "焊接基础" in html and "登录</a>后查看您的学习记录" in html


def test_an_unpublished_course_is_not_listed_and_its_page_is_404(learner_client, make_course):
    course = make_course(title="未上架课程")
    assert "未上架课程" not in learner_client.get(reverse("learning:home")).content.decode()
    assert learner_client.get(reverse("learning:course", args=[course.pk])).status_code == 404


def test_the_portal_home_links_to_learning(client):
    assert 'href="/m/learning/"' in client.get("/m/").content.decode()


def test_the_learning_home_reads_a_fixed_number_of_queries(
    learner_client, learner, make_course, staff, django_assert_max_num_queries
):
    for n in range(6):
        course = make_course(title=f"课程{n}")
        course_video_upload(actor=staff.county_admin, course=course, upload=upload(VIDEO))
        course_publish(actor=staff.county_admin, course=course, published=True)
        progress_beat(member=learner, course=course, position=0)
    with django_assert_max_num_queries(9):
        html = learner_client.get(reverse("learning:home")).content.decode()
    assert html.count('data-testid="course"') == 6
    assert html.count("未学完（0%）") == 6


def test_the_staff_list_reads_a_fixed_number_of_queries(
    make_course, staff, django_assert_max_num_queries
):
    for n in range(25):
        make_course(title=f"课程{n}")
    client = login(staff.county_admin)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("training_online:list")).content.decode()
    assert html.count('<td><a href="/competitions/training/online/') == 20


def test_a_beat_for_a_course_taken_off_the_shelf_answers_in_json(
    learner_client, published_course, staff
):
    course_publish(actor=staff.county_admin, course=published_course, published=False)
    response = learner_client.post(reverse("learning:beat", args=[published_course.pk]))
    assert response.status_code == 404
    assert response.json() == {"accepted": False, "message": "找不到该课程，或课程已下架。"}


def test_the_member_record_shows_his_online_courses(published_course, learner, staff):
    progress_beat(member=learner, course=published_course, position=0)
    html = login(staff.county_admin).get(reverse("members:detail", args=[learner.pk]))
    html = html.content.decode()
    assert "线上学习" in html and 'id="online-learning-record"' in html
    assert "焊接基础" in html and "未学完" in html
