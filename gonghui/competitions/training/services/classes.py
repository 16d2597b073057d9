"""Classes (班次) of offline courses: created with dates, deadline, capacity and pass mark;
status 报名中 → 开班中 → 已结业, or 已取消 from either of the first two, one step at a time.

结业: each enrolled trainee completes (已结业) when his attended hours reach the pass percent of
the sessions' total, else 未结业; a completed one gets a certificate number GJXY-<year>-<id>,
unique because the enrolment's id is.
"""

from datetime import date

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.competitions.models.training import (
    AcademyStatus,
    ClassStatus,
    Course,
    CourseMode,
    Enrollment,
    EnrollmentStatus,
    TrainingClass,
)
from gonghui.competitions.training.metrics import COUNTED, class_figures, stats_changed
from gonghui.competitions.training.services.common import line, locked_class, require_scope
from gonghui.core.errors import ApplicationError
from gonghui.inbox.services import refresh, refresh_pks
from gonghui.orgs.models import Org, OrgStatus

ONLINE_COURSE = "线上课程不开设班次，学员在「线上学习」中学习。"
ACADEMY_REVOKED = "工匠学院「{name}」已撤销，不能开设新班次。"
ORG_INACTIVE = "「{name}」已撤销或合并，不能举办班次。"
ENDS_BEFORE_START = "结业日期不能早于开班日期。"
DEADLINE_AFTER_END = "报名截止日期不能晚于结业日期。"
CAPACITY_INVALID = "名额应在1到1000人之间。"
PASS_INVALID = "结业出勤比例应在1%到100%之间。"
WRONG_STATE = "班次当前为「{status}」，不能{action}。"
NO_SESSIONS = "班次还没有课次，不能结业，请先添加课次并记录出勤。"
CERTIFICATE_NO = "GJXY-{year}-{id:06d}"
BELOW_TAKEN = "已有{taken}人报名，名额不能少于{taken}个。"
EDITABLE = (
    "name",
    "starts_on",
    "ends_on",
    "enrol_deadline",
    "capacity",
    "location",
    "pass_percent",
)

MAX_CAPACITY = 1000


def _check(*, starts_on: date, ends_on: date, enrol_deadline: date, capacity, pass_percent):
    if ends_on < starts_on:
        raise ApplicationError(ENDS_BEFORE_START, field="ends_on")
    if enrol_deadline > ends_on:
        raise ApplicationError(DEADLINE_AFTER_END, field="enrol_deadline")
    if not 1 <= int(capacity) <= MAX_CAPACITY:
        raise ApplicationError(CAPACITY_INVALID, field="capacity")
    if not 1 <= int(pass_percent) <= 100:
        raise ApplicationError(PASS_INVALID, field="pass_percent")


@atomic_keeping_denials(durable=True)
def class_create(
    *,
    actor: User,
    course: Course,
    org: Org,
    name: str,
    starts_on: date,
    ends_on: date,
    enrol_deadline: date,
    capacity: int,
    location: str = "",
    pass_percent: int = 80,
) -> TrainingClass:
    """A class of an offline course of an active academy, held by a union of the actor's
    subtree; it takes enrolments (报名中) at once."""
    require_scope(actor, course.academy.org, course.academy)
    require_scope(actor, org)
    if course.mode != CourseMode.OFFLINE:
        raise ApplicationError(ONLINE_COURSE)
    if course.academy.status != AcademyStatus.ACTIVE:
        raise ApplicationError(ACADEMY_REVOKED.format(name=course.academy.name))
    if org.status != OrgStatus.ACTIVE:
        raise ApplicationError(ORG_INACTIVE.format(name=org.name), field="org")
    _check(
        starts_on=starts_on,
        ends_on=ends_on,
        enrol_deadline=enrol_deadline,
        capacity=capacity,
        pass_percent=pass_percent,
    )
    training_class = TrainingClass.objects.create(
        course=course,
        org=org,
        name=line(name, label="班次名称", field="name", max_length=80),
        starts_on=starts_on,
        ends_on=ends_on,
        enrol_deadline=enrol_deadline,
        capacity=int(capacity),
        location=line(location, label="地点", field="location", max_length=120, required=False),
        pass_percent=int(pass_percent),
        created_by=actor,
    )
    stats_changed({}, class_figures(training_class))
    audit_record(
        actor=actor,
        action="competitions.training.class_create",
        obj=training_class,
        org=org,
        changes={
            "name": training_class.name,
            "course": course.title,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "enrol_deadline": enrol_deadline.isoformat(),
            "capacity": training_class.capacity,
            "pass_percent": training_class.pass_percent,
        },
    )
    return training_class


