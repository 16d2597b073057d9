"""派单 / 接单 / 退单 / 转派 / 办理 / 办结 / 督办: the steps that move a case down the tree and back."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.audit.services import atomic_keeping_denials
from gonghui.core.cleaning import parse_yuan
from gonghui.core.errors import ApplicationError
from gonghui.hotline.codes import (
    ACCEPT_TARGET_MINUTES,
    AT_CENTRE,
    DISPATCH_TARGET_MINUTES,
    OPEN_STATUSES,
    CaseStatus,
    Complexity,
    EventAction,
    Result,
)
from gonghui.hotline.deadlines import deadline_for_terms, rule_terms
from gonghui.hotline.models import Case, CaseEvent
from gonghui.hotline.selectors import call_centre_of, is_agent_for
from gonghui.hotline.services.common import (
    _check_status,
    _check_target,
    _check_version,
    _choice,
    _count,
    _lock,
    _record,
    _refuse,
    _require_agent,
    _require_holder,
    _save,
    _text,
)
from gonghui.hotline.services.messages import NOT_ABOVE, REASON_REQUIRED, TRANSFER_NOT_BELOW
from gonghui.hotline.services.notices import notify_closed, notify_returned
from gonghui.inbox.services import refresh
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_scope_path


@atomic_keeping_denials
def case_dispatch(
    *,
    actor: User,
    case: Case,
    to_org: Org,
    note: str = "",
    expected_version: int,
    complexity: str | None = None,
) -> Case:
    """派单: an agent sends a case waiting at the call centre to the union that must act.

    The agent may re-grade the complexity here (an online complaint arrives graded 一般); the
    deadline is then computed again from the same starting time."""
    case = _lock(case)
    _require_agent(actor, case, "派单")
    _check_version(case, expected_version)
    _check_status(case, AT_CENTRE, "派单")
    _check_target(case, to_org)
    note = _text(note, "派单说明", "note", max_length=500, required=False)
    regraded = {}
    if complexity and complexity != case.complexity:
        complexity = _choice(complexity, Complexity, "复杂程度", "complexity")
        regraded = {"complexity": [case.complexity, complexity]}
        case.complexity = complexity
        case.deadline_terms = rule_terms(complexity, case.category)
        case.deadline = deadline_for_terms(case.deadline_from, case.deadline_terms)
    now = timezone.now()
    from_org = case.holder
    case.status, case.holder, case.handler, case.dispatched_at = (
        CaseStatus.DISPATCHED,
        to_org,
        None,
        now,
    )
    if case.dispatch_in_time is None:
        case.dispatch_in_time = now - case.received_at <= timedelta(minutes=DISPATCH_TARGET_MINUTES)
    _save(
        case,
        "status",
        "holder",
        "handler",
        "dispatched_at",
        "dispatch_in_time",
        *(("complexity", "deadline", "deadline_terms") if regraded else ()),
    )
    _record(
        case,
        EventAction.DISPATCH,
        actor=actor,
        at=now,
        note=note,
        from_org=from_org,
        to_org=to_org,
        **regraded,
    )
    refresh(case)
    return case


@atomic_keeping_denials
def case_accept(*, actor: User, case: Case, expected_version: int) -> Case:
    """接单: the holding union takes the case on; the accepting user becomes its handler."""
    case = _lock(case)
    _require_holder(actor, case, "接单")
    _check_version(case, expected_version)
    _check_status(case, (CaseStatus.DISPATCHED,), "接单")
    now = timezone.now()
    case.status, case.handler, case.accepted_at = CaseStatus.ACCEPTED, actor, now
    if case.accept_in_time is None:
        case.accept_in_time = now - case.dispatched_at <= timedelta(minutes=ACCEPT_TARGET_MINUTES)
    _save(case, "status", "handler", "accepted_at", "accept_in_time")
    _record(case, EventAction.ACCEPT, actor=actor, at=now)
    refresh(case)
    return case


@atomic_keeping_denials
def case_return(*, actor: User, case: Case, reason: str, expected_version: int) -> Case:
    """退单: the receiving union sends the case back to the call centre, saying why."""
    case = _lock(case)
    _require_holder(actor, case, "退单")
    _check_version(case, expected_version)
    _check_status(case, (CaseStatus.DISPATCHED,), "退单")
    reason = _text(reason, "退单原因", "reason", max_length=500, required=True)
    now = timezone.now()
    from_org, centre = case.holder, call_centre_of(case.holder)
    case.status, case.holder, case.handler = CaseStatus.RETURNED, centre, None
    _save(case, "status", "holder", "handler")
    _record(
        case, EventAction.RETURN, actor=actor, at=now, note=reason, from_org=from_org, to_org=centre
    )
    notify_returned(case, by=from_org, reason=reason)
    refresh(case)
    return case


@atomic_keeping_denials
def case_transfer(
    *, actor: User, case: Case, to_org: Org, note: str = "", expected_version: int
) -> Case:
    """转派: the holding union passes the case down to one of its own descendants."""
    case = _lock(case)
    _require_holder(actor, case, "转派")
    _check_version(case, expected_version)
    _check_status(case, (CaseStatus.DISPATCHED, CaseStatus.ACCEPTED), "转派")
    if not to_org.path.startswith(case.holder.path) or to_org.pk == case.holder_id:
        raise ApplicationError(TRANSFER_NOT_BELOW.format(holder=case.holder.name), field="to_org")
    _check_target(case, to_org)
    note = _text(note, "转派说明", "note", max_length=500, required=False)
    now = timezone.now()
    from_org = case.holder
    case.status, case.holder, case.handler, case.dispatched_at = (
        CaseStatus.DISPATCHED,
        to_org,
        None,
        now,
    )
    _save(case, "status", "holder", "handler", "dispatched_at")
    _record(
        case, EventAction.TRANSFER, actor=actor, at=now, note=note, from_org=from_org, to_org=to_org
    )
    refresh(case)
    return case


# --- 办理 / 办结 -----------------------------------------------------------------------------


@atomic_keeping_denials(durable=True)
def case_note(*, actor: User, case: Case, note: str, contact: bool = False) -> CaseEvent:
    """A progress note, or (contact=True) a logged contact with the caller. Written by the
    holding union or one above it, or by an agent; it does not change the case's version."""
    case = _lock(case)
    if not is_agent_for(actor, case.holder):
        _require_holder(actor, case, "记录办理进展")
    _check_status(case, (*OPEN_STATUSES, CaseStatus.CLOSED), "记录办理进展")
    note = _text(note, "内容", "note", max_length=2000, required=True)
    action = EventAction.CONTACT if contact else EventAction.NOTE
    event = _record(case, action, actor=actor, at=timezone.now(), note=note)
    refresh(case)  # the holding union's own note answers a 督办
    return event


