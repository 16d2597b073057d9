import pytest

from gonghui.accounts.models import User
from gonghui.competitions.models.studios import StudioReport, StudioStatus
from gonghui.competitions.studios.selectors import studio_list, studio_stats
from gonghui.demo.accounts import demo_orgs, ensure_demo_accounts
from gonghui.demo.members import seed_members
from gonghui.demo.orgs import seed_orgs
from gonghui.demo.studios import NAMED, REPORT_YEARS, seed_studios
from gonghui.inbox.models import OpenItem
from gonghui.inbox.selectors import check_items
from gonghui.inbox.services import rebuild
from gonghui.metrics.services import stats_differences, stats_rollup
from gonghui.orgs.loader import load_org_tree

pytestmark = pytest.mark.django_db


def test_demo_studios_with_two_years_of_results_and_applications_at_each_step():
    load_org_tree()
    seed_orgs(7)
    seed_members(1500, 7)
    ensure_demo_accounts()
    n = seed_studios(seed=7)
    assert n == NAMED + 4
    assert seed_studios(seed=7) == 0  # once only
    stats_rollup()
    assert [d for d in stats_differences() if d.metric.startswith("studio")] == []
    rebuild()
    assert check_items() == []
    assert StudioReport.objects.count() == NAMED * len(REPORT_YEARS)
    lanzhou = demo_orgs()["lanzhou"]
    lz_admin = User.objects.get(username="lz_admin")
    stats = studio_stats(user=lz_admin)
    assert stats["total"] == NAMED  # named and rectifying
    assert stats["reports"] == NAMED * 2 and stats["benefit"] > 0
    statuses = set(studio_list(user=lz_admin).values_list("status", flat=True))
    assert {StudioStatus.DRAFT, StudioStatus.SUBMITTED, StudioStatus.RETURNED} <= statuses
    assert OpenItem.objects.filter(kind="competitions.studio.review", org=lanzhou).exists()
    assert OpenItem.objects.filter(kind="competitions.studio.approve").count() == 2
    named = studio_list(user=lz_admin, status=StudioStatus.NAMED)
    assert sum(studio.members.count() for studio in named) > 0
