"""「查看完整个人信息」 is the only key (issue 11): a superuser without it sees members masked
everywhere — export, member page, API, admin; given it through a group, he unmasks, audited."""

import csv
import io
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.accounts.grants import pii_grant_group
from gonghui.accounts.models import User
from gonghui.audit.models import AuditLog
from gonghui.conftest import PASSWORD, VALID_IDS
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.members.exports import HEADER
from gonghui.members.services import PII_FORBIDDEN

pytestmark = pytest.mark.django_db
PHONE = "13987654321"
ID_COLUMN, PHONE_COLUMN = HEADER.index("证件号码"), HEADER.index("移动电话")


@pytest.fixture
def operator(tree):
    """A platform operator: superuser, no org (the whole tree), no grant."""
    return User.objects.create_superuser("operator", password=PASSWORD)


@pytest.fixture
def member(tree, make_member):
    return make_member(tree.base_a, name="王小红", id_number=VALID_IDS[1], phone=PHONE)


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    return [list(r) for r in sheet.iter_rows(values_only=True)][1:]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1:]


def token(client, user) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def test_superuser_without_the_grant_exports_masked_only(client, operator, member):
    client.force_login(operator)
    export = reverse("members:export")
    assert client.get(export, {"full": "1"}).status_code == 403
    assert client.get(export, {"full": "1", "format": "csv"}).status_code == 403
    assert AuditLog.objects.filter(action="member.export", result="denied").count() == 2
    (row,) = xlsx_rows(client.get(export))
    assert (row[ID_COLUMN], row[PHONE_COLUMN]) == (mask_id_number(VALID_IDS[1]), mask_phone(PHONE))
    (line,) = csv_rows(client.get(export, {"format": "csv"}))
    assert VALID_IDS[1] not in line and PHONE not in line
    page = client.get(reverse("members:list")).content.decode()
    assert "导出 Excel（完整信息）" not in page


def test_superuser_without_the_grant_sees_the_member_page_masked(client, operator, member):
    client.force_login(operator)
    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert mask_id_number(VALID_IDS[1]) in page and VALID_IDS[1] not in page
    assert PHONE not in page and "显示完整信息" not in page
    refused = client.post(reverse("members:unmask", args=[member.pk]))
    assert refused.status_code == 403
    assert VALID_IDS[1] not in refused.content.decode()
    assert not AuditLog.objects.filter(action="member.unmask", result="success").exists()


def test_superuser_without_the_grant_gets_the_api_masked(client, operator, member):
    headers = token(client, operator)
    url = f"/api/v1/members/{member.pk}"
    assert client.get(url, **headers).json()["id_number"] == mask_id_number(VALID_IDS[1])
    refused = client.get(url, {"unmask": "true"}, **headers)
    assert refused.status_code == 403 and refused.json()["message"] == PII_FORBIDDEN
    listed = client.get("/api/v1/members", **headers).json()["items"]
    assert [m["phone"] for m in listed] == [mask_phone(PHONE)]


def test_superuser_sees_the_admin_masked(client, operator, member):
    client.force_login(operator)
    for url in (
        reverse("admin:members_member_changelist"),
        reverse("admin:members_member_change", args=[member.pk]),
    ):
        page = client.get(url).content.decode()
        assert mask_id_number(VALID_IDS[1]) in page
        assert VALID_IDS[1] not in page and PHONE not in page


def test_superuser_given_the_grant_through_a_group_unmasks_audited(client, operator, member):
    operator.groups.add(pii_grant_group())
    client.force_login(operator)
    (row,) = xlsx_rows(client.get(reverse("members:export"), {"full": "1"}))
    assert (row[ID_COLUMN], row[PHONE_COLUMN]) == (VALID_IDS[1], PHONE)
    exported = AuditLog.objects.get(action="member.export", result="success")
    assert exported.actor == operator and exported.changes["full"] is True

    page = client.post(reverse("members:unmask", args=[member.pk])).content.decode()
    assert VALID_IDS[1] in page and PHONE in page
    api = client.get(f"/api/v1/members/{member.pk}", {"unmask": "true"}, **token(client, operator))
    assert (api.json()["id_number"], api.json()["phone"]) == (VALID_IDS[1], PHONE)
    unmasked = AuditLog.objects.filter(action="member.unmask", result="success", actor=operator)
    assert unmasked.count() == 2 and {r.object_id for r in unmasked} == {str(member.pk)}
