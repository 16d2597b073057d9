"""Sessions, attendance and 结业: an enrolment's hours are its attended sessions' hours; at the
end each trainee completes if they reach the pass percent, and a completed one gets a unique
certificate number."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.competitions.models.training import ClassStatus, Enrollment, EnrollmentStatus
from gonghui.competitions.training.services import (
    attendance_record,
    class_finish,
    class_start,
    enrollment_add,
    session_add,
)
from gonghui.competitions.training.services.sessions import (
    ATTENDANCE_CLOSED,
    DATE_OUTSIDE,
    HOURS_INVALID,
    NOT_TRAINEE,
    SESSION_AHEAD,
)
from gonghui.competitions.training.tests.conftest import stat, this_month
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.inbox.selectors import visible_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(make_class, make_member, staff, tree):
    """A class with three trainees and two sessions of 4 学时 today, started."""
    training_class = make_class(pass_percent=75)
    trainees = [
        enrollment_add(
            actor=staff.county_admin,
            training_class=training_class,
            member=make_member(tree.base_a, name=name),
        )
        for name in ("马建国", "王芳", "赵强")
    ]
    today = timezone.localdate()
    sessions = [
        session_add(
            actor=staff.county_admin,
            training_class=training_class,
            held_on=today,
            hours=Decimal("4"),
            topic=topic,
        )
        for topic in ("安全规程", "实操训练")
    ]
    class_start(actor=staff.county_admin, training_class=training_class)
    return training_class, trainees, sessions


def test_hours_are_the_attended_sessions_hours(running, staff, tree):
    training_class, (ma, wang, zhao), (first, second) = running
    attendance_record(actor=staff.county_admin, session=first, present=[ma.pk, wang.pk])
    attendance_record(actor=staff.county_admin, session=second, present=[ma.pk])
    hours = dict(Enrollment.objects.values_list("member__name", "hours"))
    assert hours == {"马建国": Decimal("8"), "王芳": Decimal("4"), "赵强": Decimal("0")}
    assert stat(tree.chengguan, "training.tenth_hours", this_month()) == 120
    # Recording a session again replaces its attendance.
    attendance_record(actor=staff.county_admin, session=first, present=[zhao.pk])
    hours = dict(Enrollment.objects.values_list("member__name", "hours"))
    assert hours == {"马建国": Decimal("4"), "王芳": Decimal("0"), "赵强": Decimal("4")}
    assert stat(tree.province, "training.tenth_hours", this_month()) == 80


def test_finishing_completes_those_who_reach_the_pass_percent(running, staff, tree):
    training_class, (ma, wang, zhao), (first, second) = running
    attendance_record(actor=staff.county_admin, session=first, present=[ma.pk, wang.pk])
    attendance_record(actor=staff.county_admin, session=second, present=[ma.pk, zhao.pk])
    # 8 学时 in all, 75 % → 6 needed: only 马建国 (8) completes; 王芳 and 赵强 have 4.
    class_finish(actor=staff.county_admin, training_class=training_class)
    rows = {e.member.name: e for e in Enrollment.objects.select_related("member")}
    assert rows["马建国"].status == EnrollmentStatus.COMPLETED
    year = timezone.localdate().year
    assert rows["马建国"].certificate_no == f"GJXY-{year}-{rows['马建国'].pk:06d}"
    assert rows["马建国"].completed_on == timezone.localdate()
    for name in ("王芳", "赵强"):
        assert (rows[name].status, rows[name].certificate_no) == (
            EnrollmentStatus.NOT_COMPLETED,
            "",
        )
    assert stat(tree.chengguan, "training.completions", this_month()) == 1
    assert stat(tree.chengguan, "training.enrollments", this_month()) == 3
    assert list(visible_items(staff.county_admin)) == []


def test_the_pass_mark_is_inclusive(running, staff):
    training_class, (ma, wang, zhao), (first, second) = running
    training_class.pass_percent = 50
    training_class.save(update_fields=["pass_percent"])
    attendance_record(actor=staff.county_admin, session=first, present=[ma.pk, wang.pk, zhao.pk])
    class_finish(actor=staff.county_admin, training_class=training_class)
    assert set(Enrollment.objects.values_list("status", flat=True)) == {EnrollmentStatus.COMPLETED}
    numbers = list(Enrollment.objects.values_list("certificate_no", flat=True))
    assert len(set(numbers)) == 3


def test_attendance_refusals(running, make_class, make_member, staff, tree):
    training_class, (ma, *_), (first, _second) = running
    with pytest.raises(ApplicationError) as stranger:
        attendance_record(actor=staff.county_admin, session=first, present=[ma.pk, 987654])
    assert stranger.value.message == NOT_TRAINEE
    with pytest.raises(Forbidden):
        attendance_record(actor=staff.sibling_admin, session=first, present=[ma.pk])
    later = session_add(
        actor=staff.county_admin,
        training_class=training_class,
        held_on=timezone.localdate() + timedelta(days=2),
        hours=2,
    )
    with pytest.raises(ApplicationError) as ahead:
        attendance_record(actor=staff.county_admin, session=later, present=[ma.pk])
    assert ahead.value.message == SESSION_AHEAD.format(day=later.held_on.isoformat())
    assert not first.attendees.exists()
    waiting = make_class()
    session = session_add(
        actor=staff.county_admin, training_class=waiting, held_on=timezone.localdate(), hours=2
    )
    with pytest.raises(ApplicationError) as not_started:
        attendance_record(actor=staff.county_admin, session=session, present=[])
    assert not_started.value.message == ATTENDANCE_CLOSED.format(status="报名中")


def test_session_refusals(make_class, staff):
    training_class = make_class()
    with pytest.raises(ApplicationError) as outside:
        session_add(
            actor=staff.county_admin,
            training_class=training_class,
            held_on=training_class.ends_on + timedelta(days=1),
            hours=2,
        )
    assert outside.value.message == DATE_OUTSIDE.format(
        start=training_class.starts_on, end=training_class.ends_on
    )
    for hours in ("0", "13", "1.2"):
        with pytest.raises(ApplicationError) as refused:
            session_add(
                actor=staff.county_admin,
                training_class=training_class,
                held_on=training_class.starts_on,
                hours=hours,
            )
        assert refused.value.message == HOURS_INVALID
    assert not training_class.sessions.exists()


def test_a_finished_class_is_closed_to_sessions(running, staff):
    training_class, (ma, *_), (first, _second) = running
    attendance_record(actor=staff.county_admin, session=first, present=[ma.pk])
    class_finish(actor=staff.county_admin, training_class=training_class)
    assert training_class.__class__.objects.get().status == ClassStatus.FINISHED
    with pytest.raises(ApplicationError):
        session_add(
            actor=staff.county_admin,
            training_class=training_class,
            held_on=timezone.localdate(),
            hours=2,
        )


def test_the_finish_item_falls_due_on_the_end_date(running, staff):
    from gonghui.inbox.models import OpenItem

    training_class, _trainees, _sessions = running
    item = OpenItem.objects.get(kind="competitions.training.finish")
    assert timezone.localtime(item.due_at).date() == training_class.ends_on
    assert item.org_id == training_class.org_id
    assert f"培训班「{training_class.name}」" in item.summary
