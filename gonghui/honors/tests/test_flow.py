"""The round's path end to end through the services: nominate, review up the levels, 公示,
an objection, the decision and the honoree registry."""

from datetime import timedelta

import pytest

from gonghui.audit.models import AuditLog
from gonghui.core.errors import Conflict
from gonghui.honors.models import Honor, Honoree, NominationStatus, Objection, RoundStatus
from gonghui.honors.rounds.services import (
    nomination_approve,
    nomination_return,
    objection_file,
    objection_resolve,
    publicity_start,
    round_decide,
)
from gonghui.honors.rounds.services.common import review_chain, today

pytestmark = pytest.mark.django_db


def test_the_chain_skips_townships_and_ends_at_the_round(tree):
    chain = review_chain(tree.base_a, tree.province)
    assert [o.name for o in chain] == [
        "兰州甲公司工会",
        "城关区总工会",
        "兰州市总工会",
        "甘肃省总工会",
    ]
    assert [o.name for o in review_chain(tree.base_a, tree.lanzhou)][-1] == "兰州市总工会"


def test_a_nomination_goes_up_and_is_honored(
    nominate_member, staff, province_admin, medal_round, tree
):
    one = nominate_member()
    two = nominate_member(name="王芳")
    assert one.holder == tree.chengguan and one.status == NominationStatus.PENDING

    nomination_approve(actor=staff.county_admin, nomination=one)
    nomination_approve(actor=staff.county_admin, nomination=two)
    one = nomination_approve(actor=staff.city_admin, nomination=one)
    two = nomination_return(actor=staff.city_admin, nomination=two, reason="事迹材料不完整")
    assert one.holder == tree.province
    assert two.holder == tree.chengguan and two.status == NominationStatus.RETURNED
    two = nomination_return(actor=staff.county_admin, nomination=two, reason="请补充材料")
    assert two.holder == tree.base_a

    one = nomination_approve(actor=province_admin, nomination=one)
    assert one.status == NominationStatus.APPROVED
    from gonghui.honors.rounds.services import nomination_withdraw

    nomination_withdraw(actor=staff.base_admin, nomination=two, reason="本人放弃")

    rnd = publicity_start(actor=province_admin, round=medal_round)
    assert rnd.status == RoundStatus.PUBLICITY and rnd.publicity_until > today()
    objection = objection_file(
        nomination=one, name="赵六", contact="13900001111", text="反映其事迹有夸大。"
    )
    assert objection.contact_masked == "139****1111"
    objection_resolve(
        actor=province_admin, objection=objection, upheld=False, finding="经核查不属实"
    )

    rnd.publicity_until = today() - timedelta(days=1)
    rnd.save()
    rnd = round_decide(
        actor=province_admin, round=rnd, decision_no="甘总工发〔2026〕18号", decided_on=today()
    )
    one.refresh_from_db()
    assert rnd.status == RoundStatus.DECIDED
    assert one.status == NominationStatus.AWARDED and one.certificate_no
    honor = Honor.objects.get(nomination_id=one.pk)
    assert honor.decision_no == "甘总工发〔2026〕18号"
    assert honor.honoree.member_id == one.member_id
    assert honor.honoree.id_number_hash == one.member.id_number_hash
    assert Honoree.objects.count() == 1
    assert Objection.objects.get().status == "dismissed"
    assert AuditLog.objects.filter(action="honors.decide").count() == 1
    # The roll-up equals a recount, at the nominating union and up its chain.
    from gonghui.metrics.models import OrgStat
    from gonghui.metrics.registry import provider
    from gonghui.metrics.services import stats_differences

    mine = provider("honors")
    assert [d for d in stats_differences() if mine.owns(d.metric)] == []
    period = today().strftime("%Y-%m")
    for org in (tree.base_a, tree.chengguan, tree.province):
        stat = OrgStat.objects.get(org=org, metric="honors.award.gansu-may1-medal", period=period)
        assert stat.value == 1


def test_lanzhou_cannot_send_more_than_its_places(nominate_member, staff, medal_round, medal, tree):
    from gonghui.honors.rounds.services import quota_set

    quota_set(
        actor=staff.city_admin, round=medal_round, honor_type=medal, org=tree.chengguan, places=3
    )
    noms = [nominate_member(name=f"职工{i}") for i in range(3)]
    for n in noms:
        nomination_approve(actor=staff.county_admin, nomination=n)
    # 兰州's own places shrink to 2 (as if it had been given 2): its third send is refused.
    medal_round.quotas.filter(org=tree.lanzhou).update(places=2)
    nomination_approve(actor=staff.city_admin, nomination=noms[0])
    nomination_approve(actor=staff.city_admin, nomination=noms[1])
    with pytest.raises(Conflict) as refused:
        nomination_approve(actor=staff.city_admin, nomination=noms[2])
    assert (
        refused.value.message
        == "「兰州市总工会」的甘肃省五一劳动奖章名额为2个，已上报2个，不能再上报。"
    )
    noms[2].refresh_from_db()
    assert noms[2].holder == tree.lanzhou and noms[2].status == NominationStatus.PENDING


