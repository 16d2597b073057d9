from datetime import date, timedelta

import pytest
from django.utils import timezone

from gonghui.competitions.contests.services import contest_create, contest_transition
from gonghui.competitions.models import ContestStatus
from gonghui.inbox.tests.consistency import inbox_consistent_fixture

TRADES = ["焊工", "电工"]


@pytest.fixture
def make_contest(staff):
    """A contest made through the service by `actor` (the province's sysadmin by default),
    moved on to `status` (报名中 by default)."""
    counter = iter(range(100_000))

    def make(
        *,
        actor=None,
        host=None,
        status=ContestStatus.ENROLLING,
        name=None,
        trades=TRADES,
        **extra,
    ):
        actor = actor or staff.sysadmin
        today = timezone.localdate()
        contest = contest_create(
            actor=actor,
            host=host or actor.org,
            name=name or f"测试竞赛{next(counter)}",
            kind=extra.pop("kind", "skill"),
            contest_class=extra.pop("contest_class", "1"),
            starts_on=extra.pop("starts_on", today),
            ends_on=extra.pop("ends_on", today + timedelta(days=60)),
            trades=trades,
            **extra,
        )
        return advance(contest, status, actor=actor)

    return make


ORDER = list(ContestStatus.values)


def advance(contest, status, *, actor):
    while ORDER.index(contest.status) < ORDER.index(status):
        contest = contest_transition(
            actor=actor, contest=contest, status=ORDER[ORDER.index(contest.status) + 1]
        )
    return contest


def year_start() -> date:
    return date(timezone.localdate().year, 1, 1)


@pytest.fixture(autouse=True)
def contest_stats_consistent(request):
    """After every database test here, the contests' roll-ups agree with a recount: every
    service applies its deltas in its own transaction."""
    from gonghui.conftest import with_database

    if not with_database(request):
        yield
        return
    yield
    from gonghui.metrics.registry import provider
    from gonghui.metrics.services import stats_differences

    mine = provider("contests")
    wrong = [d for d in stats_differences() if mine.owns(d.metric)]
    if wrong:
        pytest.fail(f"contest roll-ups disagree with a recount: {wrong[:10]}")


inbox_consistent = inbox_consistent_fixture("competitions.")
