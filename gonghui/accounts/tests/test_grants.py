"""Explicit grants (issue 11): unmasking permissions are held, never implied by is_superuser,
and no built-in role carries the general one."""

import pytest
from django.contrib.auth.models import Group, Permission

from gonghui.accounts.grants import EXPLICIT_GRANTS, can_unmask, pii_grant_group
from gonghui.accounts.models import User
from gonghui.accounts.permissions import (
    GRANT_PII,
    ROLE_AGENT,
    ROLE_AUDITOR,
    ROLE_STAFF,
    ROLE_SYSADMIN,
    ROLE_UNION_ADMIN,
    ROLES,
    Perm,
)
from gonghui.accounts.roles import ensure_roles
from gonghui.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def permission(perm: str) -> Permission:
    app_label, codename = perm.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def group_perms(name: str) -> set[str]:
    rows = Group.objects.get(name=name).permissions.values_list(
        "content_type__app_label", "codename"
    )
    return {f"{app}.{codename}" for app, codename in rows}


def test_no_built_in_role_carries_the_general_grant_even_after_a_reset():
    assert [name for name, perms in ROLES.items() if Perm.MEMBER_PII in perms] == []
    assert GRANT_PII not in ROLES
    for name in ROLES:
        Group.objects.get(name=name).permissions.add(permission(Perm.MEMBER_PII))
    ensure_roles()
    for name in ROLES:
        assert Perm.MEMBER_PII not in group_perms(name), name


def test_caller_phone_is_held_by_the_handler_and_agent_roles_only():
    holders = {name for name, perms in ROLES.items() if Perm.CALLER_PHONE in perms}
    assert holders == {ROLE_SYSADMIN, ROLE_UNION_ADMIN, ROLE_STAFF, ROLE_AGENT}
    assert holders == {
        name
        for name, perms in ROLES.items()
        if Perm.HOTLINE_HANDLE in perms or Perm.HOTLINE_AGENT in perms
    }
    assert Perm.CALLER_PHONE not in group_perms(ROLE_AUDITOR)
    assert Perm.CALLER_PHONE != Perm.MEMBER_PII


def test_the_purpose_group_is_left_alone_by_ensure_roles(staff):
    group = Group.objects.get(name=GRANT_PII)
    assert group_perms(GRANT_PII) == {Perm.MEMBER_PII}
    ensure_roles()
    assert group_perms(GRANT_PII) == {Perm.MEMBER_PII}
    assert list(group.user_set.all()) == [staff.county_admin_pii]
    assert pii_grant_group() == group


def test_a_superuser_holds_no_explicit_grant_until_given_it(tree):
    root = User.objects.create_superuser("root", password=PASSWORD)
    assert root.has_perm(Perm.MEMBER_VIEW) and root.has_perm(Perm.HOTLINE_HANDLE)
    for perm in EXPLICIT_GRANTS:
        assert not root.has_perm(perm), perm
    assert not can_unmask(root)
    root.user_permissions.add(permission(Perm.MEMBER_PII))
    root = User.objects.get(pk=root.pk)
    assert can_unmask(root) and not root.has_perm(Perm.CALLER_PHONE)


def test_the_grant_given_directly_or_by_group_and_lost_with_the_account(staff):
    user = staff.county_admin
    user.user_permissions.add(permission(Perm.MEMBER_PII))
    assert User.objects.get(pk=user.pk).has_perm(Perm.MEMBER_PII)
    holder = staff.county_admin_pii
    assert holder.has_perm(Perm.MEMBER_PII) and holder.has_perms([Perm.MEMBER_PII])
    holder.is_active = False
    holder.save()
    assert not User.objects.get(pk=holder.pk).has_perm(Perm.MEMBER_PII)
    assert not staff.county_staff.has_perm(Perm.MEMBER_PII)
    assert staff.county_staff.has_perm(Perm.CALLER_PHONE)
