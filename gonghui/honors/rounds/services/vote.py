"""The base union's staff vote (职工投票) on a nomination, when the round asks for one: it
must pass (赞成 more than half of those present) before the nomination can go up."""

from datetime import date

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core.errors import ApplicationError
from gonghui.honors.models import Nomination, ReviewAction, ReviewStep
from gonghui.honors.rounds.services.common import (
    require_editable,
    require_open,
    require_scope,
    today,
)

NO_VOTE_STEP = "本批次未设基层职工投票环节。"
DATE_INVALID = "投票日期不能晚于今天。"
EXPECTED_INVALID = "应到人数应大于0。"
PRESENT_INVALID = "实到人数应大于0且不能多于应到人数（应到{expected}人，实到{present}人）。"
SUM_INVALID = "赞成、反对、弃权票数之和（{total}）应等于实到人数（{present}）。"
NOT_PASSED = "赞成票{votes_for}票，未超过实到人数{present}人的半数，该推荐未获通过，不能上报。"


@atomic_keeping_denials(durable=True)
def nomination_vote(
    *,
    actor: User,
    nomination: Nomination,
    vote_date: date,
    expected: int,
    present: int,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
) -> Nomination:
    """Record the vote on a draft (or a returned) nomination; refused when the numbers do not
    add up or the nominee did not win more than half of the votes of those present."""
    n = (
        Nomination.objects.select_for_update()
        .select_related("round__org", "org")
        .get(pk=nomination.pk)
    )
    require_scope(actor, n.org, n)
    require_open(n.round, "录入投票结果")
    if not n.round.base_vote:
        raise ApplicationError(NO_VOTE_STEP)
    require_editable(n, "录入投票结果")
    if vote_date > today():
        raise ApplicationError(DATE_INVALID, field="vote_date")
    if expected < 1:
        raise ApplicationError(EXPECTED_INVALID, field="expected")
    if not 1 <= present <= expected:
        raise ApplicationError(
            PRESENT_INVALID.format(expected=expected, present=present), field="present"
        )
    total = votes_for + votes_against + votes_abstain
    if min(votes_for, votes_against, votes_abstain) < 0 or total != present:
        raise ApplicationError(SUM_INVALID.format(total=total, present=present), field="votes_for")
    if votes_for * 2 <= present:
        raise ApplicationError(
            NOT_PASSED.format(votes_for=votes_for, present=present), field="votes_for"
        )
    n.vote_date = vote_date
    n.votes_expected = expected
    n.votes_total = present
    n.votes_for = votes_for
    n.votes_against = votes_against
    n.votes_abstain = votes_abstain
    n.save()
    note = f"应到{expected}人，实到{present}人，赞成{votes_for}票、反对{votes_against}票、弃权{votes_abstain}票"
    ReviewStep.objects.create(
        nomination=n, action=ReviewAction.VOTE, org=n.org, actor=actor, note=note
    )
    audit_record(
        actor=actor,
        action="honors.vote",
        obj=n,
        org=n.org,
        changes={"vote": note, "candidate": n.name},
    )
    return n
