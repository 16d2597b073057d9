import pytest
from django.urls import reverse

from gonghui.accounts.permissions import ROLE_AUDITOR
from gonghui.audit.models import AuditLog, AuditResult
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


# --- a refusal names its object only to the auditors of the object's subtree (issue 11) -----


@pytest.fixture
def refused_member(client, staff, tree, make_member):
    """城关区's admin opened a member of 七里河区 by id (refused, as missing)."""
    member = make_member(tree.base_c, name="郭辉", actor=staff.sysadmin)
    client.force_login(staff.county_admin)
    assert client.get(reverse("members:detail", args=[member.pk])).status_code == 404
    client.logout()
    return member


def test_a_refusal_row_records_type_and_id_not_the_name(staff, refused_member):
    row = AuditLog.objects.get(action="access.denied", actor=staff.county_admin)
    assert (row.object_type, row.object_id) == ("member", str(refused_member.pk))
    assert row.object_repr == ""
    assert "郭辉" not in str(row.changes)
    assert row.org_path == refused_member.org.path


def test_the_requesters_auditor_sees_type_and_id_only(client, staff, refused_member):
    client.force_login(staff.county_auditor)  # 城关区: the requester's own auditor
    page = html(client.get(reverse("audit:list")))
    assert "越权访问" in page and f"会员 #{refused_member.pk}" in page
    assert "郭辉" not in page


def test_the_auditor_of_the_targets_subtree_sees_the_name(
    client, staff, tree, make_user, refused_member
):
    auditor = make_user("qlh_audit", tree.qilihe, ROLE_AUDITOR)
    client.force_login(auditor)
    page = html(client.get(reverse("audit:list"), {"action": "access.denied"}))
    assert "郭辉" in page and "cg_admin" in page


def test_an_older_refusal_keeping_the_name_is_shown_by_the_same_rule(
    client, staff, tree, make_member
):
    member = make_member(tree.base_c, name="张梅", actor=staff.sysadmin)
    AuditLog.objects.create(
        actor=staff.county_admin,
        actor_username="cg_admin",
        actor_org=tree.chengguan,
        org_path=tree.base_c.path,
        action="access.denied",
        object_type="member",
        object_id=str(member.pk),
        object_repr="张梅（第1期）",
        result=AuditResult.DENIED,
    )
    client.force_login(staff.county_auditor)
    assert "张梅" not in html(client.get(reverse("audit:list")))


def test_labels_cost_one_query_per_object_type(client, staff, tree, make_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def refuse(n):
        member = make_member(tree.base_c, name=f"成员{n}", actor=staff.sysadmin)
        audit_record(actor=staff.county_admin, action="access.denied", obj=member,
                     org=member.org, result=AuditResult.DENIED)  # fmt: skip

    def page_queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            page = html(client.get(reverse("audit:list"), {"action": "access.denied"}))
        return len(queries), page

    client.force_login(staff.sysadmin)
    refuse(0)
    page_queries()  # warm: the session's once-a-minute save and the user's kept permissions
    one, _ = page_queries()
    for n in range(1, 5):
        refuse(n)
    five, page = page_queries()
    assert five == one
    assert all(f"成员{n}" in page for n in range(5))
