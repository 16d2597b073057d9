"""The contests' 待办: an online application waits for the member's union; results wait for the
host until the contest is 已表彰. The autouse check compares the table with the kinds' sources."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.competitions.contests.services import (
    contest_transition,
    entry_apply,
    entry_confirm,
    entry_withdraw,
)
from gonghui.competitions.models import ContestStatus
from gonghui.competitions.tests.conftest import advance
from gonghui.inbox.selectors import visible_items

pytestmark = pytest.mark.django_db


def kinds_of(user) -> list[str]:
    return list(visible_items(user).values_list("kind", flat=True))


@pytest.fixture
def applied(make_contest, make_member, make_worker, tree):
    contest = make_contest()
    member = make_member(tree.base_a, id_number="620102198506060044")
    worker = make_worker("13900002222", name="张三", id_number="620102198506060044", member=member)
    return entry_apply(worker=worker, contest=contest, trade="焊工")


def test_an_application_waits_for_the_members_union(applied, staff):
    assert kinds_of(staff.base_admin) == ["competitions.contest.confirm"]
    assert kinds_of(staff.base_c_admin) == []
    entry_confirm(actor=staff.base_admin, entry=applied)
    assert kinds_of(staff.base_admin) == []


def test_a_withdrawn_application_closes_its_item(applied, staff):
    entry_withdraw(actor=staff.base_admin, entry=applied)
    assert kinds_of(staff.base_admin) == []


def test_results_wait_for_the_host_until_awarded(make_contest, staff):
    due = timezone.localdate() + timedelta(days=30)
    contest = make_contest(actor=staff.city_admin, results_due=due)
    assert kinds_of(staff.city_admin) == []
    contest = advance(contest, ContestStatus.RUNNING, actor=staff.city_admin)
    assert kinds_of(staff.city_admin) == ["competitions.contest.results"]
    assert kinds_of(staff.county_admin) == []
    contest = advance(contest, ContestStatus.JUDGING, actor=staff.city_admin)
    contest_transition(actor=staff.city_admin, contest=contest, status=ContestStatus.AWARDED)
    assert kinds_of(staff.city_admin) == []
