"""Deadlines by complexity, from the DeadlineRule table and the platform's working-day calendar.

Defaults (the data migration): 一般 — end of the day of receipt, or of the next working day when
received on a non-working day or after 17:30; 较难 — end of the 5th working day after receipt;
复杂 — end of the 15th calendar day after receipt.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from gonghui.core.errors import ApplicationError
from gonghui.hotline.codes import Complexity, RuleKind
from gonghui.hotline.models import DeadlineRule

NO_RULE = "「{complexity}」工单没有配置办理时限规则，请联系系统管理员。"


def deadline_rule(complexity: str, category: str) -> DeadlineRule:
    """The category's own rule if the federation set one, else the complexity's default."""
    rule = (
        DeadlineRule.objects.filter(complexity=complexity, category__in=[category, ""])
        .order_by("-category")
        .first()
    )
    if rule is None:
        label = dict(Complexity.choices).get(complexity, complexity)
        raise ApplicationError(NO_RULE.format(complexity=label), code="no_deadline_rule")
    return rule


def rule_terms(complexity: str, category: str) -> dict:
    """The current rule for a case, as the terms the case keeps: a later change of the rules
    table applies to cases received afterwards, never to this one."""
    rule = deadline_rule(complexity, category)
    cutoff = rule.cutoff.strftime("%H:%M") if rule.cutoff else None
    return {"kind": rule.kind, "days": rule.days, "cutoff": cutoff}


def deadline_for_terms(start: datetime, terms: dict) -> datetime:
    """The end (23:59:59.999999, Asia/Shanghai) of the day a case is due under `terms`."""
    from gonghui.workcalendar.selectors import (
        add_working_days,
        end_of_day,
        is_working_day,
        next_working_day,
    )

    local = timezone.localtime(start)
    day = local.date()
    if terms["kind"] == RuleKind.SAME_DAY:
        cutoff = time.fromisoformat(terms["cutoff"]) if terms["cutoff"] else None
        late = cutoff is not None and local.time() > cutoff
        due = day if is_working_day(day) and not late else next_working_day(day)
    elif terms["kind"] == RuleKind.WORKING_DAYS:
        due = add_working_days(day, terms["days"])
    else:
        due = day + timedelta(days=terms["days"])
    return end_of_day(due)


def compute_deadline(received_at: datetime, complexity: str, category: str) -> datetime:
    """The deadline under the rules in force now."""
    return deadline_for_terms(received_at, rule_terms(complexity, category))