@atomic_keeping_denials
def case_close(
    *,
    actor: User,
    case: Case,
    result: str,
    reason: str = "",
    outcome: str,
    money_recovered: Decimal | str | int = 0,
    workers_benefited: int = 0,
    lawyer: str = "",
    expected_version: int,
) -> Case:
    """办结: result (with a reason unless 解决), what was done, money recovered for the workers,
    the workers who benefited, and the lawyer who took part (blank if none)."""
    case = _lock(case)
    _require_holder(actor, case, "办结")
    _check_version(case, expected_version)
    _check_status(case, (CaseStatus.ACCEPTED,), "办结")
    result = _choice(result, Result, "办理结果", "result")
    reason = _text(reason, "结果说明", "reason", max_length=500, required=False)
    if result != Result.RESOLVED and not reason:
        raise ApplicationError(REASON_REQUIRED.format(result=Result(result).label), field="reason")
    outcome = _text(outcome, "办理情况", "outcome", max_length=5000, required=True)
    money = parse_yuan(money_recovered, label="追回金额", field="money_recovered")
    benefited = _count(workers_benefited, "受益职工人数", "workers_benefited")
    lawyer = _text(lawyer, "参与律师", "lawyer", max_length=60, required=False)
    now = timezone.now()
    case.status, case.closed_at = CaseStatus.CLOSED, now
    case.result, case.result_reason, case.outcome = result, reason, outcome
    case.money_recovered, case.workers_benefited = money, benefited
    case.lawyer_involved, case.lawyer_name = bool(lawyer), lawyer
    _save(
        case,
        "status",
        "closed_at",
        "result",
        "result_reason",
        "outcome",
        "money_recovered",
        "workers_benefited",
        "lawyer_involved",
        "lawyer_name",
    )
    _record(
        case,
        EventAction.CLOSE,
        actor=actor,
        at=now,
        note=outcome,
        result=result,
        reason=reason,
        money_recovered=str(money),
        workers_benefited=benefited,
        lawyer=lawyer,
        on_time=now <= case.deadline,
    )
    notify_closed(case)
    refresh(case)
    return case


@atomic_keeping_denials
def case_supervise(*, actor: User, case: Case, note: str) -> Case:
    """督办: a union above the holder presses it to act. Does not change the case's version:
    the handler's form stays valid."""
    case = _lock(case)
    _require_holder(actor, case, "督办", perm=Perm.HOTLINE_SUPERVISE)
    _check_status(case, (CaseStatus.DISPATCHED, CaseStatus.ACCEPTED), "督办")
    if org_scope_path(actor) == case.holder.path:
        raise _refuse(actor, case, NOT_ABOVE.format(holder=case.holder.name))
    note = _text(note, "督办意见", "note", max_length=1000, required=True)
    case.supervised = True
    case.supervise_count += 1
    _save(case, "supervised", "supervise_count", bump=False)
    _record(
        case,
        EventAction.SUPERVISE,
        actor=actor,
        at=timezone.now(),
        note=note,
        supervise_count=case.supervise_count,
        overdue=case.is_overdue(),
    )
    _notify_supervised(case, actor, note)
    refresh(case)
    return case


def _notify_supervised(case: Case, actor: User, note: str) -> None:
    """The holding union hears of a 督办 at once, in its notifications."""
    from django.urls import reverse

    from gonghui.notifications.models import Notification, NotificationKind
    from gonghui.notifications.services import notify_orgs

    notify_orgs(
        [
            Notification(
                recipient_org=case.holder,
                kind=NotificationKind.SUPERVISED,
                title=f"工单 {case.number} 被「{actor.org.name}」督办",
                body=note,
                ref=case.number,
                link=reverse("hotline:detail", args=[case.number]),
            )
        ]
    )
