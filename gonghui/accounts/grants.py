"""Explicit grants: permissions that unmask personal data.

Django's ModelBackend answers every `has_perm` of a superuser with True. For these permissions
that answer is not good enough: seeing ID numbers and phones in full (「查看完整个人信息」) and
revealing a case's caller phone (「查看来电号码」) need the permission itself, given to the user
directly or to one of his groups. `User.has_perm` routes them here, so every check — views,
API, services, exports, templates (`perms.…`), the admin — asks the same question.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from gonghui.accounts.permcache import remembered
from gonghui.accounts.permissions import GRANT_PII, Perm
from gonghui.core.permissions import explicit_grants

# Declared `explicit=True` by their apps (members' 「查看完整个人信息」, hotline's caller phone).
EXPLICIT_GRANTS = explicit_grants()

_CACHE = "_explicit_grant_cache"


def _permission_q(perms) -> Q:
    q = Q(pk__in=[])
    for perm in perms:
        app_label, codename = perm.split(".")
        q |= Q(content_type__app_label=app_label, codename=codename)
    return q


def holds_grant(user, perm: str) -> bool:
    """Whether an active user holds `perm` himself or through a group — never for being a
        superuser. One query per user and permissions version (`accounts.permcache`), then cached on
    the user object like Django's own permission cache."""
    if perm not in EXPLICIT_GRANTS:
        raise ValueError(f"{perm} is not an explicit grant")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    held = user.__dict__.get(_CACHE)
    if held is None:
        held = remembered(user, "grants", lambda: _grants_held(user))
        user.__dict__[_CACHE] = held
    return perm in held


def _grants_held(user) -> set[str]:
    rows = (
        Permission.objects.filter(_permission_q(EXPLICIT_GRANTS))
        .filter(Q(user=user) | Q(group__user=user))
        .values_list("content_type__app_label", "codename")
    )
    return {f"{app_label}.{codename}" for app_label, codename in rows}


def can_unmask(user) -> bool:
    """The general grant 「查看完整个人信息」: ID numbers and phones of members, callers and
    household members in full (each use audited by the service that shows them)."""
    return holds_grant(user, Perm.MEMBER_PII)


@transaction.atomic
def pii_grant_group(*, name: str = GRANT_PII) -> Group:
    """The purpose group that carries 「查看完整个人信息」 and nothing else, created if missing
    (set-up, like `ensure_roles`: the demo data and the tests use it).

    It is not a role: `ensure_roles` never creates, resets or empties it, so who is in it is
    decided by the 系统管理员 alone (in the admin's 组 page, which can also make other purpose
    groups, or give the permission to one account)."""
    group, created = Group.objects.get_or_create(name=name)
    if created:
        app_label, codename = Perm.MEMBER_PII.split(".")
        group.permissions.set(
            [Permission.objects.get(content_type__app_label=app_label, codename=codename)]
        )
    return group
