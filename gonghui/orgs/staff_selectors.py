"""The staff accounts a 系统管理员 manages: those of his subtree, by the orgs' paths.

They live in orgs, not accounts, because the scope is the tree's (accounts sits below orgs).
Platform operators (superusers) are left out for anyone but another superuser: they are
managed in the Django admin, and taking one over would open it.
"""

from django.db.models import Q, QuerySet

from gonghui.accounts.models import User
from gonghui.core.access import access_in_scope
from gonghui.core.permissions import STANDARD_ROLES
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_scope_path

STAFF_NOT_FOUND = "找不到该工作人员账号，或您无权查看。"
ACTIVE, INACTIVE = "active", "inactive"
STATE_CHOICES = [(ACTIVE, "启用"), (INACTIVE, "停用")]


def staff_in_scope(user: User) -> QuerySet[User]:
    accounts = User.objects.filter(org__path__startswith=org_scope_path(user))
    if not user.is_superuser:
        accounts = accounts.filter(is_superuser=False)
    return accounts


def staff_list(
    *, user: User, q: str = "", org: Org | None = None, role: str = "", state: str = ""
) -> QuerySet[User]:
    """The accounts of the user's subtree, by 所属工会 (and below), role, 启用/停用 and part of
    the account or the name; each with its org and roles (two queries more for a page)."""
    accounts = staff_in_scope(user).select_related("org")
    if q:
        accounts = accounts.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    if org is not None:
        accounts = accounts.filter(org__path__startswith=org.path)
    if role in STANDARD_ROLES:
        accounts = accounts.filter(groups__name=role)
    if state in (ACTIVE, INACTIVE):
        accounts = accounts.filter(is_active=state == ACTIVE)
    return accounts.order_by("org__path", "username")


def with_roles(users: list[User]) -> list[User]:
    """Set `role_names` (standard roles, in page order) on each user, in one query."""
    held: dict[int, set[str]] = {}
    rows = User.groups.through.objects.filter(
        user_id__in=[u.pk for u in users], group__name__in=STANDARD_ROLES
    ).values_list("user_id", "group__name")
    for user_id, name in rows:
        held.setdefault(user_id, set()).add(name)
    for user in users:
        user.role_names = [role for role in STANDARD_ROLES if role in held.get(user.pk, ())]
    return users


def access_staff_by_id(user: User, staff_id) -> User:
    """The account if it is in the user's subtree; the same NotFound whether missing or
    outside it, and an attempt outside it is audited (against the account's org)."""
    return access_in_scope(
        staff_in_scope(user).select_related("org"),
        actor=user,
        message=STAFF_NOT_FOUND,
        org_of=lambda account: account.org,
        pk=staff_id,
    )
