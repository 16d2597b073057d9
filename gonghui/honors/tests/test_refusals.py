"""Every refusal of the rounds: a clear Chinese message and nothing written."""

from datetime import timedelta

import pytest

from gonghui.audit.models import AuditLog
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.honors.models import Deadline, Nomination, NominationStatus, Quota, ReviewStep
from gonghui.honors.rounds.services import (
    nomination_approve,
    nomination_reject,
    nomination_return,
    publicity_start,
    quota_set,
    round_decide,
    round_open,
)
from gonghui.honors.rounds.services.common import today
from gonghui.members.models import MemberStatus

pytestmark = pytest.mark.django_db


def nothing_written(before_nominations: int, before_steps: int) -> bool:
    return Nomination.objects.count() == before_nominations and (
        ReviewStep.objects.count() == before_steps
    )


def test_the_same_person_twice_in_a_round(nominate_member, make_member, tree):
    first = nominate_member()
    with pytest.raises(Conflict) as refused:
        nominate_member(member=first.member)
    assert refused.value.message == "李明已被推荐参加本批次评选，同一人（单位）不能重复推荐。"
    assert nothing_written(1, 1)


@pytest.mark.raw_member_writes
def test_a_nominee_without_an_active_membership(nominate_member, make_member, tree):
    member = make_member(tree.base_a, name="钱七")
    member.status = MemberStatus.RETAINED
    member.save()
    with pytest.raises(ApplicationError) as refused:
        nominate_member(member=member)
    assert refused.value.message == "钱七的会籍状态为「保留会籍」，只能推荐在会会员。"
    assert nothing_written(0, 0)


@pytest.mark.raw_inbox_writes  # dates moved through the ORM
def test_after_the_deadline_of_the_level(nominate_member, medal_round):
    Deadline.objects.filter(round=medal_round, step="base").update(due=today() - timedelta(days=1))
    with pytest.raises(ApplicationError) as refused:
        nominate_member()
    assert "基层工会环节已于" in refused.value.message and "截止" in refused.value.message
    assert nothing_written(0, 0)


@pytest.mark.raw_inbox_writes  # dates moved through the ORM
def test_the_county_reviews_after_its_deadline(nominate_member, medal_round, staff):
    n = nominate_member()
    Deadline.objects.filter(round=medal_round, step="county").update(
        due=today() - timedelta(days=1)
    )
    with pytest.raises(ApplicationError) as refused:
        nomination_approve(actor=staff.county_admin, nomination=n)
    assert "县区总工会环节已于" in refused.value.message
    n.refresh_from_db()
    assert n.holder.name == "城关区总工会"


def test_a_reviewer_of_the_wrong_level_or_outside(nominate_member, staff, province_admin):
    n = nominate_member()
    before = AuditLog.objects.filter(action="access.denied").count()
    with pytest.raises(Forbidden) as refused:
        nomination_approve(actor=staff.city_admin, nomination=n)
    assert refused.value.message == "该推荐当前由「城关区总工会」审核，您所在的层级不能办理。"
    with pytest.raises(Forbidden):
        nomination_approve(actor=staff.tianshui_admin, nomination=n)
    with pytest.raises(Forbidden):
        nomination_approve(actor=province_admin, nomination=n)
    assert AuditLog.objects.filter(action="access.denied").count() == before + 3
    n.refresh_from_db()
    assert n.holder.name == "城关区总工会" and ReviewStep.objects.count() == 1


def test_an_action_in_the_wrong_state(nominate_member, staff):
    n = nominate_member()
    nomination_reject(actor=staff.county_admin, nomination=n, reason="事迹不突出")
    with pytest.raises(ApplicationError) as refused:
        nomination_approve(actor=staff.county_admin, nomination=n)
    assert refused.value.message == "该推荐当前状态为「不予推荐」，不能同意上报。"


def test_a_reason_is_required_to_return_or_reject(nominate_member, staff):
    n = nominate_member()
    for service in (nomination_return, nomination_reject):
        with pytest.raises(ApplicationError) as refused:
            service(actor=staff.county_admin, nomination=n, reason="  ")
        assert refused.value.message == "请填写理由。"
    n.refresh_from_db()
    assert n.status == NominationStatus.PENDING


def test_a_returned_nomination_cannot_be_approved_by_the_base(nominate_member, staff):
    n = nominate_member()
    nomination_return(actor=staff.county_admin, nomination=n, reason="补材料")
    with pytest.raises(ApplicationError) as refused:
        nomination_approve(actor=staff.base_admin, nomination=n)
    assert refused.value.message == "该推荐已退回推荐单位，请修改后重新上报。"


def test_quota_splits_cannot_exceed_the_parent(medal_round, medal, province_admin, staff, tree):
    with pytest.raises(ApplicationError) as refused:
        quota_set(
            actor=province_admin, round=medal_round, honor_type=medal, org=tree.tianshui, places=5
        )
    assert refused.value.message.startswith("「甘肃省总工会」的甘肃省五一劳动奖章名额为10个")
    assert Quota.objects.get(round=medal_round, org=tree.tianshui).places == 4
    quota_set(
        actor=staff.city_admin, round=medal_round, honor_type=medal, org=tree.chengguan, places=4
    )
    with pytest.raises(ApplicationError):
        quota_set(
            actor=staff.city_admin, round=medal_round, honor_type=medal, org=tree.qilihe, places=3
        )
    # 城关 has no places of its own to give to 七里河 (not its child), nor may 城关 split 兰州's.
    with pytest.raises(ApplicationError):
        quota_set(
            actor=staff.county_admin, round=medal_round, honor_type=medal, org=tree.qilihe, places=1
        )
    with pytest.raises(ApplicationError) as lower:
        quota_set(
            actor=province_admin, round=medal_round, honor_type=medal, org=tree.lanzhou, places=3
        )
    assert lower.value.message == "「兰州市总工会」已向下级分配4个名额，不能少于该数。"


