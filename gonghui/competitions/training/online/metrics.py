"""The online courses' roll-up figures (statistics provider `training_online`, see
`gonghui.metrics.registry`), counted at the worker's union when he started the course
(`LessonProgress.org`), by month:

- `training.online.learners`: 人次, one per worker per course started (month started);
- `training.online.completions`: courses watched to the end (month completed);
- `training.online.hours`: the 学时 of those completions (month completed), each course's hours
  rounded half up to a whole hour, so a recount gives exactly the sum of the deltas.

The heartbeat service calls `stats_progress_started` / `stats_progress_completed` in its
transaction.
"""

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from gonghui.competitions.models.training import LessonProgress
from gonghui.metrics.services import (
    Figures,
    Metric,
    Provider,
    Row,
    month_key,
    register,
    stats_apply,
    stats_changes,
)

LEARNERS = "training.online.learners"
COMPLETIONS = "training.online.completions"
HOURS = "training.online.hours"


def whole_hours(hours: Decimal) -> int:
    return int(hours.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _month(moment) -> str:
    return month_key(timezone.localtime(moment))


def stats_progress_started(progress: LessonProgress) -> None:
    figures = Figures({(LEARNERS, _month(progress.started_at)): 1})
    stats_apply(stats_changes((progress.org_id, figures)))


def stats_progress_completed(progress: LessonProgress, hours: Decimal) -> None:
    month = _month(progress.completed_at)
    figures = Figures({(COMPLETIONS, month): 1, (HOURS, month): whole_hours(hours)})
    stats_apply(stats_changes((progress.org_id, figures)))


class TrainingOnlineMetrics(Provider):
    name = "training_online"
    metrics = (
        Metric(LEARNERS, "线上学习人次", monthly=True),
        Metric(COMPLETIONS, "线上课程学完人次", monthly=True),
        Metric(HOURS, "线上学习学时", monthly=True),
    )

    def count_own(self, org_ids: list[int] | None) -> Iterator[Row]:
        progress = LessonProgress.objects.all()
        if org_ids is not None:
            progress = progress.filter(org_id__in=org_ids)
        started = progress.annotate(month=TruncMonth("started_at")).values("org_id", "month")
        for row in started.annotate(n=Count("pk")).order_by():
            yield row["org_id"], LEARNERS, month_key(row["month"]), row["n"]
        done = (
            progress.filter(completed_at__isnull=False)
            .annotate(month=TruncMonth("completed_at"))
            .values("org_id", "month", "course__hours")
            .annotate(n=Count("pk"))
            .order_by()
        )
        hours: Figures = Figures()
        for row in done:
            key = (row["org_id"], month_key(row["month"]))
            hours[(*key, COMPLETIONS)] += row["n"]
            hours[(*key, HOURS)] += row["n"] * whole_hours(row["course__hours"])
        for (org_id, month, metric), n in hours.items():
            yield org_id, metric, month, n


register(TrainingOnlineMetrics())
