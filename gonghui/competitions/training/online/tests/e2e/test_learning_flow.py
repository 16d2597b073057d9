"""The online course journey in a real Chromium: 城关区's admin uploads the sample video and
puts the course on the shelf (desktop); a worker who is a member opens it on his phone (375 px),
the video plays, the player's heartbeats are credited by the server, and 「我的学习记录」 shows the
time (issue 16). The heartbeat interval is 2 s here (a setting) so the test takes seconds."""

import re
import time

import pytest
from playwright.sync_api import expect

from gonghui.competitions.models.training import Course, LessonProgress
from gonghui.competitions.training.online.services import course_publish, course_video_upload
from gonghui.competitions.training.online.tests.conftest import upload
from gonghui.conftest import log_in, log_in_browser, shot
from gonghui.demo.training_online import SAMPLE

pytestmark = pytest.mark.browser


def test_staff_upload_the_video_and_publish_the_course(
    live_server, transactional_db, staff, make_course, browser_page
):
    page = browser_page
    course = make_course(title="电焊工安全操作规范")
    log_in(page, live_server.url, staff.county_admin.username)
    page.goto(f"{live_server.url}/competitions/training/online/")
    page.get_by_role("link", name="电焊工安全操作规范").click()
    page.get_by_label("课程视频").set_input_files(str(SAMPLE))
    page.get_by_label("视频时长（秒）").fill("60")
    page.get_by_role("button", name="上传").click()
    expect(page.locator(".messages")).to_contain_text("课程视频已上传（时长 60 秒）")
    page.get_by_role("button", name="上架").click()
    expect(page.get_by_test_id("course-status")).to_have_text("已上架")
    duration = page.locator("video.course-preview").evaluate(
        "v => new Promise(r => v.readyState >= 1 ? r(v.duration)"
        " : v.addEventListener('loadedmetadata', () => r(v.duration)))"
    )
    assert 55 < duration < 61
    shot(page, "training-online-01-course-1360")
    course.refresh_from_db()
    assert course.published and course.video_seconds == 60


def test_a_worker_watches_on_his_phone_and_the_record_shows_the_time(
    live_server,
    transactional_db,
    settings,
    staff,
    tree,
    make_course,
    make_member,
    make_worker,
    mobile_page,
):
    settings.GONGHUI_LEARNING_BEAT_SECONDS = 2
    course = make_course(title="低压电工安全用电")
    course_video_upload(
        actor=staff.county_admin,
        course=course,
        upload=upload(SAMPLE.read_bytes(), "sample.webm"),
        seconds=60,
    )
    course_publish(actor=staff.county_admin, course=course, published=True)
    member = make_member(tree.base_a, name="王建国")
    worker = make_worker(
        "13800138000", name="王建国", id_number="620102198506060044", member=member
    )
    page = mobile_page
    log_in_browser(page, live_server.url, worker)
    page.goto(f"{live_server.url}/m/")
    page.get_by_role("link", name="在线学习").click()
    page.get_by_test_id("course").filter(has_text="低压电工安全用电").click()
    video = page.locator("#l-video")
    expect(video).to_be_visible()
    started = time.monotonic()
    video.evaluate("v => { v.muted = true; return v.play(); }")
    status = page.get_by_test_id("learning-status")
    expect(status).to_contain_text(re.compile(r"已计学习时长 [1-9]\d* 秒"), timeout=15_000)
    page.wait_for_timeout(2500)
    # The pause posts a last beat (the timer stops): let it land before reading the credit.
    with page.expect_response(lambda r: "/beat/" in r.url):
        video.evaluate("v => v.pause()")
    page.wait_for_timeout(1000)  # a beat of the interval still on its way lands too
    watched = time.monotonic() - started
    shot(page, "training-online-02-player-375")
    progress = LessonProgress.objects.get(course=course, member=member)
    assert 0 < progress.seconds_credited <= watched + 1  # never more than the real time
    assert progress.position > 0

    page.goto(f"{live_server.url}/m/learning/")
    record = page.locator("#record-online")
    expect(record).to_contain_text("低压电工安全用电")
    expect(record).to_contain_text(f"已计时长 {progress.seconds_credited} 秒")
    shot(page, "training-online-03-record-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert Course.objects.get(pk=course.pk).published
