"""Nominations by status and their front-line / 新就业形态 shares through the metrics port, and
the honors' section of the dashboard, whose figures equal a recount of the raw tables."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from gonghui.conftest import login
from gonghui.honors.care.services import allowance_create, honoree_recommend_recuperation
from gonghui.honors.models import Allowance, Honoree, Nomination
from gonghui.honors.rounds.services import (
    nomination_approve,
    nomination_reject,
    nomination_resubmit,
    nomination_return,
    nomination_withdraw,
)
from gonghui.honors.stats import honors_section
from gonghui.metrics.models import OrgStat
from gonghui.recuperation.models import BaseLevel, Batch, Category, Participant
from gonghui.recuperation.services import (
    batch_create,
    participant_complete,
    participant_confirm,
    plan_create,
    resort_create,
)

pytestmark = pytest.mark.django_db


def month() -> str:
    return f"{timezone.localdate():%Y-%m}"


def stat(org, metric) -> int:
    row = OrgStat.objects.filter(org=org, metric=metric, period=month()).first()
    return row.value if row else 0


def test_nominations_by_status_and_shares_roll_up(nominate_member, staff, tree):
    welder = nominate_member(name="焊工甲", front_line=True)
    rider = nominate_member(name="骑手乙", front_line=False, new_form=True)
    clerk = nominate_member(name="文员丙", front_line=False)
    for org in (tree.base_a, tree.chengguan, tree.province):
        assert stat(org, "honors.nominations") == 3
        assert stat(org, "honors.nominations.pending") == 3
        assert stat(org, "honors.nominees") == 3
        assert stat(org, "honors.nominees.front_line") == 1
        assert stat(org, "honors.nominees.new_form") == 1
    assert stat(tree.tianshui, "honors.nominations") == 0

    nomination_return(actor=staff.county_admin, nomination=clerk, reason="事迹不具体")
    nomination_reject(actor=staff.county_admin, nomination=rider, reason="不符合条件")
    assert stat(tree.province, "honors.nominations.returned") == 1
    assert stat(tree.province, "honors.nominations.rejected") == 1
    assert stat(tree.province, "honors.nominations.pending") == 1
    # A rejected nomination leaves the shares; the total stays.
    assert stat(tree.province, "honors.nominees") == 2
    assert stat(tree.province, "honors.nominees.new_form") == 0
    assert stat(tree.province, "honors.nominations") == 3

    # Corrected as a front-line worker and sent again: the share follows the flag.
    nomination_resubmit(actor=staff.base_admin, nomination=clerk, front_line=True)
    assert stat(tree.province, "honors.nominations.pending") == 2
    assert stat(tree.province, "honors.nominees.front_line") == 2
    nomination_withdraw(actor=staff.base_admin, nomination=welder)
    assert stat(tree.province, "honors.nominations.withdrawn") == 1
    assert stat(tree.province, "honors.nominees") == 1
    nomination_approve(actor=staff.county_admin, nomination=clerk)
    assert stat(tree.province, "honors.nominations.pending") == 1

    section = honors_section(org=tree.province, start=month(), end=month())
    assert section["figures"]["nominations"] == 3
    assert section["figures"]["front_line_share"] == "100.0%"
    assert section["figures"]["new_form_share"] == "0.0%"
    assert dict(section["by_status"]) == {
        "草稿（未上报）": 0,
        "待审核": 1,
        "退回修改": 0,
        "拟表彰": 0,
        "不予推荐": 1,
        "已撤回": 1,
        "已表彰": 0,
    }


@pytest.fixture
def model_worker_batch(staff, tree):
    resort = resort_create(
        actor=staff.sysadmin,
        org=tree.province,
        name="天水麦积山劳模疗休养基地",
        place="天水市麦积区",
        level=BaseLevel.PROVINCE,
        plaque=True,
    )
    plan = plan_create(actor=staff.sysadmin, org=tree.province, year=2026, title="劳模疗休养")
    start = timezone.localdate() + timedelta(days=1)
    return batch_create(
        actor=staff.sysadmin,
        plan=plan,
        name="第1批",
        resort=resort,
        start_on=start,
        end_on=start + timedelta(days=6),
        places=10,
        route="兰州—天水",
    )


def _recount(org, start: str, end: str) -> dict:
    """The section's figures counted again from the raw tables of the subtree."""
    first = date.fromisoformat(f"{start}-01")
    year, mon = (int(x) for x in end.split("-"))
    after = date(year + mon // 12, mon % 12 + 1, 1)
    nominations = Nomination.objects.filter(
        org__path__startswith=org.path,
        round__created_at__date__gte=first,
        round__created_at__date__lt=after,
    )
    live = nominations.filter(
        subject="person",
        status__in=["pending", "returned", "approved", "awarded"],
    )
    honorees = Honoree.objects.filter(org__path__startswith=org.path)
    paid = Allowance.objects.filter(honoree__in=honorees)
    went = Participant.objects.filter(
        org__path__startswith=org.path,
        status="completed",
        category=Category.MODEL_WORKER,
        batch__start_on__gte=first,
        batch__start_on__lt=after,
    )
    return {
        "conferred": nominations.filter(status="awarded").count(),
        "nominations": nominations.count(),
        "nominees": live.count(),
        "front_line": live.filter(front_line=True).count(),
        "new_form": live.filter(new_form=True).count(),
        "living": honorees.filter(alive=True).count(),
        "allowances": paid.count(),
        "allowance_yuan": paid.aggregate(t=Sum("amount"))["t"] or Decimal(0),
        "recuperation": went.count(),
    }


def test_the_dashboard_section_equals_a_recount(
    nominate_member, staff, tree, medal, make_honoree, paid_on, model_worker_batch
):
    nominate_member(name="焊工甲", front_line=True)
    nominate_member(name="骑手乙", front_line=False, new_form=True)
    returned = nominate_member(name="文员丙", front_line=False)
    nomination_return(actor=staff.county_admin, nomination=returned, reason="请补充材料")
    old = make_honoree(tree.base_a, medal, name="王建国")
    make_honoree(tree.base_b, medal, name="刘秀英")
    make_honoree(tree.tianshui, medal, name="天水劳模")
    allowance_create(
        actor=staff.county_admin,
        honoree=old,
        kind="condolence",
        period="2026年春节",
        fund_source="own",
        amount="3000",
        paid_on=paid_on,
    )
    p = honoree_recommend_recuperation(
        actor=staff.city_admin, honoree=old, batch=model_worker_batch
    )
    participant_confirm(actor=staff.sysadmin, participant=p)
    Batch.objects.filter(pk=model_worker_batch.pk).update(start_on=timezone.localdate())
    participant_complete(actor=staff.sysadmin, participant=p)

    start, end = f"{timezone.localdate():%Y}-01", month()
    for org in (tree.province, tree.lanzhou, tree.tianshui):
        section = honors_section(org=org, start=start, end=end)
        figures = {k: v for k, v in section["figures"].items() if not k.endswith("_share")}
        assert figures == _recount(org, start, end), org.name
    province = honors_section(org=tree.province, start=start, end=end)["figures"]
    assert (province["living"], province["allowances"], province["recuperation"]) == (3, 1, 1)
    assert province["allowance_yuan"] == Decimal("3000")
    assert province["front_line_share"] == "33.3%" and province["new_form_share"] == "33.3%"

    page = login(staff.city_admin).get(f"/stats/org/{tree.lanzhou.pk}/").content.decode()
    assert 'id="honors-section"' in page and "荣誉评选与劳模服务" in page
    assert '<div class="figure" data-key="living"><div class="figure-label">健在劳模</div>' in page
