"""Reads of teams, scoped to the user's subtree: a team of a union outside it answers as missing."""

from django.db.models import Q, QuerySet

from gonghui.accounts.models import User
from gonghui.core.access import access_in_scope
from gonghui.members.models import Team, TeamMember
from gonghui.orgs.selectors import org_scope_path

TEAM_NOT_FOUND = "找不到该班组，或您无权查看。"
MEMBERSHIP_NOT_FOUND = "找不到该班组成员，或您无权查看。"


def teams_in_scope(user: User) -> QuerySet[Team]:
    return Team.objects.filter(org__path__startswith=org_scope_path(user))


def team_list(
    *, user: User, q: str = "", org_id: int | None = None, active: bool | None = None
) -> QuerySet[Team]:
    """Teams of unions in the user's subtree (of `org_id`'s subtree when given), by union and
    name. `q`: part of the team's or the union's name."""
    qs = teams_in_scope(user).select_related("org", "leader")
    if org_id is not None:
        qs = qs.filter(Q(org_id=org_id) | Q(org__path__startswith=_path_of(org_id)))
    if active is not None:
        qs = qs.filter(active=active)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(org__name__contains=q))
    return qs.order_by("org__path", "name", "id")


def _path_of(org_id: int) -> str:
    from gonghui.orgs.models import Org

    return Org.objects.filter(pk=org_id).values_list("path", flat=True).first() or "-"


def access_team_by_id(user: User, team_id) -> Team:
    return access_in_scope(
        teams_in_scope(user).select_related("org", "leader"),
        actor=user,
        message=TEAM_NOT_FOUND,
        org_of=lambda team: team.org,
        pk=team_id,
    )


def team_memberships(team: Team) -> QuerySet[TeamMember]:
    return team.memberships.select_related("member", "member__org").order_by("member__name", "id")


def teams_of_member(member_id: int) -> QuerySet[Team]:
    """The teams a member is in (for another domain's page of that member)."""
    return Team.objects.filter(memberships__member_id=member_id).select_related("org")


def access_membership_by_id(user: User, team: Team, membership_id) -> TeamMember:
    """A membership of `team`; another team's answers as missing (audited when that team lies
    outside the user's subtree)."""
    return access_in_scope(
        TeamMember.objects.filter(team__org__path__startswith=org_scope_path(user)).select_related(
            "member", "team__org"
        ),
        actor=user,
        message=MEMBERSHIP_NOT_FOUND,
        org_of=lambda membership: membership.team.org,
        within={"team": team},
        pk=membership_id,
    )
