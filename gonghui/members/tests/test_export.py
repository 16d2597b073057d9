from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.audit.models import AuditLog
from gonghui.conftest import VALID_IDS
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.members.exports import HEADER

pytestmark = pytest.mark.django_db


def rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_export_is_masked_scoped_and_audited(client, staff, tree, make_member):
    make_member(tree.base_a, name="王小红", id_number=VALID_IDS[1], phone="13987654321")
    make_member(tree.base_c, name="李四", id_number=VALID_IDS[2])  # sibling county
    client.force_login(staff.county_admin)
    data = rows(client.get(reverse("members:export")))
    assert data[0] == HEADER
    assert [r[0] for r in data[1:]] == ["王小红"]
    row = dict(zip(HEADER, data[1], strict=True))
    assert row["证件号码"] == mask_id_number(VALID_IDS[1])
    assert row["移动电话"] == mask_phone("13987654321")
    assert row["所属企业/工会"] == tree.base_a.name
    log = AuditLog.objects.get(action="member.export")
    assert (log.actor, log.changes["rows"], log.changes["full"]) == (staff.county_admin, 1, False)


def test_export_follows_the_list_filters(client, staff, tree, make_member):
    make_member(tree.base_a, name="王小红")
    make_member(tree.base_b, name="赵六")
    client.force_login(staff.county_admin)
    data = rows(client.get(reverse("members:export"), {"q": "赵"}))
    assert [r[0] for r in data[1:]] == ["赵六"]


def test_full_export_needs_the_grant_and_is_audited(client, staff, tree, make_member):
    make_member(tree.base_a, name="王小红", id_number=VALID_IDS[1], phone="13987654321")
    client.force_login(staff.county_admin)
    refused = client.get(reverse("members:export"), {"full": "1"})
    assert refused.status_code == 403
    assert AuditLog.objects.get(action="member.export").result == "denied"

    client.force_login(staff.county_admin_pii)
    row = dict(
        zip(HEADER, rows(client.get(reverse("members:export"), {"full": "1"}))[1], strict=True)
    )
    assert (row["证件号码"], row["移动电话"]) == (VALID_IDS[1], "13987654321")
    full = AuditLog.objects.filter(action="member.export", result="success").get()
    assert full.changes["full"] is True
