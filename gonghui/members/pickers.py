"""Member pickers: a search box for forms that name a member (honors, competitions, aid …).

The machinery is the org pickers' (`gonghui.orgs.pickers`): a purpose registry, a signed token
on the widget and one search endpoint (`members:pick`). Type part of a name or an exact ID
number (looked up by its hash); results show the name, the ID number masked and the union's
path. Apps register their purposes in `<app>/member_pickers.py` (`MembersConfig.ready`):

    register_member_picker("nominee", lambda user: members_holding(user), permission=Perm.X)

and a form declares `MemberPickerField(label="会员", purpose="nominee")`, calling
`self.fields["member"].for_user(user)` in its `__init__`.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from gonghui.accounts.models import User
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.idnumber import normalize
from gonghui.members.models import Member
from gonghui.members.selectors import member_match
from gonghui.orgs.pickers import (
    PickerField,
    PickerPage,
    PickerRegistry,
    clean_query,
    search_page,
    with_path_names,
)
from gonghui.orgs.selectors import org_scope_path

member_pickers = PickerRegistry("member")
# How a picked member reads in the box (the options' data-label says the same).
MEMBER_LABEL = "{name}（{id_number}）"


def register_member_picker(
    name: str, queryset: Callable[..., QuerySet[Any]], *, permission: str
) -> None:
    """Declare the purpose `name`: `queryset(user, **params)` is the members it offers."""
    member_pickers.register(name, queryset, permission=permission)


def members_holding(user: User) -> QuerySet[Member]:
    """Members of the user's subtree who hold a membership (在会 or 保留)."""
    return Member.objects.filter(
        org__path__startswith=org_scope_path(user), status__in=HOLDING_STATUSES
    )


def with_union_paths(members: list[Member]) -> list[Member]:
    """Each member's union with `path_names` (one query for all their ancestors), and the
    member's `picker_label`."""
    with_path_names([member.org for member in members])
    for member in members:
        member.picker_label = MEMBER_LABEL.format(
            name=member.name, id_number=member.id_number_masked
        )
    return members


def member_search_page(queryset: QuerySet[Member], *, q: str, page: int = 1) -> PickerPage:
    """A page of the members of `queryset` that `q` matches, newest first, each with the
    union's path: two queries whatever the page holds. Nothing for an empty `q`."""
    q = normalize(clean_query(q))
    if not q:
        return PickerPage(q=q, number=1, results=[], has_previous=False, has_next=False)
    found = search_page(
        queryset.select_related("org"), member_match(q), q=q, page=page, order=("-id",)
    )
    with_union_paths(found.results)
    return found


class MemberPickerField(PickerField):
    """Picks a member of the purpose's queryset by part of the name or the exact ID number."""

    registry = member_pickers
    url_name = "members:pick"
    placeholder = "输入姓名（部分）或完整身份证号查找"
    options_template = "members/pickers/_member_options.html"

    def search(self, q: str) -> PickerPage:
        return member_search_page(self.queryset, q=q)

    def chosen(self, obj: Member) -> Member:
        return with_union_paths([obj])[0]

    def chosen_path(self, obj: Member) -> str:
        return obj.org.path_text

    def chosen_label(self, obj: Member) -> str:
        return obj.picker_label
