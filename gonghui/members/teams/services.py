"""Every write to teams: one function per use case, each audited.

Rules: a team belongs to one union (the actor's subtree); its name is unique in that union; its
members are 在会 members of that union or of a union below it; its leader is one of the union's
在会 members (and joins the team). `headcount` always equals the number of memberships. A member
leaves his teams when he transfers to a union outside a team's subtree or stops being 在会
(`leave_teams_outside`, called by the members' own services).
"""

from typing import Any

from django.db import IntegrityError, transaction

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.members.codes import MemberStatus
from gonghui.members.models import Member, Team, TeamKind, TeamMember
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope

OUT_OF_SCOPE = "您只能管理本工会及下级工会的班组。"
NAME_REQUIRED = "请填写班组名称。"
NAME_TOO_LONG = "班组名称不能超过50个字。"
DUPLICATE_NAME = "「{org}」已有名为「{name}」的班组，请换一个名称。"
KIND_INVALID = "请选择类型（班组、车间或项目部）。"
ORG_INACTIVE = "「{name}」已撤销或合并，不能再建立班组。"
ORG_NOT_HOLDING = "「{name}」不直接管理会员，班组须建在基层工会下。"
TEAM_INACTIVE = "班组「{name}」已停用，不能再调整成员。"
ALREADY_INACTIVE = "班组「{name}」已经停用。"
MEMBER_NOT_ELIGIBLE = "「{name}」不是「{org}」（含下级）的在会会员，不能加入该班组。"
LEADER_NOT_ELIGIBLE = "班组长须是「{org}」（含下级）的在会会员。"
ALREADY_IN_TEAM = "「{name}」已经是班组「{team}」的成员。"
NOT_IN_TEAM = "「{name}」不是班组「{team}」的成员。"
ROLE_TOO_LONG = "岗位不能超过40个字。"
# A moved team's name when the receiving union has one of the same name (a name, not a message).
MERGED_NAME = "{name}（原{source}）"

NAME_MAX = 50


def _require_scope(actor: User, org: Org, team: Team | None = None) -> None:
    if not org_in_scope(actor, org):
        raise denial(
            Forbidden(OUT_OF_SCOPE), actor=actor, action="access.denied", obj=team or org, org=org
        )


def eligible(member: Member, org: Org) -> bool:
    """May `member` be in a team of `org`: 在会, in `org` or below it."""
    return member.status == MemberStatus.ACTIVE and member.org.path.startswith(org.path)


def _clean(*, org: Org, name: str, kind: str, leader: Member | None) -> dict[str, Any]:
    name = clean_text(name, label="名称", field="name")
    if not name:
        raise ApplicationError(NAME_REQUIRED, field="name")
    if len(name) > NAME_MAX:
        raise ApplicationError(NAME_TOO_LONG, field="name")
    if kind not in TeamKind.values:
        raise ApplicationError(KIND_INVALID, field="kind")
    if leader is not None and not eligible(leader, org):
        raise ApplicationError(LEADER_NOT_ELIGIBLE.format(org=org.name), field="leader")
    return {"name": name, "kind": kind, "leader": leader}


def _save(team: Team) -> None:
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError:
        raise Conflict(
            DUPLICATE_NAME.format(org=team.org.name, name=team.name), field="name"
        ) from None


def _recount(team: Team) -> None:
    team.headcount = team.memberships.count()
    team.save(update_fields=["headcount"])


def _join(team: Team, member: Member, role: str = "") -> bool:
    _, created = TeamMember.objects.get_or_create(team=team, member=member, defaults={"role": role})
    return created


def team_snapshot(team: Team) -> dict[str, Any]:
    return {
        "name": team.name,
        "kind": team.kind,
        "org": team.org.name,
        "leader": team.leader.name if team.leader else "",
        "active": team.active,
    }


@atomic_keeping_denials
def team_create(
    *, actor: User, org: Org, name: str, kind: str = TeamKind.TEAM, leader: Member | None = None
) -> Team:
    _require_scope(actor, org)
    if not org.is_active:
        raise ApplicationError(ORG_INACTIVE.format(name=org.name), field="org")
    if not org.holds_members:
        raise ApplicationError(ORG_NOT_HOLDING.format(name=org.name), field="org")
    team = Team(org=org, **_clean(org=org, name=name, kind=kind, leader=leader))
    _save(team)
    if leader is not None:
        _join(team, leader, role="班组长")
        _recount(team)
    audit_record(actor=actor, action="team.create", obj=team, org=org, changes=team_snapshot(team))
    return team