def test_the_inbox_follows_the_nomination(nominate_member, staff, province_admin, medal_round):
    from gonghui.honors.rounds.services import objection_file, objection_resolve
    from gonghui.inbox.models import OpenItem

    def items(kind):
        return list(OpenItem.objects.filter(kind=kind).values_list("org__name", "summary"))

    n = nominate_member()
    assert items("honors.review") == [("城关区总工会", "审核荣誉推荐：李明（甘肃省五一劳动奖章）")]
    nomination_return(actor=staff.county_admin, nomination=n, reason="补材料")
    assert items("honors.review") == []
    assert items("honors.fix") == [("兰州甲公司工会", "推荐被退回修改：李明（甘肃省五一劳动奖章）")]
    from gonghui.honors.rounds.services import nomination_resubmit

    nomination_resubmit(actor=staff.base_admin, nomination=n, deeds="补充后的事迹")
    assert items("honors.fix") == [] and len(items("honors.review")) == 1
    for user in (staff.county_admin, staff.city_admin, province_admin):
        nomination_approve(actor=user, nomination=n)
    assert items("honors.review") == []
    publicity_start(actor=province_admin, round=medal_round)
    assert [org for org, _ in items("honors.publicity")] == ["甘肃省总工会"]
    o = objection_file(nomination=n, name="某", contact="13900001111", text="反映")
    assert [org for org, _ in items("honors.objection")] == ["甘肃省总工会"]
    objection_resolve(actor=province_admin, objection=o, upheld=False, finding="不实")
    assert items("honors.objection") == []


def test_the_main_figures_report_has_the_honors_line(staff, tree):
    from gonghui.honors.models import HonorType
    from gonghui.honors.rounds.catalogue import load_catalogue
    from gonghui.metrics.registry import Figures
    from gonghui.metrics.services import stats_apply
    from gonghui.stats.reports import honors_line

    load_catalogue(tree.province)
    assert HonorType.objects.filter(code="gansu-vanguard").exists()
    stats_apply({tree.base_a.pk: Figures({("honors.award.gansu-may1-medal", "2026-04"): 2})})
    stats_apply({tree.base_d.pk: Figures({("honors.award.gansu-vanguard", "2026-05"): 1})})
    line = honors_line(org=tree.province, start="2026-01", end="2026-12")
    assert line == "表彰省五一劳动奖状0个、奖章2个、工人先锋号1个"
    assert honors_line(org=tree.lanzhou, start="2026-05", end="2026-12") == (
        "表彰省五一劳动奖状0个、奖章0个、工人先锋号0个"
    )
    # The figures above were written without honors behind them: put the recount back.
    from gonghui.metrics.services import stats_rollup

    stats_rollup()


@pytest.mark.raw_inbox_writes  # the 公示's last day is moved through the ORM
def test_an_honor_is_revoked_by_the_conferrer(nominate_member, staff, province_admin, medal_round):
    from gonghui.core.errors import ApplicationError
    from gonghui.honors.rounds.services import honor_revoke

    n = nominate_member()
    for user in (staff.county_admin, staff.city_admin, province_admin):
        nomination_approve(actor=user, nomination=n)
    rnd = publicity_start(actor=province_admin, round=medal_round)
    rnd.publicity_until = today() - timedelta(days=1)
    rnd.save()
    round_decide(
        actor=province_admin, round=rnd, decision_no="甘总工发〔2026〕18号", decided_on=today()
    )
    honor = Honor.objects.get()
    with pytest.raises(ApplicationError) as refused:
        honor_revoke(
            actor=staff.city_admin, honor=honor, decision_no="兰总工发〔2026〕1号", reason="x"
        )
    assert refused.value.message == "只有授予单位（甘肃省总工会）才能撤销该荣誉。"
    with pytest.raises(ApplicationError):
        honor_revoke(actor=province_admin, honor=honor, decision_no="第1号", reason="弄虚作假")
    honor = honor_revoke(
        actor=province_admin, honor=honor, decision_no="甘总工发〔2026〕30号", reason="弄虚作假"
    )
    assert honor.revoked and honor.revoke_decision_no == "甘总工发〔2026〕30号"
    with pytest.raises(ApplicationError) as again:
        honor_revoke(
            actor=province_admin, honor=honor, decision_no="甘总工发〔2026〕31号", reason="x"
        )
    assert again.value.message == "该荣誉已撤销。"
