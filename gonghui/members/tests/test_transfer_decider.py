"""Who decides a 转会: the side that did not ask (or an ancestor of it), never the asking account.

The issue: 城关区's admin asked for a transfer between two base unions of his county and approved
it himself, his scope covering both sides.
"""

import pytest
from django.urls import reverse

from gonghui.accounts.permissions import ROLE_UNION_ADMIN
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.core.errors import Forbidden
from gonghui.members import services
from gonghui.members.models import Transfer, TransferStatus
from gonghui.members.selectors import transfer_list
from gonghui.members.tests.test_api import JSON, auth

OWN = services.TRANSFER_OWN_REQUEST


@pytest.fixture
def inside_county(staff, tree, make_member):
    """cg_admin asks to move a member from 兰州甲公司工会 to 兰州乙公司工会 (both his county)."""
    member = make_member(tree.base_a, name="李桂兰")
    return services.transfer_request(actor=staff.county_admin, member=member, to_org=tree.base_b)


def _denials(user) -> int:
    return AuditLog.objects.filter(
        action="access.denied", actor=user, result=AuditResult.DENIED
    ).count()


# Services


@pytest.mark.parametrize("decide", ["approve", "reject"])
def test_asker_whose_scope_covers_both_sides_is_refused(staff, tree, inside_county, decide):
    service = getattr(services, f"transfer_{decide}")
    with pytest.raises(Forbidden) as exc:
        service(actor=staff.county_admin, transfer=inside_county, note="自己审批")
    assert exc.value.message == OWN.format(org=tree.base_b.name)
    assert _denials(staff.county_admin) == 1
    inside_county.refresh_from_db()
    assert inside_county.status == TransferStatus.PENDING
    assert inside_county.member.org == tree.base_a


def test_asker_refused_for_a_transfer_in_request_too(staff, tree, make_member):
    """转入 request asked by the city: the sending side decides, the city account cannot."""
    member = make_member(tree.base_a)
    transfer = services.transfer_request(actor=staff.city_admin, member=member, to_org=tree.base_c)
    for service in (services.transfer_approve, services.transfer_reject):
        with pytest.raises(Forbidden):
            service(actor=staff.city_admin, transfer=transfer, note="x")
    services.transfer_approve(actor=staff.base_c_admin, transfer=transfer)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.APPROVED


def test_receiving_base_union_admin_approves(staff, tree, make_user, inside_county):
    base_b_admin = make_user("base_b_admin", tree.base_b, ROLE_UNION_ADMIN)
    services.transfer_approve(actor=base_b_admin, transfer=inside_county)
    inside_county.refresh_from_db()
    assert (inside_county.status, inside_county.decided_by) == (
        TransferStatus.APPROVED,
        base_b_admin,
    )
    assert inside_county.member.org == tree.base_b


def test_ancestor_of_the_other_side_rejects(staff, tree, inside_county):
    services.transfer_reject(actor=staff.city_admin, transfer=inside_county, note="信息有误")
    inside_county.refresh_from_db()
    assert (inside_county.status, inside_county.decided_by) == (
        TransferStatus.REJECTED,
        staff.city_admin,
    )


def test_another_account_of_the_same_county_approves(staff, tree, inside_county):
    """The county is an ancestor of the receiving union: a colleague of the asker decides."""
    services.transfer_approve(actor=staff.county_admin_pii, transfer=inside_county)
    inside_county.refresh_from_db()
    assert inside_county.status == TransferStatus.APPROVED
    assert inside_county.member.org == tree.base_b


def test_transfers_to_decide_come_first(staff, tree, make_member):
    asked = services.transfer_request(
        actor=staff.county_admin, member=make_member(tree.base_a), to_org=tree.base_b
    )
    to_decide = services.transfer_request(
        actor=staff.base_c_admin, member=make_member(tree.base_a), to_org=tree.base_c
    )
    asked_later = services.transfer_request(
        actor=staff.county_admin, member=make_member(tree.base_b), to_org=tree.base_a
    )
    rows = list(transfer_list(user=staff.county_admin))
    assert rows == [to_decide, asked_later, asked]
    assert [t.user_must_decide for t in rows] == [True, False, False]
    # The colleague must decide all three; newest first.
    assert list(transfer_list(user=staff.county_admin_pii)) == [asked_later, to_decide, asked]


# View


def test_page_hides_the_decision_from_the_asker_and_says_why(client, staff, tree, inside_county):
    client.force_login(staff.county_admin)
    page = client.get(reverse("members:transfers")).content.decode()
    assert ">同意</button>" not in page and "确认拒绝" not in page
    assert OWN.format(org=tree.base_b.name) in page
    assert ">撤回</button>" in page  # the asker may still withdraw it

    client.force_login(staff.county_admin_pii)
    page = client.get(reverse("members:transfers")).content.decode()
    assert ">同意</button>" in page and "确认拒绝" in page
    assert 'data-confirm="确认同意「李桂兰」从「兰州甲公司工会」转入「兰州乙公司工会」' in page
    assert OWN.format(org=tree.base_b.name) not in page


@pytest.mark.parametrize("decide", ["approve", "reject"])
def test_asker_posting_a_decision_is_refused(client, staff, tree, inside_county, decide):
    client.force_login(staff.county_admin)
    url = reverse(f"members:transfer_{decide}", args=[inside_county.pk])
    response = client.post(url, {"note": "自己审批"}, follow=True)
    assert OWN.format(org=tree.base_b.name) in response.content.decode()
    assert Transfer.objects.get(pk=inside_county.pk).status == TransferStatus.PENDING
    assert _denials(staff.county_admin) == 1


def test_colleague_approves_through_the_page(client, staff, tree, inside_county):
    client.force_login(staff.county_admin_pii)
    client.post(reverse("members:transfer_approve", args=[inside_county.pk]))
    assert Transfer.objects.get(pk=inside_county.pk).status == TransferStatus.APPROVED


# API


def test_api_refuses_the_asker_and_lets_the_other_side_decide(client, staff, tree, inside_county):
    asker = auth(client, staff.county_admin)
    for decide, body in (("approve", {}), ("reject", {"note": "自己拒绝"})):
        url = f"/api/v1/transfers/{inside_county.pk}/{decide}"
        response = client.post(url, body, content_type=JSON, **asker)
        assert response.status_code == 403
        assert response.json()["message"] == OWN.format(org=tree.base_b.name)
    assert _denials(staff.county_admin) == 2
    assert Transfer.objects.get(pk=inside_county.pk).status == TransferStatus.PENDING

    colleague = auth(client, staff.county_admin_pii)
    response = client.post(
        f"/api/v1/transfers/{inside_county.pk}/approve", {}, content_type=JSON, **colleague
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"
