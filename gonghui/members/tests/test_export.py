import csv
import io
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.audit.models import AuditLog
from gonghui.conftest import VALID_IDS
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.members.exports import HEADER
from gonghui.members.models import Member

pytestmark = pytest.mark.django_db
NAME = HEADER.index("姓名")


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
    assert [r[NAME] for r in data[1:]] == ["王小红"]
    row = dict(zip(HEADER, data[1], strict=True))
    assert row["证件号码"] == mask_id_number(VALID_IDS[1])
    assert row["移动电话"] == mask_phone("13987654321")
    assert row["所属企业/工会"] == tree.base_a.name
    assert row["工会会员号"] == Member.objects.get(name="王小红").card_number
    assert row["会籍变化类型"] == "入会"
    log = AuditLog.objects.get(action="member.export")
    assert (log.actor, log.changes["rows"], log.changes["full"]) == (staff.county_admin, 1, False)


def test_export_follows_the_list_filters(client, staff, tree, make_member):
    make_member(tree.base_a, name="王小红")
    make_member(tree.base_b, name="赵六")
    client.force_login(staff.county_admin)
    data = rows(client.get(reverse("members:export"), {"q": "赵"}))
    assert [r[NAME] for r in data[1:]] == ["赵六"]


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


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert ".csv" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # so that Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_export_is_streamed_masked_scoped_and_audited(client, staff, tree, make_member):
    make_member(tree.base_a, name="王小红", id_number=VALID_IDS[1], phone="13987654321")
    make_member(tree.base_c, name="李四", id_number=VALID_IDS[2])
    client.force_login(staff.county_admin)
    data = csv_rows(client.get(reverse("members:export"), {"format": "csv"}))
    assert data[0] == HEADER
    assert len(data) == 2
    row = dict(zip(HEADER, data[1], strict=True))
    assert (row["姓名"], row["证件号码"]) == ("王小红", mask_id_number(VALID_IDS[1]))
    assert row["入会日期"] == "2020-05-01"
    log = AuditLog.objects.get(action="member.export")
    assert (log.changes["rows"], log.changes["format"]) == (1, "csv")


def test_full_csv_export_needs_the_grant(client, staff, tree, make_member):
    make_member(tree.base_a, name="王小红", id_number=VALID_IDS[1], phone="13987654321")
    client.force_login(staff.county_admin)
    assert client.get(reverse("members:export"), {"format": "csv", "full": "1"}).status_code == 403
    client.force_login(staff.county_admin_pii)
    data = csv_rows(client.get(reverse("members:export"), {"format": "csv", "full": "1"}))
    row = dict(zip(HEADER, data[1], strict=True))
    assert (row["证件号码"], row["移动电话"]) == (VALID_IDS[1], "13987654321")
