"""Enrolment in a class: by staff (a member of the class union's subtree and of their own), or
by a worker's application on the portal that his union confirms (待办 「培训报名待确认」).

Refusals write nothing: twice in one class, the class full, after the deadline, a class not
taking enrolments, a member outside the class union's subtree (or, for staff, outside their
own: 403, audited)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.competitions.models.training import (
    ClassStatus,
    Enrollment,
    EnrollmentStatus,
    TrainingClass,
)
from gonghui.competitions.training.metrics import COUNTED, class_figures, stats_changed
from gonghui.competitions.training.services.common import locked_class, require_scope
from gonghui.core.errors import ApplicationError, Conflict, NotFound
from gonghui.inbox.services import refresh
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.models import Member

NOT_OPEN = "班次「{name}」当前为「{status}」，不接受报名。"
DEADLINE_PASSED = "班次「{name}」的报名已于{deadline}截止。"
FULL = "班次「{name}」的{capacity}个名额已满。"
TWICE = "{name}已报名该班次，不能重复报名。"
OUTSIDE_CLASS = "{name}不在举办工会「{org}」的范围内，不能报名该班次。"
NOT_HOLDING = "{name}的会籍状态为「{status}」，不能报名培训。"
NOT_A_MEMBER = "只有会籍有效的工会会员才能报名培训，请先申请入会或完成实名认证。"
NOT_APPLIED = "该报名不是待确认的申请，无需确认。"
NOT_CANCELLABLE = "该报名当前为「{status}」，不能取消。"
CLASS_CLOSED = "班次当前为「{status}」，不能再变更报名。"
WITHDRAW_CLOSED = "班次当前为「{status}」，已不能在网上撤回报名；如需退出，请联系举办工会。"


def _check_open(training_class: TrainingClass) -> None:
    if training_class.status != ClassStatus.OPEN:
        raise ApplicationError(
            NOT_OPEN.format(name=training_class.name, status=training_class.get_status_display()),
            code="enrolment_closed",
        )
    if timezone.localdate() > training_class.enrol_deadline:
        raise ApplicationError(
            DEADLINE_PASSED.format(
                name=training_class.name, deadline=training_class.enrol_deadline.isoformat()
            ),
            code="deadline_passed",
        )


def _check_seat(training_class: TrainingClass) -> None:
    taken = training_class.enrollments.filter(status__in=COUNTED).count()
    if taken >= training_class.capacity:
        raise Conflict(
            FULL.format(name=training_class.name, capacity=training_class.capacity),
            code="class_full",
        )


def _check_member(training_class: TrainingClass, member: Member) -> None:
    if member.status not in HOLDING_STATUSES:
        raise ApplicationError(
            NOT_HOLDING.format(name=member.name, status=member.get_status_display()),
            field="member",
        )
    if not member.org.path.startswith(training_class.org.path):
        raise ApplicationError(
            OUTSIDE_CLASS.format(name=member.name, org=training_class.org.name),
            field="member",
            code="outside_class",
        )


def _enrol(
    training_class: TrainingClass, member: Member, status: str, actor: User | None
) -> Enrollment:
    """A new enrolment, or the member's cancelled one of this class taken up again."""
    twice = Conflict(TWICE.format(name=member.name), field="member", code="enrolled_twice")
    found = training_class.enrollments.filter(member=member).first()
    if found is not None and found.status != EnrollmentStatus.CANCELLED:
        raise twice
    if status == EnrollmentStatus.ENROLLED:
        _check_seat(training_class)
    if found is not None:
        found.status, found.org, found.created_by, found.hours = status, member.org, actor, 0
        found.save(update_fields=["status", "org", "created_by", "hours"])
        return found
    try:
        with transaction.atomic():
            return Enrollment.objects.create(
                training_class=training_class,
                member=member,
                org=member.org,
                status=status,
                created_by=actor,
            )
    except IntegrityError:
        raise twice from None


def _audit(actor: User | None, enrollment: Enrollment, action: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=enrollment.training_class,
        org=enrollment.org,
        changes={"enrollment": enrollment.pk, "who": enrollment.member.name},
    )


