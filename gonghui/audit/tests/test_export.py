"""The filtered log as XLSX: labelled, masked, scoped, capped, and itself audited."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.audit import exports
from gonghui.audit.exports import EXPORT_TOO_LARGE, HEADER
from gonghui.audit.models import AuditLog
from gonghui.audit.registry import change_rows
from gonghui.audit.services import audit_record
from gonghui.audit.views import FILTERS_INVALID
from gonghui.conftest import VALID_IDS
from gonghui.core.context import client_ip

pytestmark = pytest.mark.django_db


def sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200
    book = load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


@pytest.fixture
def auditor(client, staff):
    client.force_login(staff.county_auditor)
    return staff.county_auditor


def test_the_export_holds_the_filtered_rows_labelled_and_masked(client, auditor, staff, tree):
    token = client_ip.set("10.20.30.40")
    try:
        audit_record(
            actor=staff.county_admin,
            action="member.update",
            obj=tree.base_a,
            org=tree.base_a,
            changes={"phone": ["13912345678", "139****0000"], "category": ["migrant", "employed"]},
        )
    finally:
        client_ip.reset(token)
    audit_record(actor=staff.county_admin, action="org.update", obj=tree.base_b, org=tree.base_b)
    audit_record(
        actor=staff.sibling_admin, action="member.update", obj=tree.base_c, org=tree.base_c
    )
    response = client.get(reverse("audit:export"), {"action": "member.update"})
    assert "attachment" in response["Content-Disposition"]
    header, *rows = sheet_rows(response)
    assert list(header) == HEADER
    assert len(rows) == 1  # 七里河区's row and the other action are not in it
    [row] = rows
    values = dict(zip(HEADER, row, strict=True))
    assert values["操作"] == "修改会员" and values["账号"] == "cg_admin"
    assert values["所属工会"] == "城关区总工会" and values["对象"] == "兰州甲公司工会"
    assert values["对象类型"] == "工会组织" and values["结果"] == "成功"
    assert values["IP"] == "10.20.30.40"
    assert "手机号：139****5678 → 139****0000" in values["变更内容"]
    assert "职工类别：农民工 → 在岗职工" in values["变更内容"]
    assert "13912345678" not in str(row)


def test_the_export_is_audited_with_its_filters(client, auditor, staff, tree):
    audit_record(actor=staff.county_admin, action="org.update", obj=tree.base_a, org=tree.base_a)
    params = {"action": "org.update", "start": "2026-01-01", "username": "cg", "result": "success"}
    sheet_rows(client.get(reverse("audit:export"), params))
    log = AuditLog.objects.get(action="audit.export")
    assert log.actor == auditor
    assert log.changes == {**params, "rows": 1, "format": "xlsx"}
    rows = dict(change_rows(log.action, log.changes))
    assert (
        rows["操作"] == "修改组织" and rows["结果"] == "成功" and rows["开始日期"] == "2026-01-01"
    )
    # It is itself on the auditor's list, by its label.
    page = client.get(reverse("audit:list"), {"action": "audit.export"}).content.decode()
    assert "导出审计日志" in page


def test_a_personal_value_stored_in_full_is_masked_in_the_file(client, auditor, staff, tree):
    AuditLog.objects.create(
        actor=staff.county_admin,
        actor_username="cg_admin",
        actor_org=tree.chengguan,
        org_path=tree.base_a.path,
        action="member.create",
        changes={"id_number": VALID_IDS[3], "phone": "13912345678"},
    )
    _, *rows = sheet_rows(client.get(reverse("audit:export"), {"action": "member.create"}))
    text = str(rows)
    assert "620102********0044" in text and "139****5678" in text
    assert VALID_IDS[3] not in text and "13912345678" not in text


def test_too_many_rows_are_refused_with_the_reason(client, auditor, staff, tree, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_MAX_ROWS", 2)
    for _ in range(3):
        audit_record(actor=staff.county_admin, action="org.update", obj=tree.base_a)
    response = client.get(reverse("audit:export"), {"action": "org.update"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("audit:list") + "?action=org.update"
    assert EXPORT_TOO_LARGE.format(n=3, cap=2) in response.content.decode()
    assert not AuditLog.objects.filter(action="audit.export").exists()
    # Narrowed down, it goes.
    sheet_rows(client.get(reverse("audit:export"), {"action": "org.update", "end": "2000-01-01"}))


def test_bad_filters_export_nothing(client, auditor, staff, tree):
    response = client.get(reverse("audit:export"), {"start": "2026-02-30"}, follow=True)
    assert FILTERS_INVALID in response.content.decode()
    assert not AuditLog.objects.filter(action="audit.export").exists()


def test_the_export_needs_the_audit_permission(client, staff):
    client.force_login(staff.county_admin)
    assert client.get(reverse("audit:export")).status_code == 403


def test_the_export_costs_the_same_queries_for_3_or_30_rows(client, auditor, staff, tree):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            sheet_rows(client.get(reverse("audit:export"), {"action": "access.denied"}))
        return len(captured)

    def refuse(n):
        # Refusals by 城关区's staff elsewhere (typed) and by others within 城关区 (named).
        for _ in range(n):
            for actor, org in (
                (staff.county_admin, tree.base_c),
                (staff.sibling_admin, tree.base_a),
            ):
                audit_record(actor=actor, action="access.denied", obj=org, org=org, result="denied")

    refuse(3)
    queries()  # warm: the session's once-a-minute save and the user's kept permissions
    few = queries()
    refuse(27)
    assert queries() == few
