"""A staff user's permissions, kept in the process across requests.

Django's ModelBackend reads a user's permissions with two queries (his own, his groups') once
per user object — that is, on every request. They change only when a role, a purpose group or a
grant changes, so each web process keeps them, keyed by the user's id and `User.perms_version`:
a number on the user's row (read on every request anyway, by the session's user look-up) that is
set to a new random value, in the same transaction, whenever anything his permissions derive
from changes (random, not incremented: a value written by a transaction that was rolled back, or
by a user whose id was reused, is never met again):

- his groups or his own permissions (`User.groups`, `User.user_permissions`, either side);
- the permissions of a group he is in (`Group.permissions`, either side);
- a group he is in, or a permission he holds, being deleted.

A process then never answers from a stale entry: the next request reads the new version, misses
and asks the database. `is_superuser` and `is_active` are in the key or checked by Django on the
row itself. Entries are small (a frozenset of codes); the store is emptied when it grows past
`MAX_ENTRIES` (users are few, versions move rarely).

What is kept: `all` — what ModelBackend computes for `has_perm` (`user._perm_cache`); `grants` —
the explicit grants held by the user or his groups (`accounts.grants.holds_grant`).
"""

import secrets
from collections.abc import Callable

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.db.models.signals import m2m_changed, pre_delete

MAX_ENTRIES = 10_000

_store: dict[tuple, frozenset[str]] = {}


def new_perms_version() -> int:
    return secrets.randbits(62)


def _key(user, kind: str) -> tuple:
    return (user.pk, getattr(user, "perms_version", None), user.is_superuser, kind)


def remembered(user, kind: str, compute: Callable[[], set[str]]) -> frozenset[str]:
    """The `kind` set of `user`, from this process's store or `compute()` (then stored)."""
    key = _key(user, kind)
    value = _store.get(key)
    if value is None:
        value = frozenset(compute())
        if len(_store) >= MAX_ENTRIES:
            _store.clear()
        _store[key] = value
    return value


def prime(user) -> None:
    """Fill ModelBackend's per-object cache (`_perm_cache`) from the store, so its `has_perm`,
    `has_module_perms` and `get_all_permissions` ask no query when the entry is known."""
    if "_perm_cache" in user.__dict__ or not user.is_active or user.pk is None:
        return
    from django.contrib.auth.backends import ModelBackend

    held = remembered(user, "all", lambda: ModelBackend().get_all_permissions(user))
    user._perm_cache = set(held)


def clear() -> None:
    """Forget every entry of this process (tests)."""
    _store.clear()


def bump(user_filter: Q) -> None:
    """Give the users matching `user_filter` a new permissions version."""
    from gonghui.accounts.models import User

    User.objects.filter(user_filter).update(perms_version=new_perms_version())


def _members_of(groups) -> Q:
    return Q(groups__in=list(groups))


def _holders_of(permissions) -> Q:
    permissions = list(permissions)
    return Q(user_permissions__in=permissions) | Q(groups__permissions__in=permissions)


def _ids(user_filter: Q) -> Q:
    """A filter on ids (the joins of `user_filter` would repeat users in an UPDATE)."""
    from gonghui.accounts.models import User

    return Q(pk__in=list(User.objects.filter(user_filter).values_list("pk", flat=True)))


def _on_user_m2m(sender, instance, action, reverse, pk_set, **kwargs):
    """User.groups and User.user_permissions, changed from either side."""
    if action not in ("post_add", "post_remove", "pre_clear", "post_clear"):
        return
    if not reverse:
        bump(Q(pk=instance.pk))
    elif action == "pre_clear":  # the users are known only before the rows go
        field = "groups" if isinstance(instance, Group) else "user_permissions"
        bump(_ids(Q(**{field: instance})))
    elif action != "post_clear":
        bump(Q(pk__in=pk_set))


def _on_group_permissions(sender, instance, action, reverse, pk_set, **kwargs):
    """Group.permissions, changed from either side: every member of the groups concerned."""
    if action not in ("post_add", "post_remove", "pre_clear", "post_clear"):
        return
    if action == "post_clear":
        return
    if not reverse:  # instance: a group
        bump(_ids(_members_of([instance])))
    elif action == "pre_clear":  # instance: a permission losing all its groups
        bump(_ids(Q(groups__permissions=instance)))
    else:
        bump(_ids(_members_of(pk_set)))


def _on_group_delete(sender, instance, **kwargs):
    bump(_ids(_members_of([instance])))


def _on_permission_delete(sender, instance, **kwargs):
    bump(_ids(_holders_of([instance])))


def connect() -> None:
    from gonghui.accounts.models import User

    uid = "gonghui.accounts.permcache"
    m2m_changed.connect(_on_user_m2m, sender=User.groups.through, dispatch_uid=f"{uid}.groups")
    m2m_changed.connect(
        _on_user_m2m, sender=User.user_permissions.through, dispatch_uid=f"{uid}.user_perms"
    )
    m2m_changed.connect(
        _on_group_permissions, sender=Group.permissions.through, dispatch_uid=f"{uid}.group_perms"
    )
    pre_delete.connect(_on_group_delete, sender=Group, dispatch_uid=f"{uid}.group_delete")
    pre_delete.connect(
        _on_permission_delete, sender=Permission, dispatch_uid=f"{uid}.permission_delete"
    )
