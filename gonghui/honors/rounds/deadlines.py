"""Which unions of open rounds are behind with a level deadline in the next 3 working days
(the `honors.deadline` 待办): the deadline of their level falls between today and 3 working
days from now, and they still hold nominations in draft or returned to them, or have not sent
on all their places. One per round and union (`RoundUnion`)."""

from collections import defaultdict
from datetime import date

from django.db.models import F, QuerySet

from gonghui.honors.models import (
    Deadline,
    Nomination,
    NominationStatus,
    Quota,
    RoundStatus,
    RoundUnion,
    Step,
)
from gonghui.honors.rounds.services.common import REVIEW_TYPES, sent_above, today
from gonghui.workcalendar.selectors import add_working_days

DAYS = 3


def step_for(org) -> str:
    return REVIEW_TYPES.get(org.org_type, Step.BASE)


def _due_soon(on: date) -> dict[int, dict[str, date]]:
    until = add_working_days(on, DAYS)
    found: dict[int, dict[str, date]] = defaultdict(dict)
    for d in Deadline.objects.filter(round__status=RoundStatus.OPEN, due__gte=on, due__lte=until):
        found[d.round_id][d.step] = d.due
    return found


def behind(ru: RoundUnion) -> bool:
    """Drafts or returned nominations held by the union, or places not yet sent on."""
    if Nomination.objects.filter(
        round_id=ru.round_id,
        holder_id=ru.org_id,
        status__in=[NominationStatus.DRAFT, NominationStatus.RETURNED],
    ).exists():
        return True
    for q in Quota.objects.filter(round_id=ru.round_id, org_id=ru.org_id).select_related(
        "honor_type"
    ):
        if sent_above(ru.round, q.honor_type, ru.org).count() < q.places:
            return True
    return False


def deadline_due(ru: RoundUnion) -> date | None:
    d = Deadline.objects.filter(round_id=ru.round_id, step=step_for(ru.org)).first()
    return d.due if d else None


def due_soon_unions() -> QuerySet[RoundUnion]:
    soon = _due_soon(today())
    pks = []
    if soon:
        rows = (
            RoundUnion.objects.filter(round_id__in=soon)
            .exclude(org_id=F("round__org_id"))
            .select_related("org", "round")
        )
        pks = [ru.pk for ru in rows if step_for(ru.org) in soon[ru.round_id] and behind(ru)]
    return RoundUnion.objects.filter(pk__in=pks).select_related("org", "round")
