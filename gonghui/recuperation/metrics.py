"""The 疗休养 roll-up figures (statistics provider `recuperation`, see
`gonghui.metrics.registry`); the services call the hooks below inside their transactions.

Metric keys, monthly by the batch's departure month:
- `recuperation.participants`: people who went (已出行), counted at their union — the reports'
  "组织…疗休养…5346人"; `recuperation.participants.<category>`: by category.
- `recuperation.batches`: batches, counted at the plan's organising union ("22批次").
"""

from collections.abc import Iterator

from django.db.models import Count

from gonghui.metrics.services import (
    Figures,
    Metric,
    Provider,
    Row,
    month_key,
    negated,
    register,
    stats_apply,
    stats_changes,
)
from gonghui.recuperation.models import Batch, Category, Participant, ParticipantStatus


def _participant_figures(participant: Participant | None) -> tuple[int | None, Figures]:
    if participant is None or participant.status != ParticipantStatus.COMPLETED:
        return None, Figures()
    period = month_key(participant.batch.start_on)
    return participant.org_id, Figures(
        {
            ("recuperation.participants", period): 1,
            (f"recuperation.participants.{participant.category}", period): 1,
        }
    )


def stats_participant_changed(*, before: Participant | None, after: Participant | None) -> None:
    """A participant was added (before None) or changed status; `before` holds the old
    status, org and batch."""
    old_org, old = _participant_figures(before)
    new_org, new = _participant_figures(after)
    if old_org is None and new_org is None:
        return
    stats_apply(stats_changes((old_org, negated(old)), (new_org, new)))


def _batch_figures(batch: Batch) -> Figures:
    return Figures({("recuperation.batches", month_key(batch.start_on)): 1})


def stats_batch_changed(*, before: Batch | None, after: Batch | None) -> None:
    """A batch was created (before None) or its departure moved; each side a batch (its plan's
    org and start date)."""
    old_org = before.plan.org_id if before else None
    new_org = after.plan.org_id if after else None
    stats_apply(
        stats_changes(
            (old_org, negated(_batch_figures(before)) if before else Figures()),
            (new_org, _batch_figures(after) if after else Figures()),
        )
    )


class RecuperationMetrics(Provider):
    name = "recuperation"
    metrics = (
        Metric(
            "recuperation.participants",
            "疗休养人次",
            choices=tuple(Category.choices),
            monthly=True,
        ),
        Metric("recuperation.batches", "疗休养批次", monthly=True),
    )

    def count_own(self, org_ids: list[int] | None) -> Iterator[Row]:
        went = Participant.objects.filter(status=ParticipantStatus.COMPLETED)
        batches = Batch.objects.all()
        if org_ids is not None:
            went = went.filter(org_id__in=org_ids)
            batches = batches.filter(plan__org_id__in=org_ids)
        for row in (
            went.values("org_id", "category", "batch__start_on").annotate(n=Count("pk")).order_by()
        ):
            period = month_key(row["batch__start_on"])
            yield row["org_id"], "recuperation.participants", period, row["n"]
            yield row["org_id"], f"recuperation.participants.{row['category']}", period, row["n"]
        for row in batches.values("plan__org_id", "start_on").annotate(n=Count("pk")).order_by():
            yield row["plan__org_id"], "recuperation.batches", month_key(row["start_on"]), row["n"]


register(RecuperationMetrics())
