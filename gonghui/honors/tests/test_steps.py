"""The optional steps through the services: materials before a draft goes up, the base's staff
vote, and 征求意见 / 评审委员会 as round stages before 公示 — each refusal in Chinese, nothing
written."""

from datetime import timedelta
from decimal import Decimal

import pytest

from gonghui.audit.models import AuditLog
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.honors.models import (
    CommitteeReview,
    NominationAttachment,
    NominationStatus,
    Opinion,
    RoundStatus,
)
from gonghui.honors.rounds.services import (
    attachment_add,
    attachment_delete,
    committee_record,
    committee_start,
    consult_start,
    nominate,
    nomination_approve,
    nomination_return,
    nomination_submit,
    nomination_vote,
    nomination_withdraw,
    opinion_override,
    opinion_record,
    publicity_start,
)
from gonghui.honors.rounds.services.common import today
from gonghui.honors.tests.steps_helpers import PDF, open_round, pdf, png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _nominate(staff, rnd, ht, make_member, tree, name="李明", **kw):
    return nominate(
        actor=staff.base_admin,
        round=rnd,
        honor_type=ht,
        member=make_member(tree.base_a, name=name),
        post="焊工",
        front_line=True,
        deeds="扎根一线二十年。",
        **kw,
    )


def _to_final(staff, province_admin, n):
    for actor in (staff.county_admin, staff.city_admin, province_admin):
        n = nomination_approve(actor=actor, nomination=n)
    assert n.status == NominationStatus.APPROVED
    return n


# --- materials ----------------------------------------------------------------------------


def test_required_materials_are_checked_before_going_up(
    staff, province_admin, medal, make_member, tree, media
):
    medal.materials = "主要事迹材料\n近期免冠彩色照片"
    medal.materials_enforced = True
    medal.save()
    rnd = open_round(province_admin, medal, tree)
    with pytest.raises(ApplicationError) as refused:
        _nominate(staff, rnd, medal, make_member, tree)
    assert "须上传以下材料后才能上报：主要事迹材料、近期免冠彩色照片" in refused.value.message
    assert not rnd.nominations.exists()

    n = _nominate(staff, rnd, medal, make_member, tree, submit=False)
    assert n.status == NominationStatus.DRAFT and n.holder == tree.base_a
    a = attachment_add(
        actor=staff.base_admin, nomination=n, uploaded_file=pdf(), material="主要事迹材料"
    )
    assert a.original_name == "事迹材料.pdf" and a.content_type == "application/pdf"
    assert a.file.name.startswith(f"honors/{rnd.pk}/") and "事迹" not in a.file.name
    assert (media / a.file.name).read_bytes() == PDF
    with pytest.raises(ApplicationError) as refused:
        nomination_submit(actor=staff.base_admin, nomination=n)
    assert refused.value.message.endswith("须上传以下材料后才能上报：近期免冠彩色照片。")
    n.refresh_from_db()
    assert n.status == NominationStatus.DRAFT

    attachment_add(
        actor=staff.base_admin, nomination=n, uploaded_file=png(), material="近期免冠彩色照片"
    )
    n = nomination_submit(actor=staff.base_admin, nomination=n)
    assert n.status == NominationStatus.PENDING and n.holder == tree.chengguan
    with pytest.raises(ApplicationError) as refused:
        attachment_delete(actor=staff.base_admin, attachment=a)
    assert "只有草稿或退回到推荐单位的推荐才能删除材料" in refused.value.message
    assert NominationAttachment.objects.filter(nomination=n).count() == 2
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"honors.attach", "honors.submit"} <= actions

    # Returned to the base: editable again, a file can go.
    n = nomination_return(actor=staff.county_admin, nomination=n, reason="照片不清晰")
    attachment_delete(actor=staff.base_admin, attachment=a)
    assert not NominationAttachment.objects.filter(pk=a.pk).exists()
    assert "honors.detach" in set(AuditLog.objects.values_list("action", flat=True))


