"""The demo's year of 12351 cases: as many as the demo's size calls for, over the last 12 months,
in the reports' proportions, each handled in the caller's county, with the roll-ups right."""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from gonghui.demo.hotline import DEMO_CASES
from gonghui.demo.hotline_year import case_count, seed_year_of_cases
from gonghui.hotline.codes import AT_CENTRE, CaseStatus, Category, Channel, EventAction, Rating
from gonghui.hotline.models import Case, CaseEvent
from gonghui.metrics.services import stats_differences, stats_rollup

pytestmark = pytest.mark.django_db

HAND_MADE_PHONES = {row[1] for row in DEMO_CASES}


def _year_cases():
    cases = Case.objects.select_related("holder", "county").order_by("received_at")
    return [c for c in cases if c.caller_phone not in HAND_MADE_PHONES]


def _months_back(n: int) -> list[str]:
    day = timezone.localdate().replace(day=1)
    months = []
    for _ in range(n):
        day = (day - timedelta(days=1)).replace(day=1)
        months.append(f"{day:%Y-%m}")
    return months


def test_case_count_follows_the_demo_size():
    assert case_count(1000) == 24
    assert case_count(20000) == 200
    assert case_count(100000) == 1000


def test_a_year_of_cases_in_the_reports_proportions():
    """`seed_demo` for 2,000 members (the hand-made cases and 24 of the year), then the year of
    a demo of 15,000 members on top, the roll-ups left as the services' deltas made them (one
    test: seeding is the slow part)."""
    call_command("seed_demo", members=2000, seed=7, stdout=StringIO())
    first = Case.objects.count()
    stats_rollup()
    added = seed_year_of_cases(members=15000, seed=8)
    # The hand-made cases stay as they are, and the year follows N.
    assert first == len(DEMO_CASES) + case_count(2000)
    assert added == 150
    assert Case.objects.count() == first + added
    hand_made = [c for c in Case.objects.all() if c.caller_phone in HAND_MADE_PHONES]
    assert len(hand_made) == len(DEMO_CASES)

    cases = _year_cases()
    assert len(cases) == case_count(2000) + 150
    n = len(cases)
    now = timezone.now()
    assert all(now - timedelta(days=366) <= c.received_at < now for c in cases)
    months = Counter(f"{timezone.localtime(c.received_at):%Y-%m}" for c in cases)
    assert set(_months_back(11)) <= set(months)

    channels = Counter(c.channel for c in cases)
    assert 0.6 <= channels[Channel.PHONE] / n <= 0.8
    assert channels[Channel.ONLINE] > channels[Channel.VISIT] > 0
    assert channels[Channel.LETTER] > 0
    categories = Counter(c.category for c in cases)
    assert categories.most_common(1)[0][0] == Category.WAGES
    assert 0.35 <= categories[Category.WAGES] / n <= 0.55
    assert len(categories) >= 8

    closed = [c for c in cases if c.closed_at]
    assert len(closed) / n >= 0.85
    on_time = sum(c.closed_at <= c.deadline for c in closed) / len(closed)
    assert 0.88 <= on_time <= 0.99
    rated = [c for c in cases if c.rating]
    assert len(rated) / len(closed) >= 0.85
    satisfied = sum(c.rating in (Rating.SATISFIED, Rating.BASIC) for c in rated) / len(rated)
    assert 0.93 <= satisfied < 1
    wages = [c for c in closed if c.category == Category.WAGES]
    assert sum(c.money_recovered > 0 for c in wages) / len(wages) >= 0.7
    assert all(c.money_recovered == 0 for c in closed if c.category != Category.WAGES)

    open_cases = [c for c in cases if c.status not in (CaseStatus.CLOSED, CaseStatus.EVALUATED)]
    assert 0 < len(open_cases) <= 0.12 * n
    supervised = [c for c in cases if c.supervised]
    assert supervised and all(c.is_overdue() for c in supervised)
    events = Counter(CaseEvent.objects.filter(case__in=cases).values_list("action", flat=True))
    assert events[EventAction.RETURN] > 0 and events[EventAction.TRANSFER] > 0
    _check_handled_in_the_callers_county(cases)
    _check_roll_ups()


def _check_handled_in_the_callers_county(cases):
    away = [c for c in cases if c.status not in AT_CENTRE]
    assert len(away) >= 0.95 * len(cases)
    assert all(c.county is not None and c.holder.path.startswith(c.county.path) for c in away)
    # Handled by the county union or passed down to one of its townships.
    assert {c.holder.depth - c.county.depth for c in away} == {0, 1}
    # Each step happened when the timeline says, in order, before now.
    for case in cases[:40]:
        times = list(case.events.order_by("pk").values_list("at", flat=True))
        assert times == sorted(times) and times[0] == case.received_at
        assert times[-1] < timezone.now()


def _check_roll_ups():
    assert stats_differences() == []
    out = StringIO()
    call_command("check_stats", stdout=out)
    assert "一致" in out.getvalue()
