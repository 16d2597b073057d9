"""工作日历变化: open cases' deadlines computed again after the working-day calendar changed."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from gonghui.hotline.codes import OPEN_STATUSES, EventAction
from gonghui.hotline.deadlines import deadline_for_terms
from gonghui.hotline.models import Case
from gonghui.hotline.services.common import _record, _save, _terms
from gonghui.hotline.services.messages import DEADLINE_RECOMPUTED
from gonghui.inbox.services import refresh_pks

RECOMPUTE_CHUNK = 500


def cases_recompute_deadlines(*, days: list[date]) -> int:
    """After the working-day calendar changed on `days`: recompute the deadline of every open
    case whose window (from the day its deadline runs from to its due day, both included)
    contains one of them, since only those days decide it. Returns how many moved.

    Each moved deadline is one timeline row by the system (no actor). The version is not
    bumped: a handler's open form is still right about everything it shows but the deadline.
    It runs in a background task (`hotline.tasks.recompute_deadlines`), outside any
    transaction: the cases are locked and saved `RECOMPUTE_CHUNK` at a time, each chunk in its
    own transaction, so that a year's holidays reaching 200,000 open cases never holds every
    one of them locked at once.
    """
    if not days:
        return 0
    changed = set(days)
    tz = timezone.get_current_timezone()
    first = datetime.combine(min(changed), time.min, tzinfo=tz)
    last = datetime.combine(max(changed) + timedelta(days=1), time.min, tzinfo=tz)
    pks = list(
        Case.objects.filter(
            status__in=OPEN_STATUSES, deadline_from__lt=last, deadline__gte=first
        ).values_list("pk", flat=True)
    )
    moved = 0
    for start in range(0, len(pks), RECOMPUTE_CHUNK):
        moved += _recompute_chunk(pks[start : start + RECOMPUTE_CHUNK], changed)
    return moved


@transaction.atomic
def _recompute_chunk(pks: list[int], changed: set[date]) -> int:
    candidates = (
        Case.objects.select_for_update(of=("self",))
        .select_related("holder")
        .filter(pk__in=pks, status__in=OPEN_STATUSES)  # still open once locked
        .order_by("pk")
    )
    moved = []
    for case in candidates:
        start, due = timezone.localdate(case.deadline_from), timezone.localdate(case.deadline)
        if not any(start <= day <= due for day in changed):
            continue
        deadline = deadline_for_terms(case.deadline_from, _terms(case))
        if deadline == case.deadline:
            continue
        old, case.deadline = case.deadline, deadline
        _save(case, "deadline", bump=False)
        _record(
            case,
            EventAction.DEADLINE,
            actor=None,
            at=timezone.now(),
            note=DEADLINE_RECOMPUTED,
            old=old.isoformat(),
            new=deadline.isoformat(),
        )
        moved.append(case.pk)
    refresh_pks("hotline.Case", moved)  # the items' due times follow the deadlines
    return len(moved)
