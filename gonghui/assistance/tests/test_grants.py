"""Hardship archives under issue 11: a superuser without 「查看完整个人信息」 sees household ID
numbers masked and cannot export them in full; unmasking and exports show on the applicant's
member page (「查看记录」)."""

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.grants import pii_grant_group
from gonghui.accounts.models import User
from gonghui.assistance.codes import Relation
from gonghui.assistance.services.archives import archive_apply
from gonghui.assistance.tests.test_archive_services import FIELDS, SPOUSE_ID
from gonghui.audit.models import AuditSubject
from gonghui.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(tree, staff, make_member):
    member = make_member(tree.base_a, name="王困难")
    return archive_apply(
        actor=staff.base_admin,
        member=member,
        household=[{"name": "王配偶", "relation": Relation.SPOUSE, "id_number": SPOUSE_ID}],
        **FIELDS,
    )


@pytest.fixture
def operator(tree):
    client = Client()
    client.force_login(User.objects.create_superuser("operator", password=PASSWORD))
    return client


def test_superuser_without_the_grant_sees_households_masked(operator, archive):
    page = operator.get(reverse("assistance:archive_detail", args=[archive.pk])).content.decode()
    assert SPOUSE_ID not in page and "查看完整身份证号" not in page
    refused = operator.post(reverse("assistance:archive_unmask", args=[archive.pk]))
    assert refused.status_code == 403 and SPOUSE_ID not in refused.content.decode()
    assert operator.get(reverse("assistance:io_export"), {"full": "1"}).status_code == 403


def test_superuser_with_the_grant_unmasks_and_it_shows_on_the_member_page(operator, archive, staff):
    User.objects.get(username="operator").groups.add(pii_grant_group())
    response = operator.post(reverse("assistance:archive_unmask", args=[archive.pk]))
    assert SPOUSE_ID in response.content.decode()
    assert operator.get(reverse("assistance:io_export"), {"status": "all"}).status_code == 200
    marked = AuditSubject.objects.filter(object_type="member", object_id=str(archive.member_id))
    assert sorted(marked.values_list("log__action", flat=True)) == [
        "assistance.archive_unmask",
        "assistance.export",
    ]
    auditor = Client()
    auditor.force_login(staff.county_auditor)
    page = auditor.get(reverse("members:detail", args=[archive.member_id])).content.decode()
    trail = page.split('id="view-trail"', 1)[1]
    assert trail.count('data-testid="trail-row"') == 2 and "operator" in trail
