"""The scoped-access function behind the 404 rule (gonghui.core.access)."""

import pytest

from gonghui.audit.models import AuditLog
from gonghui.core.access import access_in_scope
from gonghui.core.errors import NotFound
from gonghui.orgs.models import Org

pytestmark = pytest.mark.django_db

MESSAGE = "找不到。"


def _access(user, scoped, **lookup):
    return access_in_scope(scoped, actor=user, message=MESSAGE, org_of=lambda org: org, **lookup)


def _refusals():
    return list(
        AuditLog.objects.filter(action="access.denied").values_list("object_id", "org_path")
    )


def test_in_scope_returns_the_object_and_records_nothing(tree, staff):
    scoped = Org.objects.filter(path__startswith=tree.chengguan.path)
    assert _access(staff.county_admin, scoped, pk=tree.base_a.pk) == tree.base_a
    assert _refusals() == []


def test_missing_malformed_and_out_of_scope_raise_the_same_and_only_the_last_is_recorded(
    tree, staff
):
    scoped = Org.objects.filter(path__startswith=tree.chengguan.path)
    errors = []
    for pk in (10**9, "abc", None, tree.base_c.pk):
        with pytest.raises(NotFound) as caught:
            _access(staff.county_admin, scoped, pk=pk)
        errors.append((caught.value.status, caught.value.code, caught.value.message))
    assert len(set(errors)) == 1
    assert _refusals() == [(str(tree.base_c.pk), tree.base_c.path)]


def test_within_a_parent_of_the_users_own_a_child_elsewhere_in_scope_is_not_a_refusal(tree, staff):
    scoped = Org.objects.filter(path__startswith=tree.chengguan.path)
    with pytest.raises(NotFound):  # an org of the subtree, but not a child of base_b
        _access(staff.county_admin, scoped, within={"path__startswith": tree.base_b.path},
                pk=tree.base_a.pk)  # fmt: skip
    assert _refusals() == []
