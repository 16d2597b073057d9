"""The members' own member and team picker purposes (`gonghui.members.pickers`,
`gonghui.members.teams.pickers`)."""

from django.db.models import QuerySet

from gonghui.accounts.permissions import Perm
from gonghui.members.codes import MemberStatus
from gonghui.members.models import Member, Team
from gonghui.members.pickers import members_holding, register_member_picker
from gonghui.members.teams.pickers import active_teams, register_team_picker
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_scope_path

# Any member holding a membership in the user's subtree: the default for a form naming a member.
register_member_picker("member_in_scope", members_holding, permission=Perm.MEMBER_VIEW)


def team_candidates(user, team_id: int) -> QuerySet[Member]:
    """在会 members of the team's union or below it, inside the user's subtree."""
    team = Team.objects.select_related("org").filter(pk=team_id).first()
    if team is None:
        return Member.objects.none()
    return Member.objects.filter(
        org__path__startswith=team.org.path, status=MemberStatus.ACTIVE
    ).filter(org__path__startswith=org_scope_path(user))


def team_leader_candidates(user, org_id: int) -> QuerySet[Member]:
    """在会 members of a union (or below it) that a team is being made or edited for."""
    path = Org.objects.filter(pk=org_id).values_list("path", flat=True).first()
    if path is None:
        return Member.objects.none()
    return Member.objects.filter(org__path__startswith=path, status=MemberStatus.ACTIVE).filter(
        org__path__startswith=org_scope_path(user)
    )


register_member_picker("team_member", team_candidates, permission=Perm.MEMBER_CHANGE)
register_member_picker("team_leader", team_leader_candidates, permission=Perm.MEMBER_CHANGE)
# Any active team of the user's subtree (`org_id=` for one union's): for other domains' forms.
register_team_picker("team_in_scope", active_teams, permission=Perm.MEMBER_VIEW)
