"""Review up the levels: 同意上报 / 退回修改 / 不予推荐 by the union the nomination waits at
(征求意见 and the 评审委员会 are stages of the round: services/stages.py)."""

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.honors.models import Nomination, NominationStatus, ReviewAction, ReviewStep
from gonghui.honors.rounds.metrics import nominations_figures, stats_nominations_changed
from gonghui.honors.rounds.services.common import (
    WRONG_LEVEL,
    WRONG_STATE,
    check_quota,
    clean_reason,
    refresh_deadlines,
    require_deadline,
    require_open,
    require_scope,
    review_chain,
    step_of,
)
from gonghui.inbox.services import refresh

AT_BASE = "该推荐已退回推荐单位，请修改后重新上报。"

REVIEWABLE = (NominationStatus.PENDING, NominationStatus.RETURNED)


def _lock_for_review(actor: User, nomination: Nomination, action: str) -> Nomination:
    n = (
        Nomination.objects.select_for_update()
        .select_related("round__org", "org", "holder", "honor_type")
        .get(pk=nomination.pk)
    )
    require_scope(actor, n.holder, n)
    if n.status not in REVIEWABLE:
        raise ApplicationError(WRONG_STATE.format(status=n.get_status_display(), action=action))
    if actor.org_id != n.holder_id:
        raise denial(
            Forbidden(WRONG_LEVEL.format(org=n.holder.name)),
            actor=actor,
            action="access.denied",
            obj=n,
            org=n.holder,
        )
    if n.holder_id == n.org_id and n.org_id != n.round.org_id:
        raise ApplicationError(AT_BASE)
    require_open(n.round, action)
    require_deadline(n.round, step_of(n.holder, n.org), action)
    return n


def _record(n: Nomination, actor: User, action: str, before: str, note: str = "") -> None:
    ReviewStep.objects.create(nomination=n, action=action, org=n.holder, actor=actor, note=note)


@atomic_keeping_denials(durable=True)
def nomination_approve(*, actor: User, nomination: Nomination) -> Nomination:
    """同意上报: on to the next level, or onto the final list at the round's own union. The
    level's places are checked as the nomination leaves it."""
    n = _lock_for_review(actor, nomination, "同意上报")
    here = n.holder
    check_quota(n.round, n.honor_type, here)
    before, figures = n.status, nominations_figures([n])
    _record(n, actor, ReviewAction.APPROVE, before)
    if here.pk == n.round.org_id:
        n.status = NominationStatus.APPROVED
    else:
        chain = review_chain(n.org, n.round.org)
        n.holder = chain[[o.pk for o in chain].index(here.pk) + 1]
        n.status = NominationStatus.PENDING
    n.reason = ""
    n.save(update_fields=["status", "holder", "reason", "updated_at"])
    stats_nominations_changed(before=figures, nominations=[n])
    refresh(n)
    refresh_deadlines(n.round)
    audit_record(
        actor=actor,
        action="honors.approve",
        obj=n,
        org=here,
        changes={"status": [before, n.status], "holder": [here.name, n.holder.name]},
    )
    return n


@atomic_keeping_denials(durable=True)
def nomination_return(*, actor: User, nomination: Nomination, reason: str) -> Nomination:
    """退回修改: back to the level below, with the reason."""
    n = _lock_for_review(actor, nomination, "退回")
    reason = clean_reason(clean_text(reason, label="理由", field="reason"))
    here = n.holder
    chain = review_chain(n.org, n.round.org)
    below = chain[max([o.pk for o in chain].index(here.pk) - 1, 0)]
    before, figures = n.status, nominations_figures([n])
    _record(n, actor, ReviewAction.RETURN, before, reason)
    n.holder = below
    n.status = NominationStatus.RETURNED
    n.reason = reason
    n.save(update_fields=["status", "holder", "reason", "updated_at"])
    stats_nominations_changed(before=figures, nominations=[n])
    refresh(n)
    refresh_deadlines(n.round)
    audit_record(
        actor=actor,
        action="honors.return",
        obj=n,
        org=here,
        changes={"status": [before, n.status], "holder": [here.name, below.name], "reason": reason},
    )
    return n


@atomic_keeping_denials(durable=True)
def nomination_reject(*, actor: User, nomination: Nomination, reason: str) -> Nomination:
    """不予推荐: the nomination ends here, with the reason."""
    n = _lock_for_review(actor, nomination, "不予推荐")
    reason = clean_reason(clean_text(reason, label="理由", field="reason"))
    before, figures = n.status, nominations_figures([n])
    _record(n, actor, ReviewAction.REJECT, before, reason)
    n.status = NominationStatus.REJECTED
    n.reason = reason
    n.save(update_fields=["status", "reason", "updated_at"])
    stats_nominations_changed(before=figures, nominations=[n])
    refresh(n)
    refresh_deadlines(n.round)
    audit_record(
        actor=actor,
        action="honors.reject",
        obj=n,
        org=n.holder,
        changes={"status": [before, n.status], "reason": reason},
    )
    return n
