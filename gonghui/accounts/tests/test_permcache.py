"""Permissions kept across requests (accounts.permcache): asked once per user and version, and
never stale after a change of roles, groups, grants or permissions (the receivers run in the
changing transaction: tested with transaction=True, as on PostgreSQL they must be)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts import permcache
from gonghui.accounts.grants import can_unmask, pii_grant_group
from gonghui.accounts.models import User
from gonghui.accounts.permissions import ROLE_STAFF, ROLE_UNION_ADMIN, Perm
from gonghui.conftest import login

MEMBER_ADD = Perm.MEMBER_ADD  # 工作人员 and 工会管理员, not 只读/审计
ADMIN_ONLY = Perm.HOTLINE_SUPERVISE  # 工会管理员, not 工作人员


def fresh(user: User) -> User:
    """The user as the next request reads him (any web process)."""
    return User.objects.get(pk=user.pk)


def _permission_queries(queries) -> int:
    return sum("auth_permission" in q["sql"] for q in queries.captured_queries)


def _permission(code: str) -> Permission:
    app_label, codename = code.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@pytest.fixture(autouse=True)
def empty_store():
    permcache.clear()
    yield
    permcache.clear()


@pytest.fixture
def county_admin(staff):
    return staff.county_admin


@pytest.mark.django_db
def test_the_permissions_are_asked_once_per_user_and_version(county_admin):
    with CaptureQueriesContext(connection) as first:
        assert fresh(county_admin).has_perm(MEMBER_ADD)
    assert _permission_queries(first) == 2  # his own, his groups' (ModelBackend)
    with CaptureQueriesContext(connection) as second:
        user = fresh(county_admin)
        assert user.has_perm(MEMBER_ADD)
        assert not user.has_perm(Perm.STAFF_MANAGE)
        assert user.get_all_permissions() == fresh(county_admin).get_all_permissions()
        assert user.has_module_perms("members")
    assert _permission_queries(second) == 0


@pytest.mark.django_db
def test_a_workbench_page_asks_no_permission_query_on_its_second_request(county_admin):
    client = login(county_admin)
    assert client.get(reverse("members:list")).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("members:list"))
    assert response.status_code == 200
    assert _permission_queries(queries) == 0
    assert reverse("members:list") in response.text  # the menu still lists what he may open


@pytest.mark.django_db
def test_the_explicit_grant_is_kept_too(staff):
    assert can_unmask(fresh(staff.county_admin_pii))
    assert not can_unmask(fresh(staff.county_admin))
    with CaptureQueriesContext(connection) as queries:
        assert can_unmask(fresh(staff.county_admin_pii))
        assert not can_unmask(fresh(staff.county_admin))
    assert _permission_queries(queries) == 0


@pytest.mark.django_db
def test_a_superuser_asks_nothing_for_ordinary_permissions(tree):
    root = User.objects.create_superuser("root", password="Test@pass2026")
    with CaptureQueriesContext(connection) as queries:
        assert fresh(root).has_perm(MEMBER_ADD)
    assert _permission_queries(queries) == 0
    assert not can_unmask(fresh(root))  # never implied by is_superuser


@pytest.mark.django_db(transaction=True)
def test_role_changes_are_seen_at_once(staff):
    user = staff.county_staff
    assert not fresh(user).has_perm(ADMIN_ONLY)
    admin_role = Group.objects.get(name=ROLE_UNION_ADMIN)
    before = fresh(user).perms_version

    user.groups.add(admin_role)  # forward add
    assert fresh(user).perms_version != before
    assert fresh(user).has_perm(ADMIN_ONLY)

    admin_role.user_set.remove(user)  # reverse remove
    assert not fresh(user).has_perm(ADMIN_ONLY)

    admin_role.user_set.add(user)  # reverse add
    assert fresh(user).has_perm(ADMIN_ONLY)

    user.groups.clear()  # forward clear
    assert not fresh(user).has_perm(MEMBER_ADD)

    user.groups.set([Group.objects.get(name=ROLE_STAFF)])
    assert fresh(user).has_perm(MEMBER_ADD)
    Group.objects.get(name=ROLE_STAFF).user_set.clear()  # reverse clear
    assert not fresh(user).has_perm(MEMBER_ADD)


@pytest.mark.django_db(transaction=True)
def test_group_permission_changes_reach_every_member(staff):
    role = Group.objects.get(name=ROLE_STAFF)
    members = [staff.county_staff, fresh(staff.county_staff)]
    permission = _permission(MEMBER_ADD)
    assert all(fresh(u).has_perm(MEMBER_ADD) for u in members)

    role.permissions.remove(permission)  # forward remove
    assert not any(fresh(u).has_perm(MEMBER_ADD) for u in members)

    permission.group_set.add(role)  # reverse add
    assert fresh(staff.county_staff).has_perm(MEMBER_ADD)

    permission.group_set.clear()  # reverse clear: every group loses it
    assert not fresh(staff.county_staff).has_perm(MEMBER_ADD)
    assert not fresh(staff.county_admin).has_perm(MEMBER_ADD)

    role.permissions.add(permission)  # forward add
    assert fresh(staff.county_staff).has_perm(MEMBER_ADD)
    assert not fresh(staff.county_admin).has_perm(MEMBER_ADD)  # not in that group

    role.permissions.clear()  # forward clear
    assert not fresh(staff.county_staff).has_perm(MEMBER_ADD)


@pytest.mark.django_db(transaction=True)
def test_own_permissions_grants_and_deletions(staff):
    user = staff.county_auditor
    permission = _permission(ADMIN_ONLY)
    assert not fresh(user).has_perm(ADMIN_ONLY)
    user.user_permissions.add(permission)
    assert fresh(user).has_perm(ADMIN_ONLY)
    permission.user_set.remove(user)
    assert not fresh(user).has_perm(ADMIN_ONLY)
    permission.user_set.add(user)
    assert fresh(user).has_perm(ADMIN_ONLY)
    permission.user_set.clear()
    assert not fresh(user).has_perm(ADMIN_ONLY)

    # The purpose group of 「查看完整个人信息」: joining it, and the group being deleted.
    assert not can_unmask(fresh(user))
    pii_grant_group().user_set.add(user)
    assert can_unmask(fresh(user))
    pii_grant_group().delete()
    assert not can_unmask(fresh(user))

    # A permission deleted (its rows cascade without m2m signals).
    probe = Permission.objects.create(
        codename="perm_cache_probe",
        name="权限缓存探针",
        content_type=ContentType.objects.get_for_model(User),
    )
    extra = Group.objects.create(name="临时组")
    extra.permissions.add(probe)
    user.groups.add(extra)
    assert fresh(user).has_perm("accounts.perm_cache_probe")
    probe.delete()
    assert not fresh(user).has_perm("accounts.perm_cache_probe")


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_no_stale_entry(staff):
    user = staff.county_staff
    admin_role = Group.objects.get(name=ROLE_UNION_ADMIN)
    version = fresh(user).perms_version
    with pytest.raises(RuntimeError), transaction.atomic():
        user.groups.add(admin_role)
        assert fresh(user).has_perm(ADMIN_ONLY)  # remembered under the new version
        raise RuntimeError
    assert fresh(user).perms_version == version
    assert not fresh(user).has_perm(ADMIN_ONLY)
    user.groups.add(Group.objects.get(name=ROLE_STAFF))  # another change: another version
    assert not fresh(user).has_perm(ADMIN_ONLY)
