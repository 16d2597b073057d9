"""Workers' 入会申请 and 转会/退会 requests in the 待办 inbox: after each action the inbox of every
affected user is right, and the union is told when one arrives. (The app's conftest also checks
`check_items() == []` after every test.)"""

import pytest

from gonghui.conftest import VALID_IDS
from gonghui.inbox.models import OpenItem
from gonghui.inbox.selectors import check_items, inbox_count, visible_items
from gonghui.members.codes import Category
from gonghui.members.services import transfer_approve, transfer_request
from gonghui.notifications.models import Notification, NotificationKind
from gonghui.orgs.services import org_merge
from gonghui.portal.services.joining import (
    join_apply,
    join_approve,
    join_bulk_approve,
    join_reject,
    join_withdraw,
    member_request_approve_leave,
    member_request_forward,
    member_request_leave,
    member_request_reject,
    member_request_transfer,
    member_request_withdraw,
)


@pytest.fixture
def applicant(make_worker):
    return make_worker("13900000001", name="李四", id_number=VALID_IDS[1])


@pytest.fixture
def member(make_member, tree):
    return make_member(tree.base_a, id_number=VALID_IDS[2], name="王五")


@pytest.fixture
def member_worker(make_worker, member):
    return make_worker("13900000002", name="王五", id_number=VALID_IDS[2], member=member)


def apply(worker, org):
    return join_apply(
        worker=worker, org=org, category=Category.NF_DELIVERY, employer="美团外卖兰州站"
    )


def _kinds(user) -> list[str]:
    return sorted(visible_items(user).values_list("kind", flat=True))


def test_application_arrives_in_the_unions_inbox_and_approval_closes_it(staff, tree, applicant):
    application = apply(applicant, tree.base_a)
    assert check_items() == []
    assert _kinds(staff.base_admin) == ["portal.join"]
    item = visible_items(staff.base_admin).get()
    assert item.summary == "李* 申请加入兰州甲公司工会"
    assert item.link == f"/portal-admin/applications/{application.pk}/"
    for user in (staff.county_admin, staff.base_c_admin, staff.county_auditor):
        assert inbox_count(user) == 0, user.username
    notice = Notification.objects.get(kind=NotificationKind.WORK)
    assert notice.recipient_org_id == tree.base_a.pk and notice.title == "新待办：待审核入会申请"

    join_approve(actor=staff.county_admin, application=application)
    assert check_items() == []
    assert inbox_count(staff.base_admin) == 0


def test_rejection_and_withdrawal_close_the_item(staff, tree, applicant):
    application = apply(applicant, tree.base_a)
    join_reject(actor=staff.base_admin, application=application, reason="不在本单位工作")
    assert check_items() == [] and inbox_count(staff.base_admin) == 0

    application = apply(applicant, tree.base_c)
    assert _kinds(staff.base_c_admin) == ["portal.join"]
    join_withdraw(worker=applicant, application=application)
    assert check_items() == [] and inbox_count(staff.base_c_admin) == 0


def test_bulk_approval_closes_each_approved_item(staff, tree, applicant, make_worker):
    other = make_worker("13900000003", name="赵六", id_number=VALID_IDS[3])
    ids = [apply(applicant, tree.base_a).pk, apply(other, tree.base_a).pk]
    assert inbox_count(staff.base_admin) == 2
    rows = join_bulk_approve(actor=staff.base_admin, application_ids=ids)
    assert all(not row.error for row in rows)
    assert check_items() == [] and inbox_count(staff.base_admin) == 0


def test_merge_moves_the_pending_application(staff, tree, applicant):
    apply(applicant, tree.base_a)
    org_merge(actor=staff.sysadmin, source=tree.base_a, target=tree.base_b)
    assert check_items() == []
    assert OpenItem.objects.get().org_id == tree.base_b.pk


def test_leave_request_is_handled_by_the_members_union(staff, tree, member_worker):
    item = member_request_leave(worker=member_worker, reason="退休")
    assert check_items() == []
    # base_admin holds MEMBER_CHANGE; the auditor and the county above do not see it.
    assert _kinds(staff.base_admin) == ["portal.member_request"]
    assert visible_items(staff.base_admin).get().summary == "王* 申请退会"
    assert inbox_count(staff.county_admin) == 0
    assert Notification.objects.filter(
        kind=NotificationKind.WORK, recipient_org=tree.base_a
    ).exists()
    member_request_approve_leave(actor=staff.base_admin, item=item)
    assert check_items() == [] and inbox_count(staff.base_admin) == 0


def test_leave_request_rejected_or_withdrawn(staff, tree, member_worker):
    item = member_request_leave(worker=member_worker, reason="退休")
    member_request_reject(actor=staff.base_admin, item=item, note="请本人到场办理")
    assert check_items() == [] and inbox_count(staff.base_admin) == 0
    item = member_request_leave(worker=member_worker, reason="退休")
    assert inbox_count(staff.base_admin) == 1
    member_request_withdraw(worker=member_worker, item=item)
    assert check_items() == [] and inbox_count(staff.base_admin) == 0


def test_forwarded_transfer_request_becomes_the_transfers_item(staff, tree, member_worker):
    item = member_request_transfer(worker=member_worker, to_org=tree.base_c, reason="换单位")
    assert visible_items(staff.base_admin).get().summary == "王* 申请转会至兰州丙公司工会"
    member_request_forward(actor=staff.base_admin, item=item)
    assert check_items() == []
    # The request is the union's no more: the receiving union decides the transfer.
    assert inbox_count(staff.base_admin) == 0
    assert _kinds(staff.base_c_admin) == ["members.transfer"]
    assert _kinds(staff.sibling_admin) == ["members.transfer_below"]


def test_a_pending_leave_request_follows_the_member_moved_by_a_transfer(
    staff, tree, member, member_worker
):
    member_request_leave(worker=member_worker, reason="退休")
    transfer = transfer_request(actor=staff.county_admin, member=member, to_org=tree.base_c)
    transfer_approve(actor=staff.base_c_admin, transfer=transfer)
    assert check_items() == []
    assert _kinds(staff.base_c_admin) == ["portal.member_request"]
    assert inbox_count(staff.base_admin) == 0
