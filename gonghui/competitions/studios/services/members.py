"""A studio's members (added from the host unit's subtree, removed with a confirmation) and
"推荐荣誉" of its lead: the reviewer puts the lead of a named studio forward to the honors'
candidate pool through the members' port (`gonghui.members.candidates`), with the studio's
results as the reason — once."""

from decimal import Decimal

from django.db.models import Sum

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.competitions.models.studios import Studio, StudioStatus
from gonghui.competitions.studios.services.common import locked, require_scope
from gonghui.core.errors import ApplicationError, Conflict
from gonghui.members.candidates import Candidate, candidate_sinks, put_forward
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.models import Member

MEMBER_OUTSIDE = "成员须是依托单位「{org}」及其下级工会在会的会员。"
MEMBER_IS_LEAD = "「{name}」是该工作室的领衔人，无需再添加为成员。"
ALREADY_MEMBER = "「{name}」已是该工作室的成员。"
NOT_A_MEMBER = "「{name}」不是该工作室的成员。"
CLOSED = "已撤销或未通过的工作室不能调整成员。"
NOT_NAMED = "只有已命名（含整改中）的工作室可以推荐领衔人参评荣誉。"
ALREADY_PUT_FORWARD = "该工作室领衔人「{name}」已推荐过荣誉，不能重复推荐。"
NO_SINK = "荣誉评选功能尚未启用，暂不能推荐。"

CLOSED_STATUSES = (StudioStatus.REVOKED, StudioStatus.REJECTED)


def _require_open(studio: Studio) -> None:
    if studio.status in CLOSED_STATUSES:
        raise ApplicationError(CLOSED)


@atomic_keeping_denials(durable=True)
def studio_member_add(*, actor: User, studio: Studio, member: Member) -> Studio:
    """Add a member of the host unit's subtree (holding a membership) to the studio."""
    studio = locked(studio)
    require_scope(actor, studio.org, studio)
    _require_open(studio)
    member = Member.objects.select_related("org").get(pk=member.pk)
    if member.status not in HOLDING_STATUSES or not member.org.path.startswith(studio.org.path):
        raise ApplicationError(MEMBER_OUTSIDE.format(org=studio.org.name), field="member")
    if member.pk == studio.lead_id:
        raise ApplicationError(MEMBER_IS_LEAD.format(name=member.name), field="member")
    if studio.members.filter(pk=member.pk).exists():
        raise ApplicationError(ALREADY_MEMBER.format(name=member.name), field="member")
    studio.members.add(member)
    studio.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action="competitions.studio.member_add",
        obj=studio,
        org=studio.org,
        changes={"member": member.name},
    )
    return studio


@atomic_keeping_denials(durable=True)
def studio_member_remove(*, actor: User, studio: Studio, member: Member) -> Studio:
    studio = locked(studio)
    require_scope(actor, studio.org, studio)
    _require_open(studio)
    if not studio.members.filter(pk=member.pk).exists():
        raise ApplicationError(NOT_A_MEMBER.format(name=member.name))
    studio.members.remove(member)
    studio.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action="competitions.studio.member_remove",
        obj=studio,
        org=studio.org,
        changes={"member": member.name},
    )
    return studio


def results_summary(studio: Studio) -> str:
    """One line of the studio's filed results: the reason it is put forward."""
    sums = studio.reports.aggregate(
        projects=Sum("projects"),
        patents=Sum("patents"),
        methods=Sum("methods"),
        benefit=Sum("benefit"),
        trained=Sum("trained"),
    )
    years = sorted(studio.reports.values_list("year", flat=True))
    head = f"领衔{studio.get_level_display()}「{studio.name}」"
    if not years:
        return f"{head}（{studio.named_on:%Y}年命名）"
    span = f"{years[0]}年" if years[0] == years[-1] else f"{years[0]}—{years[-1]}年"
    return (
        f"{head}，{span}完成创新项目{sums['projects']}项、专利{sums['patents']}项、"
        f"先进操作法{sums['methods']}项，创造经济效益{Decimal(sums['benefit']):.2f}万元，"
        f"培养人才{sums['trained']}人"
    )


def _deeds(studio: Studio) -> str:
    lines = [
        f"{r.year}年：创新项目{r.projects}项，专利{r.patents}项，先进操作法{r.methods}项，"
        f"经济效益{r.benefit:.2f}万元，培养人才{r.trained}人。"
        for r in studio.reports.order_by("year")
    ]
    return "\n".join(lines)


@atomic_keeping_denials(durable=True)
def studio_lead_put_forward(*, actor: User, studio: Studio) -> list[str]:
    """推荐荣誉: hand the lead of a named (or rectifying) studio to the candidate pool."""
    studio = locked(studio)
    require_scope(actor, studio.org, studio)
    if not studio.active:
        raise ApplicationError(NOT_NAMED)
    if studio.lead_put_forward:
        raise Conflict(ALREADY_PUT_FORWARD.format(name=studio.lead.name))
    if not candidate_sinks():
        raise Conflict(NO_SINK)
    achievement = results_summary(studio)
    urls = put_forward(
        actor,
        Candidate(
            member_id=studio.lead_id,
            source="studios",
            source_ref=f"studio:{studio.pk}",
            achievement=achievement[:200],
            deeds=_deeds(studio),
        ),
    )
    studio.lead_put_forward = True
    studio.save(update_fields=["lead_put_forward", "updated_at"])
    audit_record(
        actor=actor,
        action="competitions.studio.put_forward",
        obj=studio,
        org=studio.org,
        changes={"lead": studio.lead.name, "reason": achievement[:200]},
    )
    return urls
