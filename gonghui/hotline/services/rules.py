"""办理时限规则: the deadline rule of each complexity (and, where it differs, of one category),
kept by the system administrator."""

from datetime import time

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core.errors import ApplicationError, Forbidden, NotFound
from gonghui.hotline.codes import Category, Complexity, RuleKind
from gonghui.hotline.models import DeadlineRule
from gonghui.hotline.services.common import _count
from gonghui.hotline.services.messages import (
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
)


def _require_rules(actor: User | None) -> None:
    if actor is None or not actor.has_perm(Perm.HOTLINE_RULES):
        raise denial(
            Forbidden(RULES_DENIED),
            actor=actor,
            action="access.denied",
            object_repr="办理时限规则",
            changes={"permission": Perm.HOTLINE_RULES},
        )


def _rule_values(rule) -> dict:
    """A rule as the audit log shows it: labels, not codes."""
    return {
        "kind": RuleKind(rule.kind).label,
        "days": rule.days,
        "cutoff": rule.cutoff.strftime("%H:%M") if rule.cutoff else "",
    }


@atomic_keeping_denials(durable=True)
def deadline_rule_set(
    *,
    actor: User,
    complexity: str,
    category: str = "",
    kind: str,
    days=0,
    cutoff: time | None = None,
):
    """Create or change the rule of one complexity, for one category or (category "") by
    default. Only cases received (or reopened) afterwards follow it: a case's deadline is
    computed once, at intake.

    Parameters by kind: 当日办结 — days 0, an optional cutoff time (a case received after it, or
    on a non-working day, is due at the end of the next working day); 工作日 / 自然日 — days 1
    to 60 and no cutoff.
    """
    _require_rules(actor)
    if complexity not in Complexity.values:
        raise ApplicationError(RULE_COMPLEXITY_INVALID, field="complexity")
    category = category or ""
    if category and category not in Category.values:
        raise ApplicationError(RULE_CATEGORY_INVALID, field="category")
    if kind not in RuleKind.values:
        raise ApplicationError(RULE_KIND_INVALID, field="kind")
    if days is None or days == "":
        days = 0
    if isinstance(days, bool) or not isinstance(days, int | str):
        raise ApplicationError(RULE_DAYS_INVALID, field="days")
    try:
        days = _count(days, "天数", "days")
    except ApplicationError:
        raise ApplicationError(RULE_DAYS_INVALID, field="days") from None
    if days > RULE_MAX_DAYS:
        raise ApplicationError(RULE_DAYS_INVALID, field="days")
    if cutoff is not None and (not isinstance(cutoff, time) or cutoff.tzinfo is not None):
        raise ApplicationError(RULE_CUTOFF_INVALID, field="cutoff")
    label = RuleKind(kind).label
    if kind == RuleKind.SAME_DAY:
        if days != 0:
            raise ApplicationError(RULE_DAYS_SAME_DAY, field="days")
    else:
        if days < 1:
            raise ApplicationError(RULE_DAYS_REQUIRED.format(kind=label), field="days")
        if cutoff is not None:
            raise ApplicationError(RULE_CUTOFF_ONLY_SAME_DAY.format(kind=label), field="cutoff")

    rule = (
        DeadlineRule.objects.select_for_update()
        .filter(complexity=complexity, category=category)
        .first()
    )
    if rule is None:
        rule = DeadlineRule.objects.create(
            complexity=complexity, category=category, kind=kind, days=days, cutoff=cutoff
        )
        audit_record(
            actor=actor,
            action="deadline_rule.set",
            obj=rule,
            changes={"rule": str(rule), **_rule_values(rule)},
        )
        return rule
    before = _rule_values(rule)
    rule.kind, rule.days, rule.cutoff = kind, days, cutoff
    after = _rule_values(rule)
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if not changes:
        return rule
    rule.save(update_fields=["kind", "days", "cutoff"])
    audit_record(
        actor=actor, action="deadline_rule.set", obj=rule, changes={"rule": str(rule), **changes}
    )
    return rule


@atomic_keeping_denials(durable=True)
def deadline_rule_delete(*, actor: User, rule) -> None:
    """Remove a per-category rule: its category goes back to the complexity's default. The
    three defaults (no category) cannot be removed, only changed."""
    _require_rules(actor)
    locked = DeadlineRule.objects.select_for_update().filter(pk=rule.pk).first()
    if locked is None:
        raise NotFound(RULE_NOT_FOUND)
    if not locked.category:
        raise ApplicationError(RULE_DEFAULT_UNDELETABLE.format(rule=locked), code="default_rule")
    audit_record(
        actor=actor,
        action="deadline_rule.delete",
        obj=locked,
        changes={"rule": str(locked), **_rule_values(locked)},
    )
    locked.delete()