def test_files_are_checked_by_type_content_and_size(
    staff, province_admin, medal, make_member, tree
):
    rnd = open_round(province_admin, medal, tree)
    n = _nominate(staff, rnd, medal, make_member, tree, submit=False)
    cases = [
        (pdf("病毒.exe", b"MZ\x90\x00"), "格式不支持"),
        (pdf("假的.pdf", b"GIF89a not a pdf at all"), "内容不是PDF文件"),
        (pdf("空.pdf", b""), "是空文件"),
        (pdf("大.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)), "超过 10 MB"),
    ]
    for upload, words in cases:
        with pytest.raises(ApplicationError) as refused:
            attachment_add(actor=staff.base_admin, nomination=n, uploaded_file=upload)
        assert words in refused.value.message
    with pytest.raises(ApplicationError) as refused:
        attachment_add(actor=staff.base_admin, nomination=n, uploaded_file=pdf(), material="无此项")
    assert "不是「甘肃省五一劳动奖章」的所需材料项" in refused.value.message
    assert not NominationAttachment.objects.exists()
    # Outside the nominating union's subtree: refused (the views answer 404 before this).
    with pytest.raises(Forbidden) as refused:
        attachment_add(actor=staff.tianshui_admin, nomination=n, uploaded_file=pdf())
    assert "管辖范围" in str(refused.value)


def test_materials_listed_but_not_enforced_do_not_block(
    staff, province_admin, medal, make_member, tree
):
    assert medal.material_list and not medal.materials_enforced
    rnd = open_round(province_admin, medal, tree)
    n = _nominate(staff, rnd, medal, make_member, tree)
    assert n.status == NominationStatus.PENDING


# --- the base's staff vote ------------------------------------------------------------------


def test_the_staff_vote_must_pass_before_going_up(staff, province_admin, medal, make_member, tree):
    rnd = open_round(province_admin, medal, tree, base_vote=True)
    with pytest.raises(ApplicationError) as refused:
        _nominate(staff, rnd, medal, make_member, tree)
    assert "先组织职工投票" in refused.value.message
    n = _nominate(staff, rnd, medal, make_member, tree, submit=False)
    with pytest.raises(ApplicationError) as refused:
        nomination_submit(actor=staff.base_admin, nomination=n)
    assert "先组织职工投票" in refused.value.message

    def vote(**kw):
        args = {
            "vote_date": today(),
            "expected": 12,
            "present": 10,
            "votes_for": 8,
            "votes_against": 1,
            "votes_abstain": 1,
        }
        return nomination_vote(actor=staff.base_admin, nomination=n, **{**args, **kw})

    refusals = [
        ({"votes_abstain": 2}, "之和（11）应等于实到人数（10）"),
        ({"present": 13, "votes_for": 11}, "不能多于应到人数（应到12人，实到13人）"),
        ({"votes_for": 5, "votes_against": 4}, "赞成票5票，未超过实到人数10人的半数"),
        ({"vote_date": today() + timedelta(days=1)}, "投票日期不能晚于今天"),
    ]
    for kw, words in refusals:
        with pytest.raises(ApplicationError) as refused:
            vote(**kw)
        assert words in refused.value.message
    n.refresh_from_db()
    assert n.vote_date is None and n.votes_for is None

    n = vote()
    assert (n.votes_expected, n.votes_total, n.votes_for) == (12, 10, 8)
    n = nomination_submit(actor=staff.base_admin, nomination=n)
    assert n.status == NominationStatus.PENDING
    assert "应到12人，实到10人" in n.steps.get(action="vote").note


def test_a_round_without_the_vote_step_refuses_a_vote(
    staff, province_admin, medal, make_member, tree
):
    rnd = open_round(province_admin, medal, tree)
    n = _nominate(staff, rnd, medal, make_member, tree, submit=False)
    with pytest.raises(ApplicationError) as refused:
        nomination_vote(
            actor=staff.base_admin,
            nomination=n,
            vote_date=today(),
            expected=5,
            present=5,
            votes_for=5,
            votes_against=0,
            votes_abstain=0,
        )
    assert refused.value.message == "本批次未设基层职工投票环节。"


# --- 征求意见 ------------------------------------------------------------------------------


def test_consultation_is_a_stage_and_dissent_blocks_publicity(
    staff, province_admin, medal, make_member, tree
):
    rnd = open_round(province_admin, medal, tree, consult=True)
    one = _to_final(staff, province_admin, _nominate(staff, rnd, medal, make_member, tree))
    two = _to_final(
        staff, province_admin, _nominate(staff, rnd, medal, make_member, tree, name="王芳")
    )
    with pytest.raises(ApplicationError) as refused:
        opinion_record(actor=province_admin, nomination=one, department="纪检", agree=True)
    assert "只有在征求意见阶段才能记录部门意见" in refused.value.message
    with pytest.raises(ApplicationError) as refused:
        publicity_start(actor=province_admin, round=rnd)
    assert refused.value.message == "本批次设有征求意见环节，请先开始征求意见。"

    rnd = consult_start(actor=province_admin, round=rnd)
    assert rnd.status == RoundStatus.CONSULTING
    with pytest.raises(ApplicationError):
        consult_start(actor=province_admin, round=rnd)
    opinion_record(actor=province_admin, nomination=one, department="纪检", agree=True)
    with pytest.raises(ApplicationError) as refused:
        opinion_record(actor=province_admin, nomination=one, department="信访", agree=False)
    assert refused.value.message == "部门不同意时，请填写不同意的理由。"
    with pytest.raises(ApplicationError) as refused:
        opinion_record(actor=province_admin, nomination=one, department=" ", agree=True)
    assert "请填写征求意见的部门" in refused.value.message
    dissent = opinion_record(
        actor=province_admin, nomination=one, department="信访", agree=False, remark="有信访件"
    )
    opinion_record(
        actor=province_admin, nomination=two, department="安监", agree=False, remark="有事故"
    )
    # Only the round's union records: a city admin is refused.
    with pytest.raises(Forbidden) as refused:
        opinion_record(actor=staff.city_admin, nomination=one, department="税务", agree=True)
    assert "组织单位" in str(refused.value)
    assert Opinion.objects.count() == 3

    with pytest.raises(ApplicationError) as refused:
        publicity_start(actor=province_admin, round=rnd)
    assert "有部门不同意意见" in refused.value.message
    assert "李明、王芳" in refused.value.message

    with pytest.raises(ApplicationError) as refused:
        opinion_override(actor=province_admin, opinion=dissent, reason="")
    assert refused.value.message == "请填写理由。"
    opinion_override(actor=province_admin, opinion=dissent, reason="信访件经查不属实")
    with pytest.raises(ApplicationError) as refused:
        opinion_override(actor=province_admin, opinion=dissent, reason="再次")
    assert refused.value.message == "该意见已作出不予采纳的说明。"
    with pytest.raises(ApplicationError) as refused:
        publicity_start(actor=province_admin, round=rnd)
    assert "：王芳。" in refused.value.message

    nomination_withdraw(actor=province_admin, nomination=two, reason="安监部门不同意")
    rnd = publicity_start(actor=province_admin, round=rnd)
    assert rnd.status == RoundStatus.PUBLICITY
    assert one.steps.filter(action="override").exists()


# --- 评审委员会 ----------------------------------------------------------------------------


def test_the_committee_reviews_every_candidate_before_publicity(
    staff, province_admin, medal, make_member, tree
):
    rnd = open_round(province_admin, medal, tree, consult=True, committee=True)
    one = _to_final(staff, province_admin, _nominate(staff, rnd, medal, make_member, tree))
    two = _to_final(
        staff, province_admin, _nominate(staff, rnd, medal, make_member, tree, name="王芳")
    )
    with pytest.raises(ApplicationError) as refused:
        committee_start(actor=province_admin, round=rnd)
    assert refused.value.message == "本批次设有征求意见环节，请先开始征求意见。"
    consult_start(actor=province_admin, round=rnd)
    opinion_record(
        actor=province_admin, nomination=two, department="环保", agree=False, remark="排污超标"
    )
    with pytest.raises(ApplicationError) as refused:
        publicity_start(actor=province_admin, round=rnd)
    assert refused.value.message == "本批次设有评审委员会评审环节，请先开始评审委员会评审。"
    with pytest.raises(ApplicationError) as refused:
        committee_start(actor=province_admin, round=rnd)
    assert "提交评审委员会：王芳" in refused.value.message
    opinion_override(actor=province_admin, opinion=two.opinions.get(), reason="已整改")
    rnd = committee_start(actor=province_admin, round=rnd)
    assert rnd.status == RoundStatus.COMMITTEE

    with pytest.raises(ApplicationError) as refused:
        publicity_start(actor=province_admin, round=rnd)
    assert refused.value.message.startswith("还有2名候选人未经评审委员会评审（李明、王芳）")
    with pytest.raises(ApplicationError) as refused:
        committee_record(actor=province_admin, nomination=one, passed=True)
    assert refused.value.message == "请填写评分或表决票数（赞成、反对、弃权）。"
    with pytest.raises(ApplicationError) as refused:
        committee_record(actor=province_admin, nomination=one, passed=True, votes_for=9)
    assert refused.value.message == "请完整填写赞成、反对、弃权票数。"
    with pytest.raises(ApplicationError) as refused:
        committee_record(actor=province_admin, nomination=one, passed=True, score=Decimal(120))
    assert refused.value.message == "评分应在0至100之间。"
    committee_record(
        actor=province_admin,
        nomination=one,
        passed=True,
        votes_for=9,
        votes_against=1,
        votes_abstain=1,
        score=Decimal("92.5"),
    )
    with pytest.raises(ApplicationError) as refused:
        committee_record(actor=province_admin, nomination=one, passed=True, score=Decimal(90))
    assert "已有评审委员会评审结果" in refused.value.message
    committee_record(
        actor=province_admin, nomination=two, passed=False, score=Decimal(50), remark="事迹一般"
    )
    two.refresh_from_db()
    assert two.status == NominationStatus.REJECTED and two.reason == "事迹一般"
    assert CommitteeReview.objects.count() == 2

    rnd = publicity_start(actor=province_admin, round=rnd)
    assert rnd.status == RoundStatus.PUBLICITY
    assert list(rnd.nominations.filter(status="approved").values_list("name", flat=True)) == [
        "李明"
    ]


def test_a_stage_the_round_does_not_have_is_refused(
    staff, province_admin, medal, make_member, tree
):
    rnd = open_round(province_admin, medal, tree)
    _to_final(staff, province_admin, _nominate(staff, rnd, medal, make_member, tree))
    with pytest.raises(ApplicationError) as refused:
        consult_start(actor=province_admin, round=rnd)
    assert refused.value.message == "本批次未设征求意见环节。"
    with pytest.raises(ApplicationError) as refused:
        committee_start(actor=province_admin, round=rnd)
    assert refused.value.message == "本批次未设评审委员会评审环节。"
    with_waiting = open_round(province_admin, medal, tree, committee=True)
    _nominate(staff, with_waiting, medal, make_member, tree, name="赵强")
    with pytest.raises(ApplicationError) as refused:
        committee_start(actor=province_admin, round=with_waiting)
    assert "还有1个推荐在各级审核中" in refused.value.message
