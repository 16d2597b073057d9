from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.audit.models import AuditLog
from gonghui.competitions.contests.counting import chain_counts
from gonghui.competitions.contests.services import (
    contest_create,
    contest_transition,
    contest_update,
    entry_add_member,
    entry_add_team,
    entry_add_unit,
    entry_apply,
    entry_confirm,
    entry_record_result,
    entry_withdraw,
)
from gonghui.competitions.contests.services.contests import (
    LABEL_INVALID,
    PARENT_DRAFT,
    PARENT_NOT_ABOVE,
)
from gonghui.competitions.contests.services.entries import (
    DEADLINE_PASSED,
    MEMBER_TWICE,
    NOT_OPEN,
    OUTSIDE_HOST,
    TRADE_NOT_RUN,
)
from gonghui.competitions.models import ContestStatus, Entry, EntryStatus
from gonghui.competitions.tests.conftest import advance
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.members.models import Team

pytestmark = pytest.mark.django_db


def test_level_follows_the_host(make_contest, staff, tree):
    assert make_contest().level == "province"
    assert make_contest(actor=staff.city_admin).level == "city"
    assert make_contest(actor=staff.county_admin).level == "county"
    group = make_contest(actor=staff.base_admin, level_label="集团级")
    assert (group.level, group.level_text) == ("enterprise", "集团级")


def test_a_level_label_outside_the_list_is_refused(make_contest, staff):
    with pytest.raises(ApplicationError) as exc:
        make_contest(actor=staff.base_admin, level_label="全国级")
    assert exc.value.message.startswith(LABEL_INVALID.split("：")[0])


def test_a_host_outside_the_scope_is_refused_and_audited(make_contest, staff, tree):
    with pytest.raises(Forbidden):
        make_contest(actor=staff.county_admin, host=tree.lanzhou)
    assert AuditLog.objects.filter(action="access.denied", actor=staff.county_admin).exists()


def test_a_qualifier_sits_under_a_contest_hosted_above(make_contest, staff, tree):
    final = make_contest()
    qualifier = make_contest(actor=staff.city_admin, parent=final)
    assert qualifier.chain.startswith(final.chain)
    county = make_contest(actor=staff.county_admin, parent=qualifier)
    assert county.chain.startswith(qualifier.chain)


def test_a_parent_hosted_beside_or_below_is_refused(make_contest, staff):
    sibling = make_contest(actor=staff.sibling_admin)
    with pytest.raises(ApplicationError) as exc:
        make_contest(actor=staff.county_admin, parent=sibling)
    assert exc.value.message == PARENT_NOT_ABOVE.format(
        host="城关区总工会", parent="七里河区总工会"
    )
    county = make_contest(actor=staff.county_admin)
    with pytest.raises(ApplicationError):
        make_contest(actor=staff.city_admin, parent=county)


def test_a_draft_parent_is_refused(make_contest, staff):
    draft = make_contest(status=ContestStatus.DRAFT, name="省赛草稿")
    with pytest.raises(ApplicationError) as exc:
        make_contest(actor=staff.city_admin, parent=draft)
    assert exc.value.message == PARENT_DRAFT.format(name="省赛草稿")


def test_status_moves_one_step_at_a_time(make_contest, staff):
    contest = make_contest(status=ContestStatus.DRAFT)
    with pytest.raises(Conflict):
        contest_transition(actor=staff.sysadmin, contest=contest, status=ContestStatus.RUNNING)
    contest.refresh_from_db()
    assert contest.status == ContestStatus.DRAFT
    contest = contest_transition(
        actor=staff.sysadmin, contest=contest, status=ContestStatus.PUBLISHED
    )
    assert contest.status == ContestStatus.PUBLISHED
    assert AuditLog.objects.filter(action="competitions.contest.transition").count() == 1


