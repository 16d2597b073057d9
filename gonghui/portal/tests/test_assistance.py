"""The portal's pages of 困难帮扶: a certified member applies for himself and follows it."""

from django.test import Client
from django.urls import reverse

from gonghui.assistance.codes import Channel
from gonghui.assistance.models import Archive
from gonghui.assistance.services.archives import SENSITIVE_CONSENT_REQUIRED
from gonghui.assistance.services.archives.common import HOUSEHOLD_ID
from gonghui.assistance.tests.test_archive_services import CHILD_ID
from gonghui.assistance.tests.test_archive_views import FORM, household_post
from gonghui.audit.models import AuditLog
from gonghui.members.idnumber import ID_CHECKSUM

# The worker's own application adds his separate consent to the sensitive data (PIPL art. 29).
PORTAL_FORM = {**FORM, "sensitive_consent": "on"}


def test_portal_certified_member_applies_and_follows(
    tree, staff, make_member, make_worker, worker_client
):
    member = make_member(tree.base_a, name="钱职工")
    worker = make_worker("13800000001", name=member.name, id_number=member.id_number, member=member)
    client = worker_client(worker)
    assert "提交申请" in client.get(reverse("assistance_portal:apply")).content.decode()
    response = client.post(
        reverse("assistance_portal:apply"),
        {**PORTAL_FORM, **household_post(("钱子", "child", CHILD_ID))},
    )
    assert response.status_code == 302
    archive = Archive.objects.get(member=member)
    assert archive.channel == Channel.PORTAL and archive.household_size == 2
    assert archive.created_by is None
    assert archive.sensitive_consent_at is not None
    row = AuditLog.objects.get(action="assistance.archive_apply")
    assert row.changes["sensitive_consent"] is True
    union = Client()
    union.force_login(staff.base_admin)
    detail = union.get(reverse("assistance:archive_detail", args=[archive.pk])).content.decode()
    assert "申请人已在门户单独同意处理健康、残疾等敏感个人信息" in detail
    mine = client.get(reverse("assistance_portal:mine")).content.decode()
    assert "待初审" in mine and "等待工会入户走访" in mine


def test_portal_asks_a_separate_consent_for_health_and_disability(
    tree, make_member, make_worker, worker_client
):
    member = make_member(tree.base_a, name="吴职工")
    worker = make_worker("13800000005", name=member.name, id_number=member.id_number, member=member)
    client = worker_client(worker)
    form = client.get(reverse("assistance_portal:apply")).content.decode()
    assert 'name="sensitive_consent"' in form and "敏感个人信息单独同意" in form
    assert "健康状况、残疾情况" in form
    response = client.post(reverse("assistance_portal:apply"), {**FORM, **household_post()})
    assert response.status_code == 400
    assert SENSITIVE_CONSENT_REQUIRED in response.content.decode()
    assert not Archive.objects.exists()


def test_portal_refuses_non_member_and_uncertified(tree, make_worker, worker_client):
    uncertified = worker_client(make_worker("13800000002"))
    page = uncertified.get(reverse("assistance_portal:apply")).content.decode()
    assert "只有已实名认证并已入会的会员" in page and "去实名认证" in page
    certified = worker_client(
        make_worker("13800000003", name="孙非会员", id_number="620102199001011233")
    )
    response = certified.post(reverse("assistance_portal:apply"), FORM)
    assert response.status_code == 403 and not Archive.objects.exists()
    assert "申请入会" in response.content.decode()


def test_portal_requires_login():
    response = Client().get(reverse("assistance_portal:apply"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_portal_household_error_shown(tree, make_member, make_worker, worker_client):
    member = make_member(tree.base_a, name="周职工")
    worker = make_worker("13800000004", name=member.name, id_number=member.id_number, member=member)
    bad_id = CHILD_ID[:-1] + ("1" if CHILD_ID[-1] != "1" else "2")
    response = worker_client(worker).post(
        reverse("assistance_portal:apply"),
        {**PORTAL_FORM, **household_post(("周子", "child", bad_id))},
    )
    assert response.status_code == 400
    assert HOUSEHOLD_ID.format(n=1, message=ID_CHECKSUM) in response.content.decode()
    assert not Archive.objects.exists()
