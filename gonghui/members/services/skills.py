"""Skill-grade promotions (技术等级晋升) recorded on a member by another domain's result (a
competition's winner), audited here so that every change of a member's record is the members'."""

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core.errors import ApplicationError
from gonghui.members.codes import TECH_LEVEL_CHOICES
from gonghui.members.models import Member
from gonghui.members.services.common import _require_scope

TECH_LEVEL_INVALID = "请选择要晋升的技术等级。"
TECH_LEVEL_NOT_HIGHER = "晋升后的技术等级须高于当前等级（{current}）。"

_TECH_LEVELS = dict(TECH_LEVEL_CHOICES)


@atomic_keeping_denials
def member_promote_tech_level(
    *, actor: User, member: Member, tech_level: str, source: str = ""
) -> Member:
    """Raise the member's 技术等级 to `tech_level` ("1" 高级技师 is the highest); `source` says
    why (e.g. the contest and the prize), kept in the audit row."""
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    _require_scope(actor, member.org)
    if tech_level not in _TECH_LEVELS:
        raise ApplicationError(TECH_LEVEL_INVALID, field="tech_level")
    if member.tech_level and tech_level >= member.tech_level:
        current = _TECH_LEVELS[member.tech_level]
        raise ApplicationError(TECH_LEVEL_NOT_HIGHER.format(current=current), field="tech_level")
    before = member.tech_level
    member.tech_level = tech_level
    member.save(update_fields=["tech_level", "updated_at"])
    audit_record(
        actor=actor,
        action="member.promote",
        obj=member,
        org=member.org,
        changes={"tech_level": [before, tech_level], "source": source[:200]},
    )
    return member