def test_a_lower_union_cannot_edit_a_contest_above(make_contest, staff):
    contest = make_contest()
    with pytest.raises(Forbidden):
        contest_update(actor=staff.city_admin, contest=contest, name="改名")
    contest.refresh_from_db()
    assert contest.name != "改名"


def test_dates_in_the_wrong_order_are_refused(make_contest):
    today = timezone.localdate()
    with pytest.raises(ApplicationError):
        make_contest(starts_on=today, ends_on=today - timedelta(days=1))


# --- entries -----------------------------------------------------------------------------


def test_a_member_is_entered_once(make_contest, make_member, staff, tree):
    contest = make_contest()
    member = make_member(tree.base_a, name="李焊")
    entry = entry_add_member(actor=staff.county_admin, contest=contest, member=member, trade="焊工")
    assert (entry.org, entry.status) == (tree.base_a, EntryStatus.CONFIRMED)
    with pytest.raises(Conflict) as exc:
        entry_add_member(actor=staff.city_admin, contest=contest, member=member, trade="电工")
    assert exc.value.message == MEMBER_TWICE.format(name="李焊")
    assert Entry.objects.count() == 1


def test_a_member_outside_the_hosts_subtree_is_refused(make_contest, make_member, staff, tree):
    contest = make_contest(actor=staff.city_admin)  # 兰州
    member = make_member(tree.base_d, name="天水人")
    with pytest.raises(ApplicationError) as exc:
        entry_add_member(actor=staff.sysadmin, contest=contest, member=member, trade="焊工")
    assert exc.value.message == OUTSIDE_HOST.format(who="天水人", host="兰州市总工会")
    assert not Entry.objects.exists()


def test_a_member_outside_the_entering_unions_scope_is_forbidden(
    make_contest, make_member, staff, tree
):
    contest = make_contest()
    member = make_member(tree.base_c)  # 七里河
    with pytest.raises(Forbidden):
        entry_add_member(actor=staff.county_admin, contest=contest, member=member, trade="焊工")
    assert not Entry.objects.exists()


def test_after_the_deadline_entries_are_refused(make_contest, make_member, staff, tree):
    yesterday = timezone.localdate() - timedelta(days=1)
    contest = make_contest(
        starts_on=yesterday - timedelta(days=10), entry_deadline=yesterday, name="过期赛"
    )
    with pytest.raises(ApplicationError) as exc:
        entry_add_member(
            actor=staff.county_admin, contest=contest, member=make_member(tree.base_a), trade="焊工"
        )
    assert exc.value.message == DEADLINE_PASSED.format(name="过期赛", deadline=yesterday)
    assert not Entry.objects.exists()


def test_a_trade_the_contest_does_not_run_is_refused(make_contest, make_member, staff, tree):
    contest = make_contest(name="焊电赛")
    with pytest.raises(ApplicationError) as exc:
        entry_add_member(
            actor=staff.county_admin, contest=contest, member=make_member(tree.base_a), trade="厨师"
        )
    assert exc.value.message == TRADE_NOT_RUN.format(
        name="焊电赛", trade="厨师", trades="焊工、电工"
    )
    assert not Entry.objects.exists()


def test_a_draft_takes_no_entries(make_contest, make_member, staff, tree):
    contest = make_contest(status=ContestStatus.DRAFT, name="草稿赛")
    with pytest.raises(ApplicationError) as exc:
        entry_add_member(
            actor=staff.sysadmin, contest=contest, member=make_member(tree.base_a), trade="焊工"
        )
    assert exc.value.message == NOT_OPEN.format(name="草稿赛", status="草稿")


def test_units_and_teams_are_entered_once(make_contest, staff, tree):
    contest = make_contest()
    entry_add_unit(actor=staff.county_admin, contest=contest, unit=tree.base_a)
    with pytest.raises(Conflict):
        entry_add_unit(actor=staff.county_admin, contest=contest, unit=tree.base_a)
    team = Team.objects.create(org=tree.base_a, name="焊接一班")
    entry_add_team(actor=staff.base_admin, contest=contest, team=team, trade="焊工")
    with pytest.raises(Conflict):
        entry_add_team(actor=staff.base_admin, contest=contest, team=team, trade="焊工")
    assert Entry.objects.count() == 2


