"""候选人库: members put forward by other domains (the members.candidates port)."""

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core.errors import NotFound
from gonghui.honors.models import Candidate
from gonghui.honors.rounds.services.common import require_scope
from gonghui.members.models import Member

MEMBER_NOT_FOUND = "找不到该会员。"


@atomic_keeping_denials
def candidate_add(
    *, actor: User, member_id: int, source: str, source_ref: str, achievement: str, deeds: str = ""
) -> Candidate:
    """Put a member into the pool once per (source, source_ref); a second time finds the first."""
    member = Member.objects.select_related("org").filter(pk=member_id).first()
    if member is None:
        raise NotFound(MEMBER_NOT_FOUND)
    require_scope(actor, member.org, member)
    candidate, created = Candidate.objects.get_or_create(
        source=source[:30],
        source_ref=source_ref[:60],
        defaults={
            "member": member,
            "org": member.org,
            "achievement": achievement[:200],
            "deeds": deeds,
        },
    )
    if created:
        audit_record(
            actor=actor,
            action="honors.candidate_add",
            obj=candidate,
            org=member.org,
            changes={"candidate": member.name, "source": source},
        )
    return candidate
