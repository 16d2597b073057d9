"""「查看来电号码」 (issue 11): the union holding a case and the 12351 agents reveal that case's
caller phone, one audited action; nothing else of the caller, no other case, and not a union
the case has moved away from."""

import pytest
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.accounts.permissions import ROLE_AUDITOR
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.conftest import PASSWORD
from gonghui.hotline import services
from gonghui.hotline.caller_phone import CALLER_PHONE_DENIED
from gonghui.hotline.tests.conftest import ID_NUMBER, PHONE, intake

pytestmark = pytest.mark.django_db
OTHER_PHONE = "13800001203"


def reveal_url(case) -> str:
    return reverse("hotline:caller_phone", args=[case.number])


def detail_url(case) -> str:
    return reverse("hotline:detail", args=[case.number])


def api_reveal(client, user, case):
    token = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    return client.post(
        f"/api/v1/hotline/cases/{case.number}/caller-phone",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def rows(result=None):
    qs = AuditLog.objects.filter(action="case.caller_phone")
    return qs.filter(result=result) if result else qs


@pytest.fixture
def dispatched(agent, tree):
    """Two cases held by 城关区总工会, with different callers."""

    def make(phone):
        case = intake(agent, caller_phone=phone, id_number=ID_NUMBER)
        return services.case_dispatch(
            actor=agent, case=case, to_org=tree.chengguan, expected_version=case.version
        )

    return make(PHONE), make(OTHER_PHONE)


def test_the_holding_union_reveals_only_that_cases_phone(client, staff, dispatched):
    case, other = dispatched
    client.force_login(staff.county_staff)
    page = client.get(detail_url(case)).content.decode()
    assert "查看来电号码" in page and PHONE not in page
    page = client.post(reveal_url(case)).content.decode()
    assert PHONE in page and OTHER_PHONE not in page
    assert "李建国" not in page and ID_NUMBER not in page  # name and ID stay masked
    assert "620102********0044" in page
    fragment = client.post(reveal_url(case), HTTP_HX_REQUEST="true").content.decode()
    assert PHONE in fragment and "李" not in fragment
    row = rows(AuditResult.SUCCESS).first()
    assert rows(AuditResult.SUCCESS).count() == 2
    assert (row.actor, row.object_id) == (staff.county_staff, str(case.pk))
    assert row.changes == {"fields": ["caller_phone"]}


def test_the_grant_is_not_the_general_one(client, staff, dispatched):
    case, _ = dispatched
    client.force_login(staff.county_staff)
    assert client.post(reverse("hotline:unmask", args=[case.number])).status_code == 403


def test_unions_above_the_holder_and_auditors_cannot(client, staff, make_user, tree, dispatched):
    case, _ = dispatched
    client.force_login(staff.city_admin)  # sees the case (above the holder), does not call
    assert "查看来电号码" not in client.get(detail_url(case)).content.decode()
    refused = client.post(reveal_url(case))
    assert refused.status_code == 403 and CALLER_PHONE_DENIED in refused.content.decode()
    assert PHONE not in refused.content.decode()
    assert rows(AuditResult.DENIED).get().actor == staff.city_admin
    auditor = make_user("cg_audit2", tree.chengguan, ROLE_AUDITOR)
    client.force_login(auditor)
    assert client.post(reveal_url(case)).status_code == 403


def test_a_superuser_without_the_grants_sees_the_case_masked_everywhere(client, tree, dispatched):
    case, _ = dispatched
    root = User.objects.create_superuser("root", password=PASSWORD)
    client.force_login(root)
    page = client.get(detail_url(case)).content.decode()
    assert PHONE not in page and "查看来电号码" not in page and "显示完整信息" not in page
    assert client.post(reveal_url(case)).status_code == 403
    assert client.post(reverse("hotline:unmask", args=[case.number])).status_code == 403
    assert api_reveal(client, root, case).status_code == 403
    admin = client.get(reverse("admin:hotline_case_change", args=[case.pk])).content.decode()
    assert "139****4321" in admin and PHONE not in admin and ID_NUMBER not in admin
    assert not rows(AuditResult.SUCCESS).exists()
    assert not AuditLog.objects.filter(action="case.unmask", result=AuditResult.SUCCESS).exists()


def test_after_transfer_only_the_new_holder_can(client, staff, township_staff, tree, dispatched):
    case, _ = dispatched
    services.case_transfer(
        actor=staff.county_admin, case=case, to_org=tree.donggang, expected_version=case.version
    )
    client.force_login(staff.county_staff)  # still sees it: 东岗西路 is below 城关区
    assert client.get(detail_url(case)).status_code == 200
    assert client.post(reveal_url(case)).status_code == 403
    assert api_reveal(client, staff.county_staff, case).status_code == 403
    client.force_login(township_staff)
    assert PHONE in client.post(reveal_url(case)).content.decode()


def test_after_return_the_union_cannot(client, staff, dispatched):
    case, _ = dispatched
    services.case_return(
        actor=staff.county_admin, case=case, reason="不属本区管辖", expected_version=case.version
    )
    client.force_login(staff.county_staff)
    response = client.post(reveal_url(case))
    assert response.status_code == 404 and PHONE not in response.content.decode()
    assert not rows(AuditResult.SUCCESS).exists()


def test_agents_reveal_from_the_console_and_the_api(client, agent, case_in):
    closed = case_in("closed")
    client.force_login(agent)
    console = client.get(reverse("hotline:console")).content.decode()
    assert reveal_url(closed) in console and PHONE not in console
    fragment = client.post(reveal_url(closed), HTTP_HX_REQUEST="true").content.decode()
    assert PHONE in fragment
    api = api_reveal(client, agent, closed)
    assert api.status_code == 200
    assert api.json() == {"number": closed.number, "caller_phone": PHONE}
    assert rows(AuditResult.SUCCESS).filter(actor=agent).count() == 2


def test_the_api_refuses_the_union_above(client, staff, dispatched):
    case, _ = dispatched
    refused = api_reveal(client, staff.city_admin, case)
    assert refused.status_code == 403 and refused.json()["message"] == CALLER_PHONE_DENIED
    assert api_reveal(client, staff.county_admin, case).json()["caller_phone"] == PHONE
