"""The contests' org handler: a merge hands the hosted contests and the entries to the
receiving union (their figures and 待办 follow); a contest under way stops its host's
dissolution."""

import pytest

from gonghui.competitions.contests.services import entry_add_member, entry_add_unit
from gonghui.competitions.models import ContestStatus
from gonghui.competitions.org_handlers import DISSOLVE_HAS_CONTESTS
from gonghui.competitions.tests.conftest import advance
from gonghui.core.errors import ApplicationError
from gonghui.orgs.services import org_dissolve, org_merge

pytestmark = pytest.mark.django_db


def test_a_merge_hands_over_contests_and_entries(make_contest, make_member, staff, tree):
    hosted = make_contest(actor=staff.county_admin, host=tree.base_b, trades=[])
    province = make_contest()
    member = make_member(tree.base_b)
    entry_add_unit(actor=staff.county_admin, contest=province, unit=tree.base_b)
    entry = entry_add_member(
        actor=staff.county_admin, contest=province, member=member, trade="焊工"
    )
    org_merge(actor=staff.county_admin, source=tree.base_b, target=tree.base_a)
    hosted.refresh_from_db()
    entry.refresh_from_db()
    assert (hosted.host, entry.org) == (tree.base_a, tree.base_a)
    # The autouse checks then compare the roll-ups and the 待办 with a recount.


def test_a_contest_under_way_stops_the_dissolution(make_contest, staff, tree):
    contest = make_contest(actor=staff.county_admin, host=tree.base_b, trades=[])
    with pytest.raises(ApplicationError) as exc:
        org_dissolve(actor=staff.county_admin, org=tree.base_b)
    assert exc.value.message == DISSOLVE_HAS_CONTESTS.format(n=1)
    advance(contest, ContestStatus.AWARDED, actor=staff.county_admin)
    org_dissolve(actor=staff.county_admin, org=tree.base_b)
