"""Every write to contests: one function per use case, each audited. By use case: `contests`
(the record, its status, its files), `entries` (报名, confirmation), `results` (成绩, titles,
promotions, 推荐荣誉). Callers import from `gonghui.competitions.contests.services`."""

from gonghui.competitions.contests.services.contests import (
    PARENT_NOT_ABOVE,
    TRANSITION_INVALID,
    contest_create,
    contest_document_add,
    contest_transition,
    contest_update,
)
from gonghui.competitions.contests.services.entries import (
    DEADLINE_PASSED,
    MEMBER_TWICE,
    OUTSIDE_HOST,
    TRADE_NOT_RUN,
    entry_add_member,
    entry_add_team,
    entry_add_unit,
    entry_apply,
    entry_confirm,
    entry_withdraw,
)
from gonghui.competitions.contests.services.results import (
    achievement_of,
    entry_put_forward,
    entry_record_result,
)

__all__ = [
    "DEADLINE_PASSED",
    "MEMBER_TWICE",
    "OUTSIDE_HOST",
    "PARENT_NOT_ABOVE",
    "TRADE_NOT_RUN",
    "TRANSITION_INVALID",
    "achievement_of",
    "contest_create",
    "contest_document_add",
    "contest_transition",
    "contest_update",
    "entry_add_member",
    "entry_add_team",
    "entry_add_unit",
    "entry_apply",
    "entry_confirm",
    "entry_put_forward",
    "entry_record_result",
    "entry_withdraw",
]