def test_the_ratio_lets_a_level_send_more_than_its_places(
    nominate_member, medal_round, medal, staff, province_admin, tree
):
    medal_round.ratio = 1.5
    medal_round.save()
    quota_set(
        actor=staff.city_admin, round=medal_round, honor_type=medal, org=tree.chengguan, places=2
    )
    sent = [nominate_member(name=f"职工{i}") for i in range(4)]
    for n in sent[:3]:
        nomination_approve(actor=staff.county_admin, nomination=n)
    with pytest.raises(Conflict) as refused:
        nomination_approve(actor=staff.county_admin, nomination=sent[3])
    assert (
        refused.value.message
        == "「城关区总工会」的甘肃省五一劳动奖章名额为3个，已上报3个，不能再上报。"
    )
    # At the province the final list holds exactly its places.
    medal_round.quotas.filter(org=tree.province).update(places=1)
    for n in sent[:2]:
        nomination_approve(actor=staff.city_admin, nomination=n)
    nomination_approve(actor=province_admin, nomination=sent[0])
    with pytest.raises(Conflict):
        nomination_approve(actor=province_admin, nomination=sent[1])


def test_only_the_conferrer_opens_a_round(staff, medal):
    with pytest.raises(ApplicationError) as refused:
        round_open(actor=staff.city_admin, title="x", year=2026, quotas={medal: 3})
    assert (
        refused.value.message
        == "「甘肃省五一劳动奖章」的授予单位是甘肃省总工会，只有授予单位才能组织该荣誉的评选。"
    )


def test_constraints_warn_below_and_refuse_the_final_list(
    nominate_member, medal_round, staff, province_admin
):
    from gonghui.honors.rounds.selectors import round_checks

    medal_round.front_line_pct = 85
    medal_round.new_form_min = 1
    medal_round.save()
    n = nominate_member(front_line=False)
    nomination_approve(actor=staff.county_admin, nomination=n)
    checks = round_checks(user=staff.county_admin, round=medal_round)
    assert [(c.label, c.ok) for c in checks] == [
        ("一线职工占比", False),
        ("新就业形态劳动者", False),
    ]
    nomination_approve(actor=staff.city_admin, nomination=n)  # a warning only: it goes on
    nomination_approve(actor=province_admin, nomination=n)
    with pytest.raises(ApplicationError) as refused:
        publicity_start(actor=province_admin, round=medal_round)
    assert refused.value.message == (
        "最终名单不符合评选条件：一线职工占比0%（要求不低于85%）；新就业形态劳动者0名（要求不少于1名）。"
    )
    medal_round.refresh_from_db()
    assert medal_round.status == "open"


@pytest.mark.raw_inbox_writes  # dates moved through the ORM
def test_decision_refusals(nominate_member, medal_round, staff, province_admin):
    from gonghui.honors.rounds.services import objection_file

    n = nominate_member()
    for user in (staff.county_admin, staff.city_admin, province_admin):
        nomination_approve(actor=user, nomination=n)
    with pytest.raises(ApplicationError):
        round_decide(
            actor=province_admin,
            round=medal_round,
            decision_no="甘总工发〔2026〕18号",
            decided_on=today(),
        )
    rnd = publicity_start(actor=province_admin, round=medal_round)
    objection_file(nomination=n, name="某某", contact="13900002222", text="反映问题")
    rnd.publicity_until = today() - timedelta(days=1)
    rnd.save()
    with pytest.raises(ApplicationError) as refused:
        round_decide(
            actor=province_admin, round=rnd, decision_no="甘总工发〔2026〕18号", decided_on=today()
        )
    assert refused.value.message == "还有1件公示异议未处理完毕。"
    with pytest.raises(Forbidden):
        round_decide(
            actor=staff.city_admin,
            round=rnd,
            decision_no="甘总工发〔2026〕18号",
            decided_on=today(),
        )


def test_an_upheld_objection_withdraws_the_candidate(
    nominate_member, medal_round, staff, province_admin
):
    from gonghui.honors.rounds.services import objection_file, objection_resolve

    n = nominate_member()
    for user in (staff.county_admin, staff.city_admin, province_admin):
        nomination_approve(actor=user, nomination=n)
    publicity_start(actor=province_admin, round=medal_round)
    o = objection_file(nomination=n, name="某某", contact="13900002222", text="反映问题")
    objection_resolve(actor=province_admin, objection=o, upheld=True, finding="经核查属实")
    n.refresh_from_db()
    assert n.status == NominationStatus.WITHDRAWN and n.reason == "经核查属实"


def test_candidate_pool_from_the_port(staff, make_member, tree, nominate_member, medal_round):
    from gonghui.honors.models import Candidate
    from gonghui.members.candidates import Candidate as Offered
    from gonghui.members.candidates import put_forward

    member = make_member(tree.base_a, name="孙焊")
    offered = Offered(
        member_id=member.pk,
        source="competitions",
        source_ref="entry:1",
        achievement="焊工大赛一等奖",
    )
    urls = put_forward(staff.base_admin, offered, sink="honors")
    put_forward(staff.base_admin, offered, sink="honors")
    assert urls == ["/honors/candidates/"] and Candidate.objects.count() == 1
    n = nominate_member(member=member, candidate=Candidate.objects.get())
    assert Candidate.objects.get().nomination == n