def test_a_withdrawn_member_may_enter_again(make_contest, make_member, staff, tree):
    contest = make_contest()
    member = make_member(tree.base_a)
    entry = entry_add_member(actor=staff.county_admin, contest=contest, member=member, trade="焊工")
    entry_withdraw(actor=staff.county_admin, entry=entry)
    entry_add_member(actor=staff.county_admin, contest=contest, member=member, trade="电工")
    assert Entry.objects.filter(status=EntryStatus.CONFIRMED).count() == 1


def test_a_worker_applies_and_his_union_confirms(
    make_contest, make_member, make_worker, staff, tree
):
    contest = make_contest()
    member = make_member(tree.base_a, id_number="620102198506060044")
    worker = make_worker("13900001111", name="张三", id_number="620102198506060044", member=member)
    entry = entry_apply(worker=worker, contest=contest, trade="电工")
    assert (entry.status, entry.applied_online) == (EntryStatus.PENDING, True)
    assert chain_counts(contest).person_entries == 0  # pending: not counted yet
    with pytest.raises(Forbidden):
        entry_confirm(actor=staff.sibling_admin, entry=entry)
    entry_confirm(actor=staff.county_admin, entry=entry)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CONFIRMED
    assert chain_counts(contest).person_entries == 1


# --- results -----------------------------------------------------------------------------


def test_results_title_and_promotion_are_recorded_on_the_member(
    make_contest, make_member, staff, tree
):
    contest = make_contest()
    member = make_member(tree.base_a, tech_level="4")
    entry = entry_add_member(actor=staff.county_admin, contest=contest, member=member, trade="焊工")
    with pytest.raises(ApplicationError):  # not yet running
        entry_record_result(actor=staff.sysadmin, entry=entry, score="95")
    contest = advance(contest, ContestStatus.JUDGING, actor=staff.sysadmin)
    with pytest.raises(Forbidden):  # the entering union is not the organiser
        entry_record_result(actor=staff.county_admin, entry=entry, score="95")
    entry_record_result(
        actor=staff.sysadmin,
        entry=entry,
        score="95.5",
        rank=1,
        prize="1",
        title="expert",
        promoted_to="3",
    )
    entry.refresh_from_db()
    member.refresh_from_db()
    assert (str(entry.score), entry.rank, entry.get_title_display()) == ("95.50", 1, "技术能手")
    assert member.tech_level == "3"
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"member.promote", "competitions.contest.result"} <= actions


def test_a_promotion_not_higher_writes_nothing(make_contest, make_member, staff, tree):
    contest = make_contest()
    member = make_member(tree.base_a, tech_level="2")
    entry = entry_add_member(actor=staff.county_admin, contest=contest, member=member, trade="焊工")
    advance(contest, ContestStatus.RUNNING, actor=staff.sysadmin)
    with pytest.raises(ApplicationError):
        entry_record_result(actor=staff.sysadmin, entry=entry, rank=2, promoted_to="3")
    entry.refresh_from_db()
    member.refresh_from_db()
    assert (entry.rank, member.tech_level) == (None, "2")


def test_a_bad_score_is_refused(make_contest, make_member, staff, tree):
    contest = make_contest()
    entry = entry_add_member(
        actor=staff.county_admin, contest=contest, member=make_member(tree.base_a), trade="焊工"
    )
    advance(contest, ContestStatus.RUNNING, actor=staff.sysadmin)
    for bad in ("abc", "-1", "1.234", "NaN"):
        with pytest.raises(ApplicationError):
            entry_record_result(actor=staff.sysadmin, entry=entry, score=bad)
    entry.refresh_from_db()
    assert entry.score is None


