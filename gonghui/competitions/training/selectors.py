"""Reads of 工匠学院 and training, scoped to the actor.

An academy is seen by the unions whose subtree holds its host unit or its naming union; its
courses with it. A class (班次) is seen by the unions of its own union's subtree, which manage
it, and by the unions below its union, which may enrol their members in it (as a contest
above them). An enrolment is reached by the class's managers, and by the unions whose subtree
holds the trainee's union. Anything else answers as missing, audited.
"""

from django.db.models import Count, Q, QuerySet

from gonghui.accounts.models import User
from gonghui.competitions.models.training import (
    Academy,
    ClassSession,
    ClassStatus,
    Course,
    CourseMode,
    Enrollment,
    EnrollmentStatus,
    TrainingClass,
)
from gonghui.competitions.training.metrics import COUNTED
from gonghui.core.access import access_in_scope
from gonghui.core.errors import NotFound
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope, org_scope_path, scope_root

ACADEMY_NOT_FOUND = "找不到该工匠学院，或您无权查看。"
COURSE_NOT_FOUND = "找不到该课程，或您无权查看。"
CLASS_NOT_FOUND = "找不到该培训班次，或您无权查看。"
ENROLLMENT_NOT_FOUND = "找不到该报名记录，或您无权查看。"
SESSION_NOT_FOUND = "找不到该课次，或您无权查看。"
CERTIFICATE_NOT_FOUND = "找不到该结业证书。"
ENROLLMENT_NOT_FOUND = "没有找到这条报名记录。"


def ancestor_paths(path: str) -> list[str]:
    """The paths of `path`'s org and of every org above it."""
    step = Org.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def _academy_scope(user: User, prefix: str = "") -> Q:
    path = org_scope_path(user)
    return Q(**{f"{prefix}org__path__startswith": path}) | Q(
        **{f"{prefix}naming_org__path__startswith": path}
    )


def academy_list(
    *, user: User, q: str = "", level: str = "", status: str = ""
) -> QuerySet[Academy]:
    qs = Academy.objects.filter(_academy_scope(user)).select_related("org", "naming_org")
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(org__name__contains=q) | Q(batch__contains=q))
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(course_count=Count("courses")).order_by("-named_on", "-id")


def access_academy_by_id(user: User, academy_id) -> Academy:
    return access_in_scope(
        Academy.objects.filter(_academy_scope(user)).select_related("org", "naming_org"),
        actor=user,
        message=ACADEMY_NOT_FOUND,
        org_of=lambda academy: academy.org,
        pk=academy_id,
    )


def can_manage_academy(user: User, academy: Academy) -> bool:
    """The naming union (and those above it) edit and revoke an academy."""
    return org_in_scope(user, academy.naming_org)


def academy_courses(academy: Academy) -> QuerySet[Course]:
    return academy.courses.annotate(class_count=Count("classes")).order_by("mode", "id")


def course_list(*, user: User, academy: Academy | None = None, mode: str = "") -> QuerySet[Course]:
    """Courses of the academies the user sees (or of one of them), by academy."""
    qs = Course.objects.filter(_academy_scope(user, "academy__")).select_related("academy")
    if academy is not None:
        qs = qs.filter(academy=academy)
    if mode:
        qs = qs.filter(mode=mode)
    return qs.order_by("academy_id", "mode", "id")


def access_course_by_id(user: User, course_id) -> Course:
    return access_in_scope(
        Course.objects.filter(_academy_scope(user, "academy__")).select_related(
            "academy", "academy__org", "academy__naming_org"
        ),
        actor=user,
        message=COURSE_NOT_FOUND,
        org_of=lambda course: course.academy.org,
        pk=course_id,
    )


def _class_scope(user: User) -> Q:
    """Classes of the user's subtree, and of the unions above it."""
    root = scope_root(user)
    visible = Q(org__path__startswith=org_scope_path(user))
    if root is not None:
        visible |= Q(org__path__in=ancestor_paths(root.path))
    return visible


def class_list(
    *, user: User, q: str = "", status: str = "", course: Course | None = None
) -> QuerySet[TrainingClass]:
    qs = TrainingClass.objects.filter(_class_scope(user)).select_related(
        "org", "course", "course__academy"
    )
    if course is not None:
        qs = qs.filter(course=course)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(course__title__contains=q) | Q(location__contains=q))
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        enrolled=Count("enrollments", filter=Q(enrollments__status__in=COUNTED))
    ).order_by("-starts_on", "-id")


