import pytest
from django.db.models import Q, Sum

from gonghui.demo.accounts import demo_orgs, ensure_demo_accounts
from gonghui.demo.honors import ROUND_2024, ROUND_2026, seed_honors
from gonghui.demo.members import seed_members
from gonghui.demo.orgs import seed_orgs
from gonghui.honors.models import Honor, HonorType, NominationStatus, Quota, Round
from gonghui.metrics.models import OrgStat
from gonghui.metrics.services import stats_differences, stats_rollup
from gonghui.orgs.loader import load_org_tree

pytestmark = pytest.mark.django_db


def test_demo_rounds_a_finished_2024_and_an_open_2026():
    load_org_tree()
    seed_orgs(7)
    seed_members(1500, 7)
    ensure_demo_accounts()
    n = seed_honors()
    assert n >= 8 and seed_honors() == 0  # once only
    assert HonorType.objects.count() == 13
    finished = Round.objects.get(title=ROUND_2024)
    assert finished.decision_no == "甘总工发〔2024〕12号"
    assert Honor.objects.filter(decision_no=finished.decision_no).count() == 8
    current = Round.objects.get(title=ROUND_2026)
    province = demo_orgs()["province"]
    places = dict(
        Quota.objects.filter(round=current, org=province).values_list("honor_type__code", "places")
    )
    # The reports' figures: 表彰省五一劳动奖状46个、奖章239个、工人先锋号170个.
    assert places == {"gansu-may1-award": 46, "gansu-may1-medal": 239, "gansu-vanguard": 170}
    statuses = set(current.nominations.values_list("status", flat=True))
    assert {NominationStatus.PENDING, NominationStatus.RETURNED} <= statuses
    stats_rollup()
    assert [d for d in stats_differences() if d.metric.startswith("honors.")] == []
    # The 2024 round's nominations count in January 2024, when it opened, not in the seed's month.
    awarded = OrgStat.objects.filter(org=province, metric="honors.nominations.awarded").aggregate(
        y2024=Sum("value", filter=Q(period="2024-01")), total=Sum("value")
    )
    assert awarded == {"y2024": 8, "total": 8}
