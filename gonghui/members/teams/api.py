"""/api/v1/teams: the teams of the caller's subtree, and 新建班组."""

from typing import Annotated

from django.conf import settings
from ninja import Field, Query, Router, Schema, Status

from gonghui.accounts.api import require
from gonghui.accounts.permissions import Perm
from gonghui.core.cleaning import Line, code_of
from gonghui.core.paging import page_of
from gonghui.members.models import Team, TeamKind
from gonghui.members.selectors import access_member_by_id
from gonghui.members.teams.selectors import team_list
from gonghui.members.teams.services import team_create
from gonghui.orgs.selectors import access_org_by_id

router = Router(tags=["班组"])


class TeamIn(Schema):
    org_id: int
    name: Line = Field(..., max_length=50)
    kind: code_of(TeamKind) = TeamKind.TEAM.value
    leader_id: int | None = None


class TeamOut(Schema):
    id: int
    name: str
    kind: code_of(TeamKind)
    org_id: int
    org_name: str
    leader_id: int | None
    leader_name: str
    headcount: int
    active: bool


class TeamPage(Schema):
    items: list[TeamOut]
    count: int


def _team_out(team: Team) -> dict:
    return {
        "id": team.pk,
        "name": team.name,
        "kind": team.kind,
        "org_id": team.org_id,
        "org_name": team.org.name,
        "leader_id": team.leader_id,
        "leader_name": team.leader.name if team.leader else "",
        "headcount": team.headcount,
        "active": team.active,
    }


@router.get("", response=TeamPage, summary="班组列表")
@require(Perm.MEMBER_VIEW)
def teams_list(
    request,
    q: Annotated[Line, Query("", max_length=50)] = "",
    org: int | None = None,
    page: int = Query(1, ge=1),
):
    """Teams of the caller's subtree (`org`: of that union's subtree), by union and name. `q`:
    part of the team's or the union's name."""
    if org is not None:
        access_org_by_id(request.user, org)
    teams = team_list(user=request.user, q=q, org_id=org)
    one_page = page_of(teams, page=page, size=settings.MEMBERS_PAGE_SIZE)
    return {"items": [_team_out(t) for t in one_page], "count": one_page.paginator.count}


@router.post(
    "",
    response={201: TeamOut},
    summary="新建班组",
    openapi_extra={"responses": {404: {"description": ""}}},
)
@require(Perm.MEMBER_CHANGE)
def teams_create(request, payload: TeamIn):
    """A team of a base union of the caller's subtree; the leader, when given, is one of the
    union's 在会 members and joins the team."""
    org = access_org_by_id(request.user, payload.org_id)
    leader = None
    if payload.leader_id is not None:
        leader = access_member_by_id(request.user, payload.leader_id)
    team = team_create(
        actor=request.user, org=org, name=payload.name, kind=payload.kind, leader=leader
    )
    return Status(201, _team_out(team))
