"""「查看记录」 on a member's page (issue 11): holders of the grant and auditors in scope see who
unmasked the member and which exports touched him, from the audit log; others see no panel."""

import pytest
from django.urls import reverse

from gonghui.audit.models import AuditLog, AuditSubject
from gonghui.audit.selectors import audit_trail_of
from gonghui.conftest import VALID_IDS
from gonghui.hotline import services
from gonghui.hotline.codes import Category, Channel, Complexity, Kind

pytestmark = pytest.mark.django_db
IP = "10.20.30.40"
PANEL = 'id="view-trail"'


@pytest.fixture
def members(tree, make_member):
    return (
        make_member(tree.base_a, name="王小红", id_number=VALID_IDS[1]),
        make_member(tree.base_b, name="赵六", id_number=VALID_IDS[2]),
    )


def page(client, user, member) -> str:
    client.force_login(user)
    response = client.get(reverse("members:detail", args=[member.pk]), REMOTE_ADDR=IP)
    assert response.status_code == 200
    return response.content.decode()


def trail_rows(html: str) -> list[str]:
    return html.split(PANEL, 1)[1].split('data-testid="trail-row"')[1:]


def test_only_grant_holders_and_auditors_see_the_panel(client, staff, members):
    wang, _ = members
    assert PANEL in page(client, staff.county_admin_pii, wang)
    assert PANEL in page(client, staff.county_auditor, wang)
    assert PANEL not in page(client, staff.county_admin, wang)
    assert PANEL not in page(client, staff.county_staff, wang)


def test_unmasking_shows_who_when_and_from_where(client, staff, members):
    wang, zhao = members
    client.force_login(staff.county_admin_pii)
    client.post(reverse("members:unmask", args=[wang.pk]), REMOTE_ADDR=IP)
    client.post(reverse("members:unmask", args=[zhao.pk]))
    (shown,) = trail_rows(page(client, staff.county_auditor, wang))
    assert staff.county_admin_pii.username in shown and "查看完整个人信息" in shown
    assert IP in shown and "城关区总工会" in shown and "成功" in shown
    assert len(trail_rows(page(client, staff.county_auditor, zhao))) == 1


def test_exports_are_shown_on_the_members_they_touched(client, staff, members):
    wang, zhao = members
    client.force_login(staff.county_admin)
    client.get(reverse("members:export"), {"q": "王"}, REMOTE_ADDR=IP)
    client.force_login(staff.county_admin_pii)
    client.get(reverse("members:export"), {"format": "csv", "full": "1"})
    client.force_login(staff.sysadmin)  # the province: outside the county auditor's own log
    client.get(reverse("members:export"))

    logs = AuditLog.objects.filter(action="member.export").order_by("id")
    assert [
        sorted(AuditSubject.objects.filter(log=log).values_list("object_id", flat=True))
        for log in logs
    ] == [
        [str(wang.pk)],
        sorted([str(wang.pk), str(zhao.pk)]),
        sorted([str(wang.pk), str(zhao.pk)]),
    ]
    province, full_csv, masked = trail_rows(page(client, staff.county_auditor, wang))
    assert staff.sysadmin.username in province and "甘肃省总工会" in province
    assert "完整信息" in full_csv and "CSV" in full_csv and "共 2 条" in full_csv
    assert "已脱敏" in masked and "共 1 条" in masked and IP in masked
    assert "导出会员名单" in masked
    assert len(trail_rows(page(client, staff.county_auditor, zhao))) == 2


def test_a_callers_case_unmasked_or_phone_revealed_shows_on_his_member_page(
    client, staff, tree, members
):
    wang, zhao = members
    case = services.case_intake(
        actor=staff.sysadmin,
        channel=Channel.PHONE,
        caller_name="王小红",
        caller_phone="13987654321",
        id_number=VALID_IDS[1],
        kind=Kind.DEMAND,
        category=Category.WAGES,
        complexity=Complexity.HARD,
        description="拖欠工资。",
    )
    case = services.case_dispatch(
        actor=staff.sysadmin, case=case, to_org=tree.chengguan, expected_version=case.version
    )
    assert case.member_id == wang.pk
    client.force_login(staff.county_admin_pii)
    client.post(reverse("hotline:unmask", args=[case.number]))
    client.force_login(staff.county_staff)
    client.post(reverse("hotline:caller_phone", args=[case.number]))
    phone, unmask = trail_rows(page(client, staff.county_auditor, wang))
    assert "查看来电号码" in phone and staff.county_staff.username in phone
    assert "查看来电人完整信息" in unmask and case.number in unmask
    assert trail_rows(page(client, staff.county_auditor, zhao)) == []


def test_the_trail_is_empty_outside_the_users_subtree(staff, members):
    wang, _ = members
    AuditLog.objects.create(action="member.unmask", object_type="member", object_id=str(wang.pk))
    mine = audit_trail_of(
        user=staff.county_auditor, obj=wang, org=wang.org, own_actions=("member.unmask",)
    )
    assert mine.count() == 1
    other = audit_trail_of(
        user=staff.sibling_admin, obj=wang, org=wang.org, own_actions=("member.unmask",)
    )
    assert not other.exists()
