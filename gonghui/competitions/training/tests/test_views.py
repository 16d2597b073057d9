"""Workbench pages: the lists (scoped, searchable, bounded), naming an academy, a class from
its course, enrolment, sessions, attendance, 结业 and the certificate, through the pages."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document

from gonghui.audit.models import AuditLog
from gonghui.competitions.models.training import (
    Academy,
    ClassStatus,
    Enrollment,
    EnrollmentStatus,
    TrainingClass,
)
from gonghui.competitions.training.services import academy_revoke, enrollment_add, enrollment_apply
from gonghui.competitions.training.services.academies import LEVEL_ABOVE_ORG
from gonghui.conftest import VALID_IDS, login
from gonghui.inbox.models import OpenItem

pytestmark = pytest.mark.django_db


def test_the_lists_are_scoped_searchable_and_bounded(staff, tree, make_class, academy):
    for _ in range(12):
        make_class()
    client = login(staff.county_admin)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/competitions/training/classes/").content.decode()
    assert len(queries) <= 12, [q["sql"] for q in queries]
    assert "共 12 期班次" in page
    page = client.get("/competitions/training/classes/", {"q": "第3期"}).content.decode()
    assert "共 1 期班次" in page
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/competitions/training/").content.decode()
    assert len(queries) <= 12
    assert "甘肃省工匠学院" in page
    other = login(staff.tianshui_admin).get("/competitions/training/").content.decode()
    assert "共 0 所工匠学院" in other
    outside = login(staff.tianshui_admin).get(f"/competitions/training/academies/{academy.pk}/")
    assert outside.status_code == 404


def test_naming_an_academy_through_the_page(staff, tree):
    client = login(staff.city_admin)
    data = {
        "name": "兰州工匠学院",
        "level": "province",
        "org": tree.chengguan.pk,
        "named_on": "2024-06-01",
    }
    refused = client.post("/competitions/training/academies/new/", data)
    assert refused.status_code == 400
    assert (
        LEVEL_ABOVE_ORG.format(org="兰州市总工会", level="省级工匠学院") in refused.content.decode()
    )
    done = client.post("/competitions/training/academies/new/", {**data, "level": "city"})
    academy = Academy.objects.get()
    assert done["Location"] == f"/competitions/training/academies/{academy.pk}/"
    page = client.get(done["Location"]).content.decode()
    assert "市级工匠学院" in page and "撤销" in page
    revoke = client.post(
        f"/competitions/training/academies/{academy.pk}/revoke/", {"reason": "合并办学"}
    )
    assert revoke.status_code == 302
    assert Academy.objects.get().status == "revoked"


def test_class_enrolment_attendance_finish_and_certificate_through_the_pages(
    staff, tree, course, make_member
):
    client = login(staff.county_admin)
    today = timezone.localdate()
    response = client.post(
        f"/competitions/training/courses/{course.pk}/classes/new/",
        {
            "name": "焊工实操第一期",
            "org": tree.chengguan.pk,
            "starts_on": today,
            "ends_on": today + timedelta(days=3),
            "enrol_deadline": today,
            "capacity": 20,
            "location": "城关区职工培训中心",
            "pass_percent": 80,
        },
    )
    training_class = TrainingClass.objects.get()
    assert response["Location"] == f"/competitions/training/classes/{training_class.pk}/"
    member = make_member(tree.base_a, name="马建国")
    response = client.post(
        f"/competitions/training/classes/{training_class.pk}/enrol/", {"member": member.pk}
    )
    assert response.status_code == 302
    twice = client.post(
        f"/competitions/training/classes/{training_class.pk}/enrol/", {"member": member.pk}
    )
    assert twice.status_code == 409 and "不能重复报名" in twice.content.decode()
    client.post(
        f"/competitions/training/classes/{training_class.pk}/sessions/new/",
        {"held_on": today, "topic": "安全规程", "hours": "4"},
    )
    client.post(f"/competitions/training/classes/{training_class.pk}/start/")
    session = training_class.sessions.get()
    enrollment = Enrollment.objects.get()
    client.post(
        f"/competitions/training/sessions/{session.pk}/attendance/", {"present": [enrollment.pk]}
    )
    client.post(f"/competitions/training/classes/{training_class.pk}/finish/")
    assert TrainingClass.objects.get().status == ClassStatus.FINISHED
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.hours) == (EnrollmentStatus.COMPLETED, 4)
    page = client.get(f"/competitions/training/classes/{training_class.pk}/").content.decode()
    assert enrollment.certificate_no in page and "下载结业证书" in page
    download = client.get(f"/competitions/training/enrollments/{enrollment.pk}/certificate/")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(b"".join(download))).paragraphs)
    assert "马建国" in text and enrollment.certificate_no in text and "准予结业" in text
    assert "甘肃省工匠学院" in text


def test_no_certificate_before_completion(staff, tree, make_class, make_member):
    training_class = make_class()
    enrollment = enrollment_add(
        actor=staff.county_admin, training_class=training_class, member=make_member(tree.base_a)
    )
    response = login(staff.county_admin).get(
        f"/competitions/training/enrollments/{enrollment.pk}/certificate/"
    )
    assert response.status_code == 404


def test_a_union_below_enrols_but_does_not_manage(staff, tree, make_class, make_member):
    training_class = make_class()
    client = login(staff.base_admin)
    page = client.get(f"/competitions/training/classes/{training_class.pk}/").content.decode()
    assert "报名学员" in page and "/sessions/new/" not in page
    start = client.post(f"/competitions/training/classes/{training_class.pk}/start/")
    assert start.status_code == 404
    member = make_member(tree.base_a)
    response = client.post(
        f"/competitions/training/classes/{training_class.pk}/enrol/", {"member": member.pk}
    )
    assert response.status_code == 302
    assert Enrollment.objects.get().member == member


def test_a_class_corrected_while_it_takes_enrolments(
    staff, tree, make_class, make_member, make_worker
):
    training_class = make_class(name="焊工实操第一期", capacity=30)
    for n in range(2):
        enrollment_add(
            actor=staff.county_admin,
            training_class=training_class,
            member=make_member(tree.base_a, name=f"学员{n}"),
        )
    # A portal application: its 待办 (due on the deadline) follows the new deadline.
    applicant = make_member(tree.base_a, id_number=VALID_IDS[3], name="张三")
    enrollment_apply(
        worker=make_worker("13900003333", name="张三", id_number=VALID_IDS[3], member=applicant),
        training_class=training_class,
    )
    url = f"/competitions/training/classes/{training_class.pk}/edit/"
    client = login(staff.county_admin)
    page = client.get(url).content.decode()
    assert 'value="焊工实操第一期"' in page and 'value="30"' in page
    fields = {
        "name": "焊工实操第一期（周末班）",
        "starts_on": training_class.starts_on.isoformat(),
        "ends_on": training_class.ends_on.isoformat(),
        "enrol_deadline": (training_class.enrol_deadline + timedelta(days=2)).isoformat(),
        "capacity": "1",
        "location": "城关区职工服务中心三楼",
        "pass_percent": "80",
    }
    # Fewer places than the two trainees already in: refused, nothing written.
    refused = client.post(url, fields)
    assert refused.status_code == 400 and "已有2人报名，名额不能少于2个" in refused.content.decode()
    training_class.refresh_from_db()
    assert (training_class.name, training_class.capacity) == ("焊工实操第一期", 30)

    assert client.post(url, {**fields, "capacity": "20"}).status_code == 302
    training_class.refresh_from_db()
    assert training_class.name == "焊工实操第一期（周末班）"
    assert (training_class.capacity, training_class.location) == (20, "城关区职工服务中心三楼")
    item = OpenItem.objects.get(kind="competitions.training.confirm")
    assert timezone.localtime(item.due_at).date() == training_class.enrol_deadline
    row = AuditLog.objects.filter(action="competitions.training.class_update").get()
    assert row.changes["capacity"] == ["30", "20"] and "pass_percent" not in row.changes

    # A union below may enrol but not correct the class; once started, nobody edits it.
    assert login(staff.base_admin).post(url, fields).status_code == 404
    client.post(f"/competitions/training/classes/{training_class.pk}/start/")
    late = client.post(url, {**fields, "capacity": "25"})
    assert late.status_code == 400 and "不能修改" in late.content.decode()
    training_class.refresh_from_db()
    assert training_class.capacity == 20


def test_a_course_corrected_by_its_host_and_not_once_the_academy_is_revoked(staff, tree, course):
    url = f"/competitions/training/courses/{course.pk}/edit/"
    client = login(staff.county_admin)
    page = client.get(url).content.decode()
    assert 'value="焊工实操"' in page and 'name="mode"' not in page  # its form stays
    fields = {"title": "焊工实操（中级）", "trade": "焊工", "hours": "0.3", "intro": ""}
    refused = client.post(url, fields)
    assert refused.status_code == 400
    course.refresh_from_db()
    assert (course.title, course.hours) == ("焊工实操", 16)

    assert client.post(url, {**fields, "hours": "24"}).status_code == 302
    course.refresh_from_db()
    assert (course.title, course.hours, course.mode) == ("焊工实操（中级）", 24, "offline")
    row = AuditLog.objects.get(action="competitions.training.course_update")
    assert row.changes["hours"] == ["16.0", "24.0"] and "trade" not in row.changes

    # Outside the host's subtree it answers as missing; once the academy is revoked, nobody edits it.
    outside = login(staff.sibling_admin).post(url, {**fields, "hours": "8"})
    assert outside.status_code == 404
    academy_revoke(actor=staff.sysadmin, academy=course.academy, reason="不再符合条件")
    late = client.post(url, {**fields, "hours": "8"})
    assert late.status_code == 400 and "已撤销" in late.content.decode()
    course.refresh_from_db()
    assert course.hours == 24