def access_class_by_id(user: User, class_id) -> TrainingClass:
    return access_in_scope(
        TrainingClass.objects.filter(_class_scope(user)).select_related(
            "org", "course", "course__academy"
        ),
        actor=user,
        message=CLASS_NOT_FOUND,
        org_of=lambda training_class: training_class.org,
        pk=class_id,
    )


def can_manage_class(user: User, training_class: TrainingClass) -> bool:
    return org_in_scope(user, training_class.org)


def class_enrollments(*, user: User, training_class: TrainingClass) -> QuerySet[Enrollment]:
    """The class's managers see every enrolment; a union below, those of its own subtree."""
    qs = training_class.enrollments.select_related("member", "org")
    if not can_manage_class(user, training_class):
        qs = qs.filter(org__path__startswith=org_scope_path(user))
    return qs.order_by("status", "id")


def seats_taken(training_class: TrainingClass) -> int:
    return training_class.enrollments.filter(status__in=COUNTED).count()


def class_sessions(training_class: TrainingClass) -> QuerySet[ClassSession]:
    return training_class.sessions.annotate(present=Count("attendees")).order_by("held_on", "id")


def _enrollment_scope(user: User) -> Q:
    path = org_scope_path(user)
    return Q(training_class__org__path__startswith=path) | Q(org__path__startswith=path)


def access_enrollment_by_id(user: User, enrollment_id) -> Enrollment:
    return access_in_scope(
        Enrollment.objects.filter(_enrollment_scope(user)).select_related(
            "member", "org", "training_class", "training_class__org", "training_class__course"
        ),
        actor=user,
        message=ENROLLMENT_NOT_FOUND,
        org_of=lambda enrollment: enrollment.training_class.org,
        pk=enrollment_id,
    )


def access_session_by_id(user: User, session_id) -> ClassSession:
    """A session of a class the user manages."""
    scoped = ClassSession.objects.filter(
        training_class__org__path__startswith=org_scope_path(user)
    ).select_related("training_class", "training_class__org", "training_class__course")
    return access_in_scope(
        scoped,
        actor=user,
        message=SESSION_NOT_FOUND,
        org_of=lambda session: session.training_class.org,
        pk=session_id,
    )


def applications_to_confirm(user: User) -> QuerySet[Enrollment]:
    """Portal applications waiting for the user's unions to confirm."""
    return Enrollment.objects.filter(
        status=EnrollmentStatus.APPLIED, org__path__startswith=org_scope_path(user)
    ).select_related("training_class", "member", "org")


# --- the worker's side (portal) -------------------------------------------------------------


def open_classes_for_member(member) -> QuerySet[TrainingClass]:
    """Classes taking applications, held by the member's union or one above it."""
    return (
        TrainingClass.objects.filter(
            status=ClassStatus.OPEN,
            course__mode=CourseMode.OFFLINE,
            org__path__in=ancestor_paths(member.org.path),
        )
        .select_related("org", "course", "course__academy")
        .order_by("enrol_deadline", "-id")
    )


def open_class_for_member(member, class_id) -> TrainingClass:
    found = open_classes_for_member(member).filter(pk=class_id).first() if member else None
    if found is None:
        raise NotFound(CLASS_NOT_FOUND)
    return found


def member_enrollments(member) -> list[Enrollment]:
    """A member's enrolments, newest class first (his learning record, his applications)."""
    if member is None:
        return []
    return list(
        Enrollment.objects.filter(member=member)
        .select_related("training_class", "training_class__course", "training_class__org")
        .order_by("-training_class__starts_on", "-id")
    )


def member_enrollment(member, enrollment_id) -> Enrollment:
    """His own enrolment or application; anyone else's: NotFound, as a missing one."""
    try:
        found = (
            Enrollment.objects.filter(member=member, pk=int(enrollment_id))
            .select_related("training_class", "training_class__course")
            .first()
            if member is not None
            else None
        )
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(ENROLLMENT_NOT_FOUND)
    return found


def member_certificate(member, enrollment_id) -> Enrollment:
    """His own completed enrolment; anyone else's, or one without a certificate: NotFound."""
    try:
        found = (
            Enrollment.objects.filter(
                member=member, status=EnrollmentStatus.COMPLETED, pk=int(enrollment_id)
            )
            .select_related("member", "training_class", "training_class__course__academy")
            .first()
            if member is not None
            else None
        )
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(CERTIFICATE_NOT_FOUND)
    return found
