import pytest
from django.urls import reverse

from gonghui.audit.services import audit_record

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def test_auditor_sees_the_log_with_chinese_labels(client, staff, tree, make_member):
    make_member(tree.base_a, actor=staff.county_admin)
    client.force_login(staff.county_auditor)
    response = client.get(reverse("audit:list"))
    assert response.status_code == 200
    page = html(response)
    assert "会员入会" in page and "cg_admin" in page
    assert "身份证号" in page  # the keys of `changes` are labelled too


def test_log_is_scoped_to_the_users_subtree(client, staff, tree):
    audit_record(actor=staff.sibling_admin, action="org.update", obj=tree.base_c, org=tree.base_c)
    client.force_login(staff.county_auditor)
    page = html(client.get(reverse("audit:list")))
    assert "qlh_admin" not in page


def test_filters_by_action_and_username(client, staff, tree):
    audit_record(actor=staff.county_admin, action="org.update", obj=tree.base_a, org=tree.base_a)
    audit_record(actor=staff.county_staff, action="org.create", obj=tree.base_b, org=tree.base_b)
    client.force_login(staff.county_auditor)
    response = client.get(reverse("audit:list"), {"action": "org.update"})
    rows = list(response.context["page_obj"])
    assert [r.action for r in rows] == ["org.update"]
    response = client.get(reverse("audit:list"), {"username": "cg_staff"})
    assert [r.actor_username for r in response.context["page_obj"]] == ["cg_staff"]
    # An unknown action is ignored rather than failing the page.
    assert client.get(reverse("audit:list"), {"action": "nope"}).status_code == 200


def test_paginated(client, staff, tree, settings):
    settings.MEMBERS_PAGE_SIZE = 2
    for _ in range(3):
        audit_record(
            actor=staff.county_admin, action="org.update", obj=tree.base_a, org=tree.base_a
        )
    client.force_login(staff.county_auditor)
    assert "第 1 / 2 页" in html(client.get(reverse("audit:list")))


def test_union_admin_without_audit_permission_is_refused(client, staff):
    client.force_login(staff.county_admin)
    response = client.get(reverse("audit:list"))
    assert response.status_code == 403
    assert "无权访问" in html(response)
