"""A contest winner put forward (推荐荣誉) lands in the honors' 候选人库 through the
members.candidates port — neither app imports the other."""

from gonghui.competitions.contests.services import (
    entry_add_member,
    entry_put_forward,
    entry_record_result,
)
from gonghui.competitions.models import ContestStatus
from gonghui.competitions.tests.conftest import advance
from gonghui.honors.models import Candidate


def test_a_winner_lands_in_the_honors_candidate_pool_once(make_contest, make_member, staff, tree):
    contest = make_contest(name="焊工大赛")
    member = make_member(tree.base_a)
    entry = entry_add_member(actor=staff.county_admin, contest=contest, member=member, trade="焊工")
    advance(contest, ContestStatus.RUNNING, actor=staff.sysadmin)
    entry_record_result(actor=staff.sysadmin, entry=entry, rank=1, prize="1")

    assert entry_put_forward(actor=staff.sysadmin, entry=entry) == ["/honors/candidates/"]
    entry_put_forward(actor=staff.sysadmin, entry=entry)

    candidate = Candidate.objects.get()
    assert candidate.member == member
    assert candidate.org == tree.base_a
    assert candidate.source_ref == f"entry:{entry.pk}"
    assert candidate.achievement == "焊工大赛 焊工 一等奖"
