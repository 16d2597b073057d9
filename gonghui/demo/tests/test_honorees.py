from decimal import Decimal

import pytest

from gonghui.demo.accounts import ensure_demo_accounts
from gonghui.demo.honorees import BATCH_AMOUNT, BATCH_KEY, seed_honorees
from gonghui.demo.members import seed_members
from gonghui.demo.orgs import seed_orgs
from gonghui.honors.models import Allowance, CareRecord, Honor, Honoree, HonorLevel
from gonghui.metrics.services import stats_differences, stats_rollup
from gonghui.orgs.loader import load_org_tree

pytestmark = pytest.mark.django_db


def test_demo_honorees_with_honors_a_spring_festival_batch_and_care():
    load_org_tree()
    seed_orgs(7)
    seed_members(1500, 7)
    ensure_demo_accounts()
    n = seed_honorees(seed=7)
    assert n == Honoree.objects.count() == 300
    assert seed_honorees(seed=7) == 0  # once only
    stats_rollup()
    assert [d for d in stats_differences() if d.metric.startswith("honorees")] == []

    linked = Honoree.objects.filter(member__isnull=False)
    assert linked.count() == 240
    assert all(h.member.id_number_hash == h.id_number_hash for h in linked[:20])
    # About one 省劳模 to two 省五一奖章, as in 甘肃's report (299 : 672).
    models = Honor.objects.filter(honor_type__title="甘肃省劳动模范").count()
    medals = Honor.objects.filter(honor_type__title="甘肃省五一劳动奖章").count()
    assert 1.5 < medals / models < 3.2
    # 每人发放3000元春节慰问金 to every living national honoree, none to the deceased.
    paid = Allowance.objects.filter(batch__key=BATCH_KEY)
    national = (
        Honoree.objects.filter(
            alive=True, honors__honor_type__level=HonorLevel.NATIONAL, honors__revoked=False
        )
        .distinct()
        .count()
    )
    assert paid.count() == national > 10
    assert set(paid.values_list("amount", flat=True)) == {Decimal(BATCH_AMOUNT)}
    assert not paid.filter(honoree__alive=False).exists()
    assert Honoree.objects.filter(alive=False).exists()
    assert CareRecord.objects.filter(kind="lecture", audience__gt=0).exists()