@atomic_keeping_denials
def team_update(
    *, actor: User, team: Team, name: str, kind: str, leader: Member | None = None
) -> Team:
    team = (
        Team.objects.select_for_update(of=("self",)).select_related("org", "leader").get(pk=team.pk)
    )
    _require_scope(actor, team.org, team)
    if not team.active:
        raise ApplicationError(TEAM_INACTIVE.format(name=team.name))
    before = team_snapshot(team)
    for key, value in _clean(org=team.org, name=name, kind=kind, leader=leader).items():
        setattr(team, key, value)
    _save(team)
    if leader is not None and _join(team, leader, role="班组长"):
        _recount(team)
    after = team_snapshot(team)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    audit_record(actor=actor, action="team.update", obj=team, org=team.org, changes=changes)
    return team


@atomic_keeping_denials
def team_deactivate(*, actor: User, team: Team) -> Team:
    """停用: the team keeps its members and history but takes no changes and is not offered."""
    team = Team.objects.select_for_update(of=("self",)).select_related("org").get(pk=team.pk)
    _require_scope(actor, team.org, team)
    if not team.active:
        raise ApplicationError(ALREADY_INACTIVE.format(name=team.name))
    team.active = False
    team.save(update_fields=["active"])
    audit_record(
        actor=actor, action="team.deactivate", obj=team, org=team.org, changes={"active": False}
    )
    return team


@atomic_keeping_denials
def team_add_member(*, actor: User, team: Team, member: Member, role: str = "") -> TeamMember:
    team = Team.objects.select_for_update(of=("self",)).select_related("org").get(pk=team.pk)
    _require_scope(actor, team.org, team)
    if not team.active:
        raise ApplicationError(TEAM_INACTIVE.format(name=team.name))
    member = Member.objects.select_related("org").get(pk=member.pk)
    if not eligible(member, team.org):
        raise ApplicationError(
            MEMBER_NOT_ELIGIBLE.format(name=member.name, org=team.org.name), field="member"
        )
    role = clean_text(role, label="岗位", field="role")
    if len(role) > 40:
        raise ApplicationError(ROLE_TOO_LONG, field="role")
    if TeamMember.objects.filter(team=team, member=member).exists():
        raise Conflict(ALREADY_IN_TEAM.format(name=member.name, team=team.name), field="member")
    membership = TeamMember.objects.create(team=team, member=member, role=role)
    _recount(team)
    audit_record(
        actor=actor,
        action="team.member_add",
        obj=team,
        org=team.org,
        changes={"member": member.name, "role": role},
    )
    return membership


@atomic_keeping_denials
def team_remove_member(*, actor: User, team: Team, member: Member) -> Team:
    team = (
        Team.objects.select_for_update(of=("self",)).select_related("org", "leader").get(pk=team.pk)
    )
    _require_scope(actor, team.org, team)
    if not team.active:
        raise ApplicationError(TEAM_INACTIVE.format(name=team.name))
    deleted, _ = TeamMember.objects.filter(team=team, member=member).delete()
    if not deleted:
        raise ApplicationError(NOT_IN_TEAM.format(name=member.name, team=team.name))
    if team.leader_id == member.pk:
        team.leader = None
        team.save(update_fields=["leader"])
    _recount(team)
    audit_record(
        actor=actor,
        action="team.member_remove",
        obj=team,
        org=team.org,
        changes={"member": member.name},
    )
    return team


def leave_teams_outside(*, actor: User, member: Member) -> int:
    """Inside the caller's transaction (a transfer's approval, 退会, 除名, 保留会籍): take
    `member` out of every team he may no longer be in. Returns how many he left."""
    left = 0
    memberships = TeamMember.objects.filter(member=member).select_related("team__org")
    for membership in list(memberships):
        team = membership.team
        if eligible(member, team.org):
            continue
        membership.delete()
        if team.leader_id == member.pk:
            team.leader = None
            team.save(update_fields=["leader"])
        _recount(team)
        audit_record(
            actor=actor,
            action="team.member_left",
            obj=team,
            org=team.org,
            changes={"member": member.name},
        )
        left += 1
    return left


def teams_move_for_merge(*, actor: User, source: Org, target: Org) -> int:
    """Org merge (inside its transaction, after the members moved): the source union's teams
    go with their people to the target; a name the target already uses gets 「（原<source>）」."""
    taken = set(Team.objects.filter(org=target).values_list("name", flat=True))
    moved = 0
    for team in Team.objects.select_for_update(of=("self",)).filter(org=source):
        name = team.name
        if name in taken:
            name = MERGED_NAME.format(name=team.name, source=source.name)[:100]
        Team.objects.filter(pk=team.pk).update(org=target, name=name)
        taken.add(name)
        moved += 1
    return moved