# --- counting ----------------------------------------------------------------------------


def test_items_unit_entries_person_entries_and_persons_differ(
    make_contest, make_member, staff, tree
):
    """A province final with a 兰州 qualifier: 2 项; a unit in both is 2 个次; a member in
    both is 2 人次 but 1 人; another member in the qualifier only adds 1 人次 and 1 人."""
    final = make_contest(name="省赛")
    qualifier = make_contest(actor=staff.city_admin, parent=final, name="兰州选拔赛")
    star = make_member(tree.base_a, name="王星")
    other = make_member(tree.base_c, name="赵二")
    for contest in (final, qualifier):
        entry_add_unit(actor=staff.county_admin, contest=contest, unit=tree.base_a)
        entry_add_member(actor=staff.county_admin, contest=contest, member=star, trade="焊工")
    entry_add_member(actor=staff.city_admin, contest=qualifier, member=other, trade="电工")
    withdrawn = entry_add_unit(actor=staff.city_admin, contest=qualifier, unit=tree.base_c)
    entry_withdraw(actor=staff.city_admin, entry=withdrawn)

    counts = chain_counts(final)
    assert (counts.contests, counts.unit_entries, counts.person_entries, counts.persons) == (
        2,
        2,
        3,
        2,
    )
    only_qualifier = chain_counts(qualifier)
    assert (only_qualifier.contests, only_qualifier.person_entries, only_qualifier.persons) == (
        1,
        2,
        2,
    )


def test_create_is_audited_in_the_same_transaction(make_contest, staff):
    contest = make_contest(status=ContestStatus.DRAFT)
    row = AuditLog.objects.get(action="competitions.contest.create")
    assert row.object_id == str(contest.pk)


def test_nothing_is_written_when_create_fails(staff, tree):
    today = timezone.localdate()
    with pytest.raises(ApplicationError):
        contest_create(
            actor=staff.sysadmin,
            host=tree.province,
            name="",
            kind="skill",
            contest_class="1",
            starts_on=today,
            ends_on=today,
        )
    assert not AuditLog.objects.filter(action__startswith="competitions").exists()


def test_a_winner_is_put_forward_through_the_candidates_port(
    make_contest, make_member, staff, tree, monkeypatch
):
    from gonghui.competitions.contests.services import entry_put_forward
    from gonghui.competitions.contests.services.results import NOT_A_WINNER
    from gonghui.members import candidates

    received = []
    sink = candidates.CandidateSink(
        key="test", label="推荐荣誉", accept=lambda actor, c: received.append(c) or "/honors/1/"
    )
    contest = make_contest(name="焊工大赛")
    member = make_member(tree.base_a)
    entry = entry_add_member(actor=staff.county_admin, contest=contest, member=member, trade="焊工")
    advance(contest, ContestStatus.RUNNING, actor=staff.sysadmin)
    with pytest.raises(ApplicationError) as exc:
        entry_put_forward(actor=staff.sysadmin, entry=entry)
    assert exc.value.message == NOT_A_WINNER  # not ranked yet
    entry_record_result(actor=staff.sysadmin, entry=entry, rank=1, prize="1")
    # Without the honors' own sink (gonghui/honors/candidate_sinks.py), as a deployment
    # without honors would run.
    monkeypatch.setattr(candidates, "_SINKS", {})
    with pytest.raises(Conflict):  # no sink registered: nothing to hand him to
        entry_put_forward(actor=staff.sysadmin, entry=entry)
    candidates.register_candidate_sink(sink)
    assert entry_put_forward(actor=staff.sysadmin, entry=entry) == ["/honors/1/"]
    assert received[0].member_id == member.pk
    assert received[0].source_ref == f"entry:{entry.pk}"
    assert received[0].achievement == "焊工大赛 焊工 一等奖"
    entry.refresh_from_db()
    assert entry.put_forward
