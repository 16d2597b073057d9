"""The training's roll-up figures (statistics provider `training`, see
`gonghui.metrics.registry`); the services call the hooks below inside their transactions.

Metric keys:
- `training.academies` and `training.academies.<level>`: active academies, at the host unit
  (period "");
- `training.courses` and `training.courses.<mode>`: the courses of active academies, at the
  academy's host unit (period "");
- monthly by the class's start month, at the union holding the class (举办工会) — a trainee's
  later transfer moves nothing: `training.classes` (班次 not cancelled), `training.enrollments`
  (培训人次: enrolled, completed or not), `training.completions` (结业人数) and
  `training.tenth_hours` (学时 attended, in tenths: sessions last 0.5 学时 steps).

The online courses count `training.online.*` in their own provider (worker's union).
"""

from collections.abc import Iterator

from django.db.models import Count, F, Q, Sum

from gonghui.competitions.models.training import (
    Academy,
    AcademyLevel,
    AcademyStatus,
    ClassStatus,
    Course,
    CourseMode,
    Enrollment,
    EnrollmentStatus,
    TrainingClass,
)
from gonghui.metrics.services import (
    Figures,
    Metric,
    Provider,
    Row,
    month_key,
    negated,
    register,
    stats_apply,
)

# Enrolments that count as 培训人次 (an application or a cancelled one does not).
COUNTED = (EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED, EnrollmentStatus.NOT_COMPLETED)
TENTHS = 10


def academy_figures(academy: Academy) -> dict[int, Figures]:
    """What an academy and its courses add, at its host unit (from the database)."""
    if academy.status != AcademyStatus.ACTIVE:
        return {}
    figures = Figures(
        {("training.academies", ""): 1, (f"training.academies.{academy.level}", ""): 1}
    )
    modes = Course.objects.filter(academy=academy).values("mode").annotate(n=Count("pk"))
    for row in modes.order_by():
        figures[("training.courses", "")] += row["n"]
        figures[(f"training.courses.{row['mode']}", "")] += row["n"]
    return {academy.org_id: figures}


def class_figures(training_class: TrainingClass) -> dict[int, Figures]:
    """What a class and its enrolments add, at the class's union (from the database)."""
    if training_class.status == ClassStatus.CANCELLED:
        return {}
    month = month_key(training_class.starts_on)
    sums = Enrollment.objects.filter(training_class=training_class, status__in=COUNTED).aggregate(
        n=Count("pk"),
        done=Count("pk", filter=Q(status=EnrollmentStatus.COMPLETED)),
        hours=Sum("hours"),
    )
    figures = Figures(
        {
            ("training.classes", month): 1,
            ("training.enrollments", month): sums["n"],
            ("training.completions", month): sums["done"],
            ("training.tenth_hours", month): round((sums["hours"] or 0) * TENTHS),
        }
    )
    return {training_class.org_id: figures}


def stats_changed(before: dict[int, Figures], after: dict[int, Figures]) -> None:
    """Apply the difference between two `*_figures` snapshots, org by org."""
    changes: dict[int, Figures] = {}
    for org_id in set(before) | set(after):
        delta = Figures(after.get(org_id, Figures()))
        delta.update(negated(before.get(org_id, Figures())))
        delta = Figures({key: n for key, n in delta.items() if n})
        if delta:
            changes[org_id] = delta
    if changes:
        stats_apply(changes)


class TrainingMetrics(Provider):
    name = "training"
    metrics = (
        Metric("training.academies", "工匠学院数", choices=tuple(AcademyLevel.choices)),
        Metric("training.courses", "课程数", choices=tuple(CourseMode.choices)),
        Metric("training.classes", "培训班次（期）", monthly=True),
        Metric("training.enrollments", "培训职工（人次）", monthly=True),
        Metric("training.completions", "结业人数", monthly=True),
        Metric("training.tenth_hours", "培训学时（0.1学时）", monthly=True),
    )

    def count_own(self, org_ids: list[int] | None) -> Iterator[Row]:
        academies = Academy.objects.filter(status=AcademyStatus.ACTIVE)
        courses = Course.objects.filter(academy__status=AcademyStatus.ACTIVE)
        classes = TrainingClass.objects.exclude(status=ClassStatus.CANCELLED)
        enrollments = Enrollment.objects.filter(status__in=COUNTED).exclude(
            training_class__status=ClassStatus.CANCELLED
        )
        if org_ids is not None:
            academies = academies.filter(org_id__in=org_ids)
            courses = courses.filter(academy__org_id__in=org_ids)
            classes = classes.filter(org_id__in=org_ids)
            enrollments = enrollments.filter(training_class__org_id__in=org_ids)
        for row in academies.values("org_id", "level").annotate(n=Count("pk")).order_by():
            yield row["org_id"], "training.academies", "", row["n"]
            yield row["org_id"], f"training.academies.{row['level']}", "", row["n"]
        rows = courses.annotate(org_id=F("academy__org_id")).values("org_id", "mode")
        for row in rows.annotate(n=Count("pk")).order_by():
            yield row["org_id"], "training.courses", "", row["n"]
            yield row["org_id"], f"training.courses.{row['mode']}", "", row["n"]
        for row in classes.values("org_id", "starts_on").annotate(n=Count("pk")).order_by():
            yield row["org_id"], "training.classes", month_key(row["starts_on"]), row["n"]
        grouped = enrollments.annotate(
            class_org=F("training_class__org_id"), month=F("training_class__starts_on")
        ).values("class_org", "month")
        sums = grouped.annotate(
            n=Count("pk"),
            done=Count("pk", filter=Q(status=EnrollmentStatus.COMPLETED)),
            hours=Sum("hours"),
        )
        for row in sums.order_by():
            month = month_key(row["month"])
            org_id = row["class_org"]
            yield org_id, "training.enrollments", month, row["n"]
            yield org_id, "training.completions", month, row["done"]
            yield org_id, "training.tenth_hours", month, round(row["hours"] * TENTHS)


register(TrainingMetrics())
