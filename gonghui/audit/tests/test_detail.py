"""A row's page: who, when, what, on which object (linked where the auditor may follow), the
changed fields by label and masked, the IP, and the row's seal; outside the scope a 404 like a
missing row."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.permissions import ROLE_AUDITOR
from gonghui.audit import registry
from gonghui.audit.models import AuditLog, AuditResult, AuditSeal
from gonghui.audit.registry import register_actions
from gonghui.audit.sealing import SEAL_BROKEN, SEAL_INTACT, SEAL_PENDING, audit_seal
from gonghui.audit.selectors import AUDIT_LOG_NOT_FOUND
from gonghui.audit.services import audit_record
from gonghui.conftest import VALID_IDS, message_pattern
from gonghui.core.context import client_ip
from gonghui.orgs.models import Org

pytestmark = pytest.mark.django_db


def detail(client, row_id):
    return client.get(reverse("audit:detail", args=[row_id]))


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def update_row(staff, tree, make_member):
    """城关区's admin changed a member's phone and category, from 10.20.30.40."""
    from gonghui.members.services import member_update

    member = make_member(tree.base_a, name="王芳")
    token = client_ip.set("10.20.30.40")
    try:
        member_update(
            actor=staff.county_admin, member=member, phone="13600000000", category="migrant"
        )
    finally:
        client_ip.reset(token)
    return AuditLog.objects.get(action="member.update", object_id=str(member.pk))


def test_the_page_shows_the_row_by_its_labels(client, staff, update_row):
    client.force_login(staff.county_auditor)
    response = detail(client, update_row.pk)
    assert response.status_code == 200
    page = text(response)
    for shown in ("修改会员", "cg_admin", "城关区总工会", "王芳", "会员", "成功", "10.20.30.40"):
        assert shown in page
    changes = page[page.index('id="audit-changes"') :]
    assert "手机号" in changes and "→ 136****0000" in changes
    assert "职工类别" in changes and "在岗职工 → 农民工" in changes
    assert "13600000000" not in page and "member.update" not in page and "migrant" not in page
    # The object links to its page (declared by members), which this auditor may open.
    member_url = reverse("members:detail", args=[update_row.object_id])
    assert f'href="{member_url}"' in page


def test_keys_the_vocabulary_does_not_name_read_by_the_models_verbose_names(client, staff, tree):
    register_actions({"test.touch": "测试操作"})
    try:
        row = audit_record(
            actor=staff.county_admin,
            action="test.touch",
            obj=tree.base_a,
            org=tree.base_a,
            changes={"uscc": "91620100MA000000X1"},
        )
        client.force_login(staff.county_auditor)
        page = text(detail(client, row.pk))
    finally:
        registry.ACTIONS.pop("test.touch")
        registry.LABELS.pop("test.touch")
        registry.GROUPS.pop("test.touch", None)
    label = str(Org._meta.get_field("uscc").verbose_name)
    assert label != "uscc" and f'<th scope="row">{label}</th>' in page


def test_personal_values_stored_in_full_are_masked_all_the_same(client, staff, tree):
    row = AuditLog.objects.create(
        actor=staff.county_admin,
        actor_username="cg_admin",
        actor_org=tree.chengguan,
        org_path=tree.base_a.path,
        action="member.update",
        changes={"id_number": [VALID_IDS[0], VALID_IDS[3]], "phone": "13912345678"},
    )
    client.force_login(staff.county_auditor)
    page = text(detail(client, row.pk))
    assert "620102********0016 → 620102********0044" in page and "139****5678" in page
    assert VALID_IDS[0] not in page and VALID_IDS[3] not in page and "13912345678" not in page


def test_a_row_outside_the_scope_answers_as_a_missing_one_and_is_recorded(client, staff, tree):
    elsewhere = audit_record(
        actor=staff.sibling_admin, action="org.update", obj=tree.base_c, org=tree.base_c
    )
    client.force_login(staff.county_auditor)
    outside = detail(client, elsewhere.pk)
    missing = detail(client, elsewhere.pk + 1000)
    assert outside.status_code == missing.status_code == 404
    assert AUDIT_LOG_NOT_FOUND in text(outside) and AUDIT_LOG_NOT_FOUND in text(missing)
    assert "qlh_admin" not in text(outside)
    refusal = AuditLog.objects.get(action="access.denied", actor=staff.county_auditor)
    assert (refusal.object_type, refusal.object_id) == ("auditlog", str(elsewhere.pk))
    assert refusal.org_path == tree.base_c.path  # seen by 七里河区's auditors, not 城关区's
    assert client.get("/audit/abc/").status_code == 404  # not a number: the URL refuses it


def test_a_refused_object_outside_the_scope_is_neither_named_nor_linked(
    client, staff, tree, make_user, make_member
):
    member = make_member(tree.base_c, name="郭辉", actor=staff.sysadmin)
    client.force_login(staff.county_admin)
    assert client.get(reverse("members:detail", args=[member.pk])).status_code == 404
    row = AuditLog.objects.get(action="access.denied", actor=staff.county_admin)
    client.force_login(staff.county_auditor)  # the requester's auditor
    page = text(detail(client, row.pk))
    assert f"会员 #{member.pk}" in page and "郭辉" not in page
    assert reverse("members:detail", args=[member.pk]) not in page
    client.force_login(make_user("qlh_audit", tree.qilihe, ROLE_AUDITOR))
    page = text(detail(client, row.pk))  # the target's auditor: named and linked
    assert "郭辉" in page and reverse("members:detail", args=[member.pk]) in page


def test_the_seal_state_of_the_row(client, staff, tree, update_row):
    client.force_login(staff.county_auditor)
    assert SEAL_PENDING in text(detail(client, update_row.pk))
    audit_seal()
    page = text(detail(client, update_row.pk))
    assert re.search(message_pattern(SEAL_INTACT, whole=False), page)
    assert SEAL_PENDING not in page
    # A seal that does not match its row (a rewritten row, replayed) shows as broken.
    forged = audit_record(actor=staff.county_admin, action="org.update", obj=tree.base_a)
    AuditSeal.objects.create(audit_id=forged.pk, digest="0" * 64)
    page = text(detail(client, forged.pk))
    assert re.search(message_pattern(SEAL_BROKEN, whole=False), page)


def test_the_page_costs_a_bounded_number_of_queries(client, staff, tree, update_row):
    client.force_login(staff.county_auditor)
    many = audit_record(
        actor=staff.county_admin,
        action="member.update",
        obj=tree.base_a,
        org=tree.base_a,
        changes={f"field{n}": [str(n), str(n + 1)] for n in range(40)},
        result=AuditResult.SUCCESS,
    )
    # Warm: the session's once-a-minute save and the user's kept permissions.
    detail(client, update_row.pk)
    counts = []
    for row_id in (update_row.pk, many.pk):
        with CaptureQueriesContext(connection) as captured:
            assert detail(client, row_id).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 12