@atomic_keeping_denials(durable=True)
def class_update(
    *,
    actor: User,
    training_class: TrainingClass,
    name: str,
    starts_on: date,
    ends_on: date,
    enrol_deadline: date,
    capacity: int,
    location: str = "",
    pass_percent: int = 80,
) -> TrainingClass:
    """Correct a class's details while it takes enrolments (报名中); the places never fewer
    than the trainees already in, the applications' 待办 follow a new deadline."""
    training_class = _transition(actor, training_class, (ClassStatus.OPEN,), "修改")
    _check(
        starts_on=starts_on,
        ends_on=ends_on,
        enrol_deadline=enrol_deadline,
        capacity=capacity,
        pass_percent=pass_percent,
    )
    taken = training_class.enrollments.filter(status__in=COUNTED).count()
    if int(capacity) < taken:
        raise ApplicationError(BELOW_TAKEN.format(taken=taken), field="capacity")
    figures = class_figures(training_class)
    before = {field: getattr(training_class, field) for field in EDITABLE}
    training_class.name = line(name, label="班次名称", field="name", max_length=80)
    training_class.starts_on, training_class.ends_on = starts_on, ends_on
    training_class.enrol_deadline = enrol_deadline
    training_class.capacity, training_class.pass_percent = int(capacity), int(pass_percent)
    training_class.location = line(
        location, label="地点", field="location", max_length=120, required=False
    )
    training_class.save(update_fields=list(EDITABLE))
    stats_changed(figures, class_figures(training_class))
    refresh_pks(
        "competitions.Enrollment",
        training_class.enrollments.filter(status=EnrollmentStatus.APPLIED).values_list(
            "pk", flat=True
        ),
    )
    changes = {
        field: [str(before[field]), str(getattr(training_class, field))]
        for field in EDITABLE
        if before[field] != getattr(training_class, field)
    }
    audit_record(
        actor=actor,
        action="competitions.training.class_update",
        obj=training_class,
        org=training_class.org,
        changes=changes,
    )
    return training_class


def _transition(actor: User, training_class: TrainingClass, allowed: tuple, action: str):
    training_class = locked_class(training_class)
    require_scope(actor, training_class.org, training_class)
    if training_class.status not in allowed:
        raise ApplicationError(
            WRONG_STATE.format(status=training_class.get_status_display(), action=action),
            code="wrong_state",
        )
    return training_class


def _audit_status(actor: User, training_class: TrainingClass, before: str, **extra) -> None:
    audit_record(
        actor=actor,
        action="competitions.training.class_status",
        obj=training_class,
        org=training_class.org,
        changes={"class_status": [before, training_class.status], **extra},
    )


def _cancel_enrollments(training_class: TrainingClass, statuses: tuple) -> int:
    pks = list(training_class.enrollments.filter(status__in=statuses).values_list("pk", flat=True))
    Enrollment.objects.filter(pk__in=pks).update(status=EnrollmentStatus.CANCELLED)
    refresh_pks("competitions.Enrollment", pks)
    return len(pks)


@atomic_keeping_denials(durable=True)
def class_start(*, actor: User, training_class: TrainingClass) -> TrainingClass:
    """报名中 → 开班中: applications nobody confirmed are closed (cancelled)."""
    training_class = _transition(actor, training_class, (ClassStatus.OPEN,), "开班")
    closed = _cancel_enrollments(training_class, (EnrollmentStatus.APPLIED,))
    training_class.status = ClassStatus.RUNNING
    training_class.save(update_fields=["status"])
    _audit_status(actor, training_class, ClassStatus.OPEN, applications_closed=closed)
    refresh(training_class)
    return training_class


@atomic_keeping_denials(durable=True)
def class_cancel(*, actor: User, training_class: TrainingClass, reason: str) -> TrainingClass:
    training_class = _transition(
        actor, training_class, (ClassStatus.OPEN, ClassStatus.RUNNING), "取消"
    )
    reason = line(reason, label="取消理由", field="reason", max_length=200)
    before_status, figures = training_class.status, class_figures(training_class)
    _cancel_enrollments(training_class, (EnrollmentStatus.APPLIED, EnrollmentStatus.ENROLLED))
    training_class.status = ClassStatus.CANCELLED
    training_class.save(update_fields=["status"])
    stats_changed(figures, class_figures(training_class))
    _audit_status(actor, training_class, before_status, reason=reason)
    refresh(training_class)
    return training_class


@atomic_keeping_denials(durable=True)
def class_finish(*, actor: User, training_class: TrainingClass) -> TrainingClass:
    """开班中 → 已结业: each enrolled trainee completes or not by his attended hours."""
    training_class = _transition(actor, training_class, (ClassStatus.RUNNING,), "结业")
    total = sum(s.hours for s in training_class.sessions.all())
    if not total:
        raise ApplicationError(NO_SESSIONS, code="no_sessions")
    figures = class_figures(training_class)
    today = timezone.localdate()
    done = missed = 0
    enrolled = training_class.enrollments.select_for_update().filter(
        status=EnrollmentStatus.ENROLLED
    )
    for enrollment in enrolled:
        if enrollment.hours * 100 >= total * training_class.pass_percent:
            enrollment.status = EnrollmentStatus.COMPLETED
            enrollment.completed_on = today
            enrollment.certificate_no = CERTIFICATE_NO.format(year=today.year, id=enrollment.pk)
            done += 1
        else:
            enrollment.status = EnrollmentStatus.NOT_COMPLETED
            missed += 1
        enrollment.save(update_fields=["status", "completed_on", "certificate_no"])
    training_class.status = ClassStatus.FINISHED
    training_class.save(update_fields=["status"])
    stats_changed(figures, class_figures(training_class))
    _audit_status(actor, training_class, ClassStatus.RUNNING, completed=done, not_completed=missed)
    refresh(training_class)
    return training_class
