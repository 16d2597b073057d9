import pytest

from gonghui.competitions.contests.counting import chain_counts
from gonghui.competitions.models import Competition, EntryStatus
from gonghui.demo.accounts import demo_orgs, ensure_demo_accounts
from gonghui.demo.competitions import FINAL, seed_competitions
from gonghui.demo.members import seed_members
from gonghui.demo.orgs import seed_orgs
from gonghui.inbox.selectors import check_items
from gonghui.inbox.services import rebuild
from gonghui.metrics.services import stats_differences, stats_rollup
from gonghui.orgs.loader import load_org_tree

pytestmark = pytest.mark.django_db


def test_demo_contests_in_linked_levels_with_the_reports_counts():
    load_org_tree()
    seed_orgs(7)
    seed_members(1500, 7)
    ensure_demo_accounts()
    n = seed_competitions(seed=7)
    assert n > 100
    assert seed_competitions(seed=7) == 0  # once only
    province = demo_orgs()["province"]
    first_class = Competition.objects.filter(host=province, contest_class="1", kind="theme")
    assert first_class.count() == 23
    final = Competition.objects.get(name=FINAL)
    assert final.children.count() >= 10  # a qualifier per city union
    counts = chain_counts(final)
    # Finalists entered twice: more 人次 than 人.
    assert counts.person_entries > counts.persons > 0
    assert counts.unit_entries > 0
    assert Competition.objects.filter(entries__status=EntryStatus.PENDING).exists()
    stats_rollup()
    rebuild()
    assert [d for d in stats_differences() if d.metric.startswith(("contest", "ankang"))] == []
    assert [line for line in check_items() if line.startswith("competitions.")] == []
