"""Org tree reads: the user's subtree and nothing else."""

import pytest

from gonghui.accounts.models import User
from gonghui.audit.models import AuditLog
from gonghui.core.errors import NotFound
from gonghui.members.services import member_leave
from gonghui.orgs import selectors
from gonghui.orgs.models import Org, OrgType
from gonghui.orgs.services import org_create_child, org_dissolve


def test_scope_is_the_users_subtree(staff, tree):
    in_scope = {o.name for o in selectors.orgs_in_scope(staff.county_admin)}
    assert in_scope == {"城关区总工会", "东岗西路街道工会", "兰州甲公司工会", "兰州乙公司工会"}
    assert selectors.org_in_scope(staff.county_admin, tree.base_b)
    assert not selectors.org_in_scope(staff.county_admin, tree.lanzhou)
    assert not selectors.org_in_scope(staff.county_admin, tree.base_c)
    assert selectors.orgs_in_scope(staff.sysadmin).count() == Org.objects.count()
    assert selectors.scope_top(staff.county_admin) == [tree.chengguan]


def test_superuser_without_org_sees_the_whole_tree(tree):
    root = User.objects.create_superuser("root", password="Root@pass2026")
    assert selectors.scope_top(root) == [tree.province]
    assert selectors.orgs_in_scope(root).count() == Org.objects.count()


def test_access_org_by_id(staff, tree):
    assert selectors.access_org_by_id(staff.county_admin, tree.base_a.pk) == tree.base_a
    with pytest.raises(NotFound) as outside:
        selectors.access_org_by_id(staff.county_admin, tree.base_c.pk)
    with pytest.raises(NotFound) as missing:
        selectors.access_org_by_id(staff.county_admin, 999_999)
    assert outside.value.message == missing.value.message == selectors.ORG_NOT_FOUND
    row = AuditLog.objects.get()
    assert (row.action, row.result, row.actor, row.object_id) == (
        "access.denied",
        "denied",
        staff.county_admin,
        str(tree.base_c.pk),
    )


def test_org_children_counts_members_of_each_subtree(staff, tree, make_member):
    make_member(tree.base_a)
    make_member(tree.base_a)
    make_member(tree.base_b)
    make_member(tree.xiyuan)
    make_member(tree.base_c)
    member_leave(actor=staff.sysadmin, member=make_member(tree.base_c))

    children = selectors.org_children(user=staff.city_admin, org=tree.lanzhou)
    assert [(c.name, c.member_count, c.has_children) for c in children] == [
        ("城关区总工会", 3, True),
        ("七里河区总工会", 2, True),
    ]
    children = selectors.org_children(user=staff.county_admin, org=tree.donggang)
    assert [(c.name, c.member_count, c.has_children) for c in children] == [
        ("兰州甲公司工会", 2, False),
        ("兰州乙公司工会", 1, False),
    ]


def test_org_children_leaves_out_closed_unions(staff, tree):
    org_dissolve(actor=staff.county_admin, org=tree.base_b)
    children = selectors.org_children(user=staff.county_admin, org=tree.donggang)
    assert [c.name for c in children] == ["兰州甲公司工会"]
    org_dissolve(actor=staff.county_admin, org=Org.objects.get(pk=tree.base_a.pk))
    [donggang] = selectors.org_children(user=staff.county_admin, org=tree.chengguan)
    assert donggang.has_children is False


def test_org_children_outside_scope_not_found(staff, tree):
    with pytest.raises(NotFound):
        selectors.org_children(user=staff.county_admin, org=tree.qilihe)


@pytest.mark.parametrize("n_children", [2, 30])
def test_org_children_query_count_does_not_grow(
    staff, tree, make_member, django_assert_max_num_queries, n_children
):
    township = Org.objects.get(pk=tree.xiyuan.pk)
    for i in range(n_children):
        child = org_create_child(
            actor=staff.sysadmin, parent=township, name=f"公司{i}工会", org_type=OrgType.BASE
        )
        if i % 3 == 0:
            org_create_child(
                actor=staff.sysadmin, parent=child, name=f"公司{i}分工会", org_type=OrgType.BASE
            )
            make_member(child)
        township = Org.objects.get(pk=tree.xiyuan.pk)
    with django_assert_max_num_queries(4):
        children = selectors.org_children(user=staff.sysadmin, org=township)
        summary = [(c.member_count, c.has_children) for c in children]
    assert len(summary) == n_children + 1
    assert sum(count for count, _ in summary) == (n_children + 2) // 3
    assert sum(has for _, has in summary) == (n_children + 2) // 3


def test_staff_account_without_org_sees_nothing(tree, make_user, make_member):
    from gonghui.accounts.permissions import ROLE_UNION_ADMIN
    from gonghui.members.selectors import member_list
    from gonghui.orgs.selectors import org_in_scope, orgs_in_scope, scope_top

    make_member(tree.base_a)
    orphan = make_user("orphan", None, ROLE_UNION_ADMIN)
    assert scope_top(orphan) == []
    assert not orgs_in_scope(orphan).exists()
    assert not org_in_scope(orphan, tree.base_a)
    assert not member_list(user=orphan).exists()
