"""Every write to a 12351 case: one function per step of 接听—登记—派单—办理—督办—办结—回访,
one module per use case:

- `intake`: 接听登记 (by an agent, or online by the worker) and the caller's data in full;
- `workflow`: 派单, 接单, 退单, 转派, progress notes, 办结, 督办;
- `callback`: 回访 and the caller's own rating, reopening an unsatisfied case;
- `attachments`: files kept with a case;
- `deadlines`: deadlines computed again after the working-day calendar changed;
- `rules`: the deadline rules themselves;
- `common`: what the steps share (locks, checks, the timeline and audit record);
- `messages`: every message and limit the services quote.

Each step locks the case row, checks who may act and in which state, checks the version the
actor saw (optimistic locking: of two people acting at once one wins and the other is told the
case changed), and writes one timeline row and one audit row in the same transaction.
"""

from gonghui.core.errors import ApplicationError
from gonghui.hotline.services.attachments import ATTACHMENT_KINDS, attachment_check, case_attach
from gonghui.hotline.services.callback import case_callback, case_rate_by_caller
from gonghui.hotline.services.common import TooManyRequests
from gonghui.hotline.services.deadlines import cases_recompute_deadlines
from gonghui.hotline.services.intake import case_intake, case_intake_online, case_unmask
from gonghui.hotline.services.messages import (
    AGENT_ONLY,
    ALREADY_RATED,
    ATTACHMENT_CONTENT_INVALID,
    ATTACHMENT_EMPTY,
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_MAX_PER_CASE,
    ATTACHMENT_NAME_TOO_LONG,
    ATTACHMENT_TOO_LARGE,
    ATTACHMENT_TOO_MANY,
    ATTACHMENT_TYPE_INVALID,
    ATTACHMENT_TYPES_TEXT,
    CALLER_PHONE_INVALID,
    CHOICE_REQUIRED,
    COUNTY_INVALID,
    DEADLINE_RECOMPUTED,
    NO_PERMISSION,
    NOT_ABOVE,
    NOT_HOLDER,
    NUMBER_INVALID,
    ONLINE_TOO_MANY_FILES,
    RATE_NOT_CLOSED,
    REASON_REQUIRED,
    RECEIVED_IN_FUTURE,
    REOPEN_NEEDS_UNSATISFIED,
    RULE_CATEGORY_INVALID,
    RULE_COMPLEXITY_INVALID,
    RULE_CUTOFF_INVALID,
    RULE_CUTOFF_ONLY_SAME_DAY,
    RULE_DAYS_INVALID,
    RULE_DAYS_REQUIRED,
    RULE_DAYS_SAME_DAY,
    RULE_DEFAULT_UNDELETABLE,
    RULE_KIND_INVALID,
    RULE_MAX_DAYS,
    RULE_NOT_FOUND,
    RULES_DENIED,
    STALE,
    TARGET_INACTIVE,
    TARGET_OTHER_CENTRE,
    TEXT_REQUIRED,
    TEXT_TOO_LONG,
    TRANSFER_NOT_BELOW,
    WRONG_STATUS,
)
from gonghui.hotline.services.rules import deadline_rule_delete, deadline_rule_set
from gonghui.hotline.services.workflow import (
    case_accept,
    case_close,
    case_dispatch,
    case_note,
    case_return,
    case_supervise,
    case_transfer,
)

__all__ = [
    "ApplicationError",
    "ATTACHMENT_KINDS",
    "attachment_check",
    "case_attach",
    "case_callback",
    "case_rate_by_caller",
    "TooManyRequests",
    "cases_recompute_deadlines",
    "case_intake",
    "case_intake_online",
    "case_unmask",
    "deadline_rule_delete",
    "deadline_rule_set",
    "case_accept",
    "case_close",
    "case_dispatch",
    "case_note",
    "case_return",
    "case_supervise",
    "case_transfer",
    "STALE",
    "NO_PERMISSION",
    "AGENT_ONLY",
    "NOT_HOLDER",
    "NOT_ABOVE",
    "WRONG_STATUS",
    "CHOICE_REQUIRED",
    "TEXT_REQUIRED",
    "TEXT_TOO_LONG",
    "RECEIVED_IN_FUTURE",
    "CALLER_PHONE_INVALID",
    "COUNTY_INVALID",
    "NUMBER_INVALID",
    "TARGET_INACTIVE",
    "TARGET_OTHER_CENTRE",
    "TRANSFER_NOT_BELOW",
    "REOPEN_NEEDS_UNSATISFIED",
    "REASON_REQUIRED",
    "ALREADY_RATED",
    "RATE_NOT_CLOSED",
    "ONLINE_TOO_MANY_FILES",
    "DEADLINE_RECOMPUTED",
    "ATTACHMENT_MAX_BYTES",
    "ATTACHMENT_MAX_PER_CASE",
    "ATTACHMENT_TYPES_TEXT",
    "ATTACHMENT_TYPE_INVALID",
    "ATTACHMENT_CONTENT_INVALID",
    "ATTACHMENT_TOO_LARGE",
    "ATTACHMENT_EMPTY",
    "ATTACHMENT_TOO_MANY",
    "ATTACHMENT_NAME_TOO_LONG",
    "RULES_DENIED",
    "RULE_COMPLEXITY_INVALID",
    "RULE_CATEGORY_INVALID",
    "RULE_KIND_INVALID",
    "RULE_DAYS_INVALID",
    "RULE_DAYS_SAME_DAY",
    "RULE_DAYS_REQUIRED",
    "RULE_CUTOFF_INVALID",
    "RULE_CUTOFF_ONLY_SAME_DAY",
    "RULE_DEFAULT_UNDELETABLE",
    "RULE_NOT_FOUND",
    "RULE_MAX_DAYS",
]
