from django.db.models import QuerySet
from django.db.models.functions import Substr

from gonghui.accounts.models import User
from gonghui.core.access import access_in_scope
from gonghui.core.errors import ApplicationError
from gonghui.orgs.handlers import headcount_active_by_child
from gonghui.orgs.models import MEMBER_HOLDING_TYPES, Org, OrgStatus

ORG_NOT_FOUND = "找不到该工会组织，或您无权查看。"
ORG_ID_UNKNOWN = "找不到编号为 {id} 的工会组织，请核对后重新选择。"


# No materialised path starts with this (paths use 0-9A-Z): an org-less staff account sees nothing.
NO_SCOPE = "-"


def scope_root(user: User) -> Org | None:
    """The top of what the user may see; None means the whole tree (superusers only)."""
    return user.org


def org_scope_path(user: User) -> str:
    root = scope_root(user)
    if root is not None:
        return root.path
    return "" if user.is_superuser else NO_SCOPE


def org_in_scope(user: User, org: Org) -> bool:
    return org.path.startswith(org_scope_path(user))


def orgs_in_scope(user: User) -> QuerySet[Org]:
    return Org.objects.filter(path__startswith=org_scope_path(user))


def member_holding_orgs(user: User) -> QuerySet[Org]:
    """Active unions in the user's subtree that can take members: the choices of member forms."""
    return (
        orgs_in_scope(user)
        .filter(status=OrgStatus.ACTIVE, org_type__in=MEMBER_HOLDING_TYPES)
        .order_by("path")
    )


def scope_top(user: User) -> list[Org]:
    """The org(s) at the top of the user's scope."""
    root = scope_root(user)
    if root is not None:
        return [root]
    return list(Org.objects.get_root_nodes()) if user.is_superuser else []


def access_org_by_id(user: User, org_id) -> Org:
    """The org if the user may see it; the same NotFound whether missing or out of scope, and
    an out-of-scope attempt is audited."""
    return access_in_scope(
        orgs_in_scope(user), actor=user, message=ORG_NOT_FOUND, org_of=lambda org: org, pk=org_id
    )


def org_children(*, user: User, org: Org) -> list[Org]:
    """Children of an org in scope, each with `member_count` (active members of its subtree, by
    the registered headcount) and `has_children`, in three queries whatever the number of
    children."""
    access_org_by_id(user, org.pk)
    children = list(Org.objects.get_children(org).filter(status=OrgStatus.ACTIVE).order_by("path"))
    counts = headcount_active_by_child(org)
    prefix_len = len(org.path) + Org.steplen
    with_children = set(
        Org.objects.filter(path__startswith=org.path, depth=org.depth + 2, status=OrgStatus.ACTIVE)
        .annotate(prefix=Substr("path", 1, prefix_len))
        .values_list("prefix", flat=True)
        .distinct()
    )
    for child in children:
        child.member_count = counts.get(child.path, 0)
        child.has_children = child.path in with_children
    return children


def ancestor_of_type(org: Org, org_type: str) -> Org | None:
    """The nearest org of `org_type` at or above `org` (e.g. its county union), or None."""
    paths = [org.path[:end] for end in range(Org.steplen, len(org.path) + 1, Org.steplen)]
    return Org.objects.filter(path__in=paths, org_type=org_type).order_by("-depth").first()


def org_by_id(org_id: int, *, field: str) -> Org:
    """Any union by id, as a target an API request names (a transfer's or a dispatch's
    receiving union): union names are public across the province, so scope is not checked here;
    the services refuse (and audit) a target outside the actor's scope. An unknown id is a 400
    naming `field`."""
    org = Org.objects.filter(pk=org_id).first()
    if org is None:
        raise ApplicationError(ORG_ID_UNKNOWN.format(id=org_id), code="org_unknown", field=field)
    return org


def member_holding_org_by_uscc(uscc: str) -> Org | None:
    """The active union holding members whose 统一社会信用代码 is `uscc` (another province names
    its receiving union so, gonghui.national), or None."""
    if not uscc:
        return None
    return (
        Org.objects.filter(uscc=uscc, org_type__in=MEMBER_HOLDING_TYPES, status=OrgStatus.ACTIVE)
        .order_by("pk")
        .first()
    )