@atomic_keeping_denials(durable=True)
def enrollment_add(*, actor: User, training_class: TrainingClass, member: Member) -> Enrollment:
    training_class = locked_class(training_class)
    member = Member.objects.select_related("org").get(pk=member.pk)
    require_scope(actor, member.org, training_class)
    _check_open(training_class)
    _check_member(training_class, member)
    figures = class_figures(training_class)
    enrollment = _enrol(training_class, member, EnrollmentStatus.ENROLLED, actor)
    stats_changed(figures, class_figures(training_class))
    _audit(actor, enrollment, "competitions.training.enrol")
    return enrollment


@transaction.atomic(durable=True)
def enrollment_apply(*, worker, training_class: TrainingClass) -> Enrollment:
    """A worker applies on the portal: a pending enrolment (待确认) his union confirms."""
    member = worker.member if worker is not None else None
    if member is None:
        raise ApplicationError(NOT_A_MEMBER)
    training_class = locked_class(training_class)
    member = Member.objects.select_related("org").get(pk=member.pk)
    _check_open(training_class)
    _check_member(training_class, member)
    _check_seat(training_class)
    enrollment = _enrol(training_class, member, EnrollmentStatus.APPLIED, None)
    _audit(None, enrollment, "competitions.training.apply")
    refresh(enrollment)
    return enrollment


def _locked(enrollment: Enrollment) -> tuple[TrainingClass, Enrollment]:
    training_class = locked_class(enrollment.training_class)
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("member", "org")
        .get(pk=enrollment.pk)
    )
    return training_class, enrollment


@atomic_keeping_denials(durable=True)
def enrollment_confirm(*, actor: User, enrollment: Enrollment) -> Enrollment:
    training_class, enrollment = _locked(enrollment)
    require_scope(actor, enrollment.org, training_class)
    if enrollment.status != EnrollmentStatus.APPLIED:
        raise Conflict(NOT_APPLIED)
    _check_open(training_class)
    _check_seat(training_class)
    figures = class_figures(training_class)
    enrollment.status = EnrollmentStatus.ENROLLED
    enrollment.save(update_fields=["status"])
    stats_changed(figures, class_figures(training_class))
    _audit(actor, enrollment, "competitions.training.confirm")
    refresh(enrollment)
    return enrollment


@atomic_keeping_denials(durable=True)
def enrollment_cancel(*, actor: User, enrollment: Enrollment) -> Enrollment:
    """Withdraw an application or an enrolment while the class has not finished."""
    training_class, enrollment = _locked(enrollment)
    require_scope(actor, enrollment.org, training_class)
    if training_class.status not in (ClassStatus.OPEN, ClassStatus.RUNNING):
        raise ApplicationError(CLASS_CLOSED.format(status=training_class.get_status_display()))
    if enrollment.status not in (EnrollmentStatus.APPLIED, EnrollmentStatus.ENROLLED):
        raise Conflict(NOT_CANCELLABLE.format(status=enrollment.get_status_display()))
    figures = class_figures(training_class)
    enrollment.status = EnrollmentStatus.CANCELLED
    enrollment.save(update_fields=["status"])
    stats_changed(figures, class_figures(training_class))
    _audit(actor, enrollment, "competitions.training.cancel")
    refresh(enrollment)
    return enrollment


@transaction.atomic(durable=True)
def enrollment_withdraw(*, worker, enrollment: Enrollment) -> Enrollment:
    """The worker withdraws his own application or enrolment on the portal, while the class
    still takes enrolments (once it has started, his union cancels it)."""
    training_class, enrollment = _locked(enrollment)
    if worker is None or worker.member is None or worker.member.pk != enrollment.member_id:
        raise NotFound()
    if training_class.status != ClassStatus.OPEN:
        raise ApplicationError(WITHDRAW_CLOSED.format(status=training_class.get_status_display()))
    if enrollment.status not in (EnrollmentStatus.APPLIED, EnrollmentStatus.ENROLLED):
        raise Conflict(NOT_CANCELLABLE.format(status=enrollment.get_status_display()))
    figures = class_figures(training_class)
    enrollment.status = EnrollmentStatus.CANCELLED
    enrollment.save(update_fields=["status"])
    stats_changed(figures, class_figures(training_class))
    _audit(None, enrollment, "competitions.training.withdraw")
    refresh(enrollment)
    return enrollment
