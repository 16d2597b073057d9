"""Classes and enrolment: the status steps one at a time, and every refusal of an enrolment
(twice, full, after the deadline, wrong state, outside the class or the actor's scope) writes
nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.audit.models import AuditLog
from gonghui.competitions.models.training import (
    ClassStatus,
    CourseMode,
    Enrollment,
    EnrollmentStatus,
    TrainingClass,
)
from gonghui.competitions.training import selectors as sel
from gonghui.competitions.training.services import (
    class_cancel,
    class_finish,
    class_start,
    course_create,
    enrollment_add,
    enrollment_apply,
    enrollment_cancel,
    enrollment_confirm,
)
from gonghui.competitions.training.services.classes import (
    CAPACITY_INVALID,
    DEADLINE_AFTER_END,
    ENDS_BEFORE_START,
    NO_SESSIONS,
    ONLINE_COURSE,
    WRONG_STATE,
)
from gonghui.competitions.training.services.enrollments import (
    DEADLINE_PASSED,
    FULL,
    NOT_A_MEMBER,
    NOT_OPEN,
    OUTSIDE_CLASS,
    TWICE,
)
from gonghui.competitions.training.tests.conftest import stat, this_month
from gonghui.conftest import VALID_IDS
from gonghui.core.errors import ApplicationError, Conflict, Forbidden, NotFound
from gonghui.inbox.selectors import visible_items

pytestmark = pytest.mark.django_db


def test_a_class_counts_at_its_union_by_its_start_month(make_class, tree):
    training_class = make_class()
    assert training_class.status == ClassStatus.OPEN
    assert stat(tree.chengguan, "training.classes", this_month()) == 1
    assert stat(tree.province, "training.classes", this_month()) == 1
    assert stat(tree.qilihe, "training.classes", this_month()) == 0


def test_bad_class_fields_are_refused(make_class, staff, academy):
    today = timezone.localdate()
    cases = [
        ({"ends_on": today - timedelta(days=1)}, ENDS_BEFORE_START),
        ({"enrol_deadline": today + timedelta(days=30)}, DEADLINE_AFTER_END),
        ({"capacity": 0}, CAPACITY_INVALID),
    ]
    for fields, message in cases:
        with pytest.raises(ApplicationError) as refused:
            make_class(**fields)
        assert refused.value.message == message
    online = course_create(
        actor=staff.county_admin, academy=academy, title="网课", mode=CourseMode.ONLINE, hours=2
    )
    with pytest.raises(ApplicationError) as refused:
        make_class(course=online)
    assert refused.value.message == ONLINE_COURSE
    assert not TrainingClass.objects.exists()


def test_a_class_held_outside_the_actors_subtree_is_refused(make_class, tree):
    with pytest.raises(Forbidden):
        make_class(org=tree.qilihe)
    assert AuditLog.objects.filter(action="access.denied", result="denied").exists()
    assert not TrainingClass.objects.exists()


def test_status_moves_one_step_at_a_time(make_class, staff):
    training_class = make_class()
    with pytest.raises(ApplicationError) as early:
        class_finish(actor=staff.county_admin, training_class=training_class)
    assert early.value.message == WRONG_STATE.format(status="报名中", action="结业")
    class_start(actor=staff.county_admin, training_class=training_class)
    with pytest.raises(ApplicationError) as again:
        class_start(actor=staff.county_admin, training_class=training_class)
    assert again.value.code == "wrong_state"
    with pytest.raises(ApplicationError) as empty:
        class_finish(actor=staff.county_admin, training_class=training_class)
    assert empty.value.message == NO_SESSIONS
    assert TrainingClass.objects.get().status == ClassStatus.RUNNING
    assert [i.kind for i in visible_items(staff.county_admin)] == ["competitions.training.finish"]
    class_cancel(actor=staff.county_admin, training_class=training_class, reason="师资调整")
    assert TrainingClass.objects.get().status == ClassStatus.CANCELLED
    with pytest.raises(ApplicationError):
        class_start(actor=staff.county_admin, training_class=training_class)


def test_cancelling_a_class_takes_it_and_its_trainees_out(make_class, make_member, staff, tree):
    training_class = make_class()
    enrollment_add(
        actor=staff.county_admin, training_class=training_class, member=make_member(tree.base_a)
    )
    assert stat(tree.chengguan, "training.enrollments", this_month()) == 1
    class_cancel(actor=staff.county_admin, training_class=training_class, reason="场地不足")
    assert Enrollment.objects.get().status == EnrollmentStatus.CANCELLED
    assert stat(tree.chengguan, "training.enrollments", this_month()) == 0
    assert stat(tree.chengguan, "training.classes", this_month()) == 0


def test_staff_enrol_a_member_once(make_class, make_member, staff, tree):
    training_class = make_class()
    member = make_member(tree.base_a, name="马建国")
    enrollment = enrollment_add(
        actor=staff.county_admin, training_class=training_class, member=member
    )
    assert (enrollment.status, enrollment.org) == (EnrollmentStatus.ENROLLED, tree.base_a)
    with pytest.raises(Conflict) as twice:
        enrollment_add(actor=staff.base_admin, training_class=training_class, member=member)
    assert twice.value.message == TWICE.format(name="马建国")
    assert twice.value.status == 409
    assert Enrollment.objects.count() == 1
    assert stat(tree.lanzhou, "training.enrollments", this_month()) == 1


def test_a_full_class_takes_no_more(make_class, make_member, staff, tree):
    training_class = make_class(capacity=1)
    enrollment_add(
        actor=staff.county_admin, training_class=training_class, member=make_member(tree.base_a)
    )
    with pytest.raises(Conflict) as full:
        enrollment_add(
            actor=staff.county_admin,
            training_class=training_class,
            member=make_member(tree.base_b),
        )
    assert full.value.message == FULL.format(name=training_class.name, capacity=1)
    assert full.value.code == "class_full"
    assert Enrollment.objects.count() == 1


def test_after_the_deadline_or_once_started_no_enrolment(make_class, make_member, staff, tree):
    today = timezone.localdate()
    late = make_class(starts_on=today - timedelta(days=3), enrol_deadline=today - timedelta(days=1))
    member = make_member(tree.base_a)
    with pytest.raises(ApplicationError) as refused:
        enrollment_add(actor=staff.county_admin, training_class=late, member=member)
    assert refused.value.message == DEADLINE_PASSED.format(
        name=late.name, deadline=late.enrol_deadline.isoformat()
    )
    running = class_start(actor=staff.county_admin, training_class=make_class())
    with pytest.raises(ApplicationError) as closed:
        enrollment_add(actor=staff.county_admin, training_class=running, member=member)
    assert closed.value.message == NOT_OPEN.format(name=running.name, status="开班中")
    assert not Enrollment.objects.exists()


def test_a_member_outside_the_class_union_or_the_actors_scope(make_class, make_member, staff, tree):
    training_class = make_class()
    qilihe_member = make_member(tree.base_c, name="李四")
    with pytest.raises(ApplicationError) as outside:
        enrollment_add(actor=staff.sysadmin, training_class=training_class, member=qilihe_member)
    assert outside.value.message == OUTSIDE_CLASS.format(name="李四", org="城关区总工会")
    with pytest.raises(Forbidden):
        enrollment_add(
            actor=staff.base_admin,
            training_class=training_class,
            member=make_member(tree.base_b),
        )
    assert AuditLog.objects.filter(actor=staff.base_admin, action="access.denied").exists()
    assert not Enrollment.objects.exists()


def test_a_worker_applies_and_his_union_confirms(make_class, make_member, make_worker, staff, tree):
    training_class = make_class()
    member = make_member(tree.base_a, id_number=VALID_IDS[3], name="张三")
    worker = make_worker("13900003333", name="张三", id_number=VALID_IDS[3], member=member)
    enrollment = enrollment_apply(worker=worker, training_class=training_class)
    assert enrollment.status == EnrollmentStatus.APPLIED
    assert stat(tree.chengguan, "training.enrollments", this_month()) == 0
    items = list(visible_items(staff.base_admin))
    assert [i.kind for i in items] == ["competitions.training.confirm"]
    assert "张三网上报名培训班" in items[0].summary
    with pytest.raises(Conflict):
        enrollment_apply(worker=worker, training_class=training_class)
    with pytest.raises(Forbidden):
        enrollment_confirm(actor=staff.base_c_admin, enrollment=enrollment)
    enrollment_confirm(actor=staff.base_admin, enrollment=enrollment)
    assert Enrollment.objects.get().status == EnrollmentStatus.ENROLLED
    assert list(visible_items(staff.base_admin)) == []
    assert stat(tree.chengguan, "training.enrollments", this_month()) == 1


def test_a_visitor_without_membership_cannot_apply(make_class, make_worker):
    with pytest.raises(ApplicationError) as refused:
        enrollment_apply(worker=make_worker("13900005555"), training_class=make_class())
    assert refused.value.message == NOT_A_MEMBER
    assert not Enrollment.objects.exists()


def test_starting_closes_unconfirmed_applications(
    make_class, make_member, make_worker, staff, tree
):
    training_class = make_class()
    member = make_member(tree.base_a, id_number=VALID_IDS[3])
    worker = make_worker("13900003333", name="张三", id_number=VALID_IDS[3], member=member)
    enrollment_apply(worker=worker, training_class=training_class)
    class_start(actor=staff.county_admin, training_class=training_class)
    assert Enrollment.objects.get().status == EnrollmentStatus.CANCELLED
    assert list(visible_items(staff.base_admin)) == []


def test_a_cancelled_enrolment_may_be_taken_up_again(make_class, make_member, staff, tree):
    training_class = make_class(capacity=1)
    member = make_member(tree.base_a)
    enrollment = enrollment_add(
        actor=staff.county_admin, training_class=training_class, member=member
    )
    enrollment_cancel(actor=staff.county_admin, enrollment=enrollment)
    assert stat(tree.chengguan, "training.enrollments", this_month()) == 0
    again = enrollment_add(actor=staff.county_admin, training_class=training_class, member=member)
    assert again.pk == enrollment.pk and again.status == EnrollmentStatus.ENROLLED
    assert stat(tree.chengguan, "training.enrollments", this_month()) == 1


def test_a_lower_union_sees_the_class_above_and_only_its_own_trainees(
    make_class, make_member, staff, tree
):
    training_class = make_class()
    enrollment_add(
        actor=staff.county_admin, training_class=training_class, member=make_member(tree.base_a)
    )
    enrollment_add(
        actor=staff.county_admin, training_class=training_class, member=make_member(tree.base_b)
    )
    assert sel.access_class_by_id(staff.base_admin, training_class.pk) == training_class
    assert not sel.can_manage_class(staff.base_admin, training_class)
    mine = sel.class_enrollments(user=staff.base_admin, training_class=training_class)
    assert [e.org for e in mine] == [tree.base_a]
    with pytest.raises(NotFound):
        sel.access_class_by_id(staff.sibling_admin, training_class.pk)
    with pytest.raises(NotFound):
        sel.access_class_by_id(staff.tianshui_admin, training_class.pk)
