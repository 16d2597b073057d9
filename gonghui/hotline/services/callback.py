"""回访: the caller's rating of a closed case, taken by an agent or given by the caller himself
online; 不满意 may reopen the case."""

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials
from gonghui.core.errors import ApplicationError
from gonghui.hotline.codes import CaseStatus, EventAction, Rating
from gonghui.hotline.deadlines import deadline_for_terms
from gonghui.hotline.models import Case
from gonghui.hotline.services.common import (
    _check_status,
    _check_version,
    _choice,
    _lock,
    _record,
    _require_agent,
    _save,
    _terms,
    _text,
)
from gonghui.hotline.services.messages import (
    ALREADY_RATED,
    RATE_NOT_CLOSED,
    REOPEN_NEEDS_UNSATISFIED,
)
from gonghui.hotline.services.notices import notify_reopened
from gonghui.inbox.services import refresh


@atomic_keeping_denials
def case_callback(
    *,
    actor: User,
    case: Case,
    rating: str,
    comment: str = "",
    reopen: bool = False,
    expected_version: int | None = None,
) -> Case:
    """回访: an agent records the caller's rating. 不满意 may reopen the case at the same union
    and handler, with a new deadline running from now. A case the caller rated himself online
    is no longer 已办结 and is refused here."""
    case = _lock(case)
    _require_agent(actor, case, "回访")
    _check_version(case, expected_version)
    _check_status(case, (CaseStatus.CLOSED,), "回访")
    rating = _choice(rating, Rating, "回访评价", "rating")
    comment = _text(comment, "回访意见", "comment", max_length=500, required=False)
    return _rate(case, actor=actor, rating=rating, comment=comment, reopen=reopen)


@atomic_keeping_denials(durable=True)
def case_rate_by_caller(
    *, case: Case, rating: str, comment: str = "", reopen: bool = False
) -> Case:
    """The caller rates his closed case himself (the worker portal): the same effect as an
    agent's 回访, recorded as a 回访 by the caller. Whoever calls this has already proved the
    case is his (his phone, verified by SMS, is the case's)."""
    case = _lock(case)
    if case.status == CaseStatus.EVALUATED:
        raise ApplicationError(ALREADY_RATED, code="already_rated")
    if case.status != CaseStatus.CLOSED:
        raise ApplicationError(RATE_NOT_CLOSED, code="wrong_status")
    rating = _choice(rating, Rating, "评价", "rating")
    comment = _text(comment, "评价意见", "comment", max_length=500, required=False)
    return _rate(case, actor=None, rating=rating, comment=comment, reopen=reopen, by="caller")


def _rate(
    case: Case, *, actor: User | None, rating: str, comment: str, reopen: bool, **data
) -> Case:
    """Record a closed case's rating; 不满意 with `reopen` sends it back to the same union and
    handler with a new deadline running from now."""
    if reopen and rating != Rating.UNSATISFIED:
        raise ApplicationError(REOPEN_NEEDS_UNSATISFIED, field="reopen")
    now = timezone.now()
    case.rating, case.rating_comment, case.callback_at = rating, comment, now
    case.status = CaseStatus.EVALUATED
    fields = ["status", "rating", "rating_comment", "callback_at"]
    if reopen:
        case.status = CaseStatus.ACCEPTED
        case.reopen_count += 1
        case.deadline_from = now
        case.deadline = deadline_for_terms(now, _terms(case))
        case.closed_at, case.result, case.result_reason = None, "", ""
        fields += ["reopen_count", "deadline_from", "deadline", "closed_at", "result"]
        fields += ["result_reason"]
    _save(case, *fields)
    _record(case, EventAction.CALLBACK, actor=actor, at=now, note=comment, rating=rating, **data)
    if reopen:
        _record(
            case,
            EventAction.REOPEN,
            actor=actor,
            at=now,
            to_org=case.holder,
            reopen_count=case.reopen_count,
            deadline=case.deadline.isoformat(),
            **data,
        )
        notify_reopened(case, comment=comment)
    refresh(case)
    return case
