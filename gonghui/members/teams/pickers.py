"""Team pickers: a search box for forms that name a 班组 / 车间 / 项目部 (工人先锋号, competitions…).

The machinery is the org and member pickers' (`gonghui.orgs.pickers`): a purpose registry, a
signed token on the widget and one search endpoint (`members:team_pick`). Apps register their
purposes in `<app>/team_pickers.py`… or simply in their `member_pickers.py`, since this module is
part of members:

    register_team_picker("honor_team", lambda user: active_teams(user), permission=Perm.X)

and a form declares `TeamPickerField(label="班组", purpose="honor_team")`, calling
`self.fields["team"].for_user(user)` in its `__init__`. Members registers `team_in_scope` (every
active team of the user's subtree; `org_id=` narrows it to one union's) in `member_pickers.py`.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from gonghui.accounts.models import User
from gonghui.members.models import Team
from gonghui.orgs.pickers import (
    PickerField,
    PickerPage,
    PickerRegistry,
    clean_query,
    search_page,
    with_path_names,
)
from gonghui.orgs.selectors import org_scope_path

team_pickers = PickerRegistry("team")
TEAM_LABEL = "{name}（{org}）"


def register_team_picker(
    name: str, queryset: Callable[..., QuerySet[Any]], *, permission: str
) -> None:
    """Declare the purpose `name`: `queryset(user, **params)` is the teams it offers."""
    team_pickers.register(name, queryset, permission=permission)


def active_teams(user: User, org_id: int | None = None) -> QuerySet[Team]:
    """Active teams of the user's subtree (of `org_id`'s union only when given)."""
    qs = Team.objects.filter(org__path__startswith=org_scope_path(user), active=True)
    return qs.filter(org_id=org_id) if org_id is not None else qs


def with_labels(teams: list[Team]) -> list[Team]:
    with_path_names([team.org for team in teams])
    for team in teams:
        team.picker_label = TEAM_LABEL.format(name=team.name, org=team.org.name)
    return teams


def team_search_page(queryset: QuerySet[Team], *, q: str, page: int = 1) -> PickerPage:
    """A page of the teams of `queryset` whose name or union's name holds `q`."""
    q = clean_query(q)
    if not q:
        return PickerPage(q=q, number=1, results=[], has_previous=False, has_next=False)
    found = search_page(
        queryset.select_related("org"),
        Q(name__contains=q) | Q(org__name__contains=q),
        q=q,
        page=page,
        order=("name", "id"),
    )
    with_labels(found.results)
    return found


class TeamPickerField(PickerField):
    """Picks a team of the purpose's queryset by part of its name or its union's name."""

    registry = team_pickers
    url_name = "members:team_pick"
    placeholder = "输入班组名称或所属工会名称查找"
    options_template = "members/teams/_team_options.html"

    def search(self, q: str) -> PickerPage:
        return team_search_page(self.queryset, q=q)

    def chosen(self, obj: Team) -> Team:
        return with_labels([obj])[0]

    def chosen_path(self, obj: Team) -> str:
        return obj.org.path_text

    def chosen_label(self, obj: Team) -> str:
        return obj.picker_label
