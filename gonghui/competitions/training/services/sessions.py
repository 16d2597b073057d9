"""Sessions (课次) of a class and their attendance. An enrolment's hours are the sum of the
hours of the sessions it attended, recomputed (and kept in `Enrollment.hours`, with the
roll-ups) whenever attendance is recorded."""

from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.competitions.models.training import (
    ClassSession,
    ClassStatus,
    Enrollment,
    EnrollmentStatus,
    TrainingClass,
)
from gonghui.competitions.training.metrics import class_figures, stats_changed
from gonghui.competitions.training.services.common import line, locked_class, require_scope
from gonghui.core.errors import ApplicationError

SESSION_CLOSED = "班次当前为「{status}」，不能再添加课次。"
DATE_OUTSIDE = "课次日期应在开班日期{start}至结业日期{end}之间。"
HOURS_INVALID = "课次学时应在0.5到12之间，以0.5学时为单位。"
ATTENDANCE_CLOSED = "班次当前为「{status}」，只有开班中的班次可以记录出勤。"
SESSION_AHEAD = "该课次安排在{day}，尚未举行，不能记录出勤。"
NOT_TRAINEE = "出勤名单中有不是本班次在读学员的记录，请刷新页面后重试。"


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value))
    except ArithmeticError:
        raise ApplicationError(HOURS_INVALID, field="hours") from None
    if not hours.is_finite() or not Decimal("0.5") <= hours <= 12 or (hours * 2) % 1:
        raise ApplicationError(HOURS_INVALID, field="hours")
    return hours


@atomic_keeping_denials(durable=True)
def session_add(
    *, actor: User, training_class: TrainingClass, held_on: date, hours, topic: str = ""
) -> ClassSession:
    training_class = locked_class(training_class)
    require_scope(actor, training_class.org, training_class)
    if training_class.status not in (ClassStatus.OPEN, ClassStatus.RUNNING):
        raise ApplicationError(SESSION_CLOSED.format(status=training_class.get_status_display()))
    if not training_class.starts_on <= held_on <= training_class.ends_on:
        raise ApplicationError(
            DATE_OUTSIDE.format(start=training_class.starts_on, end=training_class.ends_on),
            field="held_on",
        )
    session = ClassSession.objects.create(
        training_class=training_class,
        held_on=held_on,
        hours=_hours(hours),
        topic=line(topic, label="内容", field="topic", max_length=80, required=False),
    )
    audit_record(
        actor=actor,
        action="competitions.training.session_add",
        obj=training_class,
        org=training_class.org,
        changes={
            "held_on": held_on.isoformat(),
            "hours": str(session.hours),
            "topic": session.topic,
        },
    )
    return session


def recount_hours(training_class: TrainingClass) -> None:
    """Each enrolment's hours: the sum of the hours of the sessions it attended."""
    attended = dict(
        ClassSession.attendees.through.objects.filter(classsession__training_class=training_class)
        .values("enrollment_id")
        .annotate(total=Sum("classsession__hours"))
        .values_list("enrollment_id", "total")
    )
    for enrollment in training_class.enrollments.all():
        hours = attended.get(enrollment.pk) or Decimal(0)
        if enrollment.hours != hours:
            enrollment.hours = hours
            enrollment.save(update_fields=["hours"])


@atomic_keeping_denials(durable=True)
def attendance_record(*, actor: User, session: ClassSession, present: list[int]) -> ClassSession:
    """The enrolled trainees present at the session (the ids of their enrolments); the others
    are absent. Hours and roll-ups follow."""
    training_class = locked_class(session.training_class)
    require_scope(actor, training_class.org, training_class)
    if training_class.status != ClassStatus.RUNNING:
        raise ApplicationError(ATTENDANCE_CLOSED.format(status=training_class.get_status_display()))
    if session.held_on > timezone.localdate():
        raise ApplicationError(SESSION_AHEAD.format(day=session.held_on.isoformat()))
    wanted = {int(pk) for pk in present}
    trainees = set(
        Enrollment.objects.filter(
            training_class=training_class, status=EnrollmentStatus.ENROLLED, pk__in=wanted
        ).values_list("pk", flat=True)
    )
    if trainees != wanted:
        raise ApplicationError(NOT_TRAINEE, field="present")
    figures = class_figures(training_class)
    before = set(session.attendees.values_list("pk", flat=True))
    session.attendees.set(trainees)
    recount_hours(training_class)
    stats_changed(figures, class_figures(training_class))
    audit_record(
        actor=actor,
        action="competitions.training.attendance",
        obj=training_class,
        org=training_class.org,
        changes={
            "held_on": session.held_on.isoformat(),
            "present": len(trainees),
            "added": len(trainees - before),
            "removed": len(before - trainees),
        },
    )
    return session
