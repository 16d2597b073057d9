"""A member's own requests: transfer (forwarded, decided by the receiving union) and leave."""

import pytest

from gonghui.audit.models import AuditLog
from gonghui.conftest import VALID_IDS
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.members.codes import ChangeType, MemberStatus
from gonghui.members.models import Transfer, TransferStatus
from gonghui.members.services import transfer_approve, transfer_cancel, transfer_reject
from gonghui.portal.models import MemberRequest, MemberRequestKind, RequestStatus
from gonghui.portal.services import joining
from gonghui.portal.services.joining import (
    member_request_approve_leave,
    member_request_forward,
    member_request_leave,
    member_request_reject,
    member_request_transfer,
    member_request_withdraw,
)
from gonghui.portal.views.joining import PICK_NEW_UNION


@pytest.fixture
def member(make_member, tree):
    return make_member(tree.base_a, id_number=VALID_IDS[1], name="李四")


@pytest.fixture
def worker(make_worker, member):
    return make_worker("13900000001", name="李四", id_number=VALID_IDS[1], member=member)


def test_transfer_forwarded_then_approved_by_the_receiving_union(staff, tree, worker, member):
    item = member_request_transfer(worker=worker, to_org=tree.base_c, reason="跳槽到丙公司")
    assert item.kind == MemberRequestKind.TRANSFER and item.status == RequestStatus.PENDING

    item = member_request_forward(actor=staff.base_admin, item=item)
    transfer = item.transfer
    assert transfer.status == TransferStatus.PENDING
    assert (transfer.from_org, transfer.to_org, transfer.initiated_by) == (
        tree.base_a,
        tree.base_c,
        "out",
    )
    assert "跳槽到丙公司" in transfer.note
    # Still pending for the worker while the receiving union decides.
    item.refresh_from_db()
    assert item.status == RequestStatus.PENDING

    # The receiving union decides on the registry's own 转会审批.
    transfer_approve(actor=staff.base_c_admin, transfer=transfer)
    item.refresh_from_db()
    member.refresh_from_db()
    assert item.status == RequestStatus.APPROVED and item.decided_at is not None
    assert member.org == tree.base_c
    assert AuditLog.objects.filter(action="member_request.forward").exists()


def test_transfer_rejected_by_the_receiving_union_shows_its_note(staff, tree, worker):
    item = member_request_transfer(worker=worker, to_org=tree.base_c, reason="换单位")
    item = member_request_forward(actor=staff.base_admin, item=item)
    transfer_reject(actor=staff.base_c_admin, transfer=item.transfer, note="查无此人入职记录")
    item.refresh_from_db()
    assert item.status == RequestStatus.REJECTED
    assert item.decision_note == "查无此人入职记录"


def test_a_forwarded_transfer_cancelled_by_the_union_ends_the_request(staff, tree, worker):
    item = member_request_transfer(worker=worker, to_org=tree.base_c, reason="换单位")
    item = member_request_forward(actor=staff.base_admin, item=item)
    transfer_cancel(actor=staff.base_admin, transfer=item.transfer)
    item.refresh_from_db()
    assert item.status == RequestStatus.REJECTED
    assert item.decision_note == joining.TRANSFER_CANCELLED_NOTE
    # And the member may ask again.
    assert member_request_leave(worker=worker, reason="退休").status == RequestStatus.PENDING


def test_one_pending_request_per_member(tree, worker):
    member_request_transfer(worker=worker, to_org=tree.base_c, reason="换单位")
    with pytest.raises(Conflict) as exc:
        member_request_leave(worker=worker, reason="不想参加了")
    assert exc.value.message == joining.REQUEST_PENDING
    assert MemberRequest.objects.count() == 1


def test_a_pending_transfer_started_by_the_union_blocks_a_request(staff, tree, worker, member):
    from gonghui.members.services import transfer_request

    transfer_request(actor=staff.base_admin, member=member, to_org=tree.base_b)
    with pytest.raises(Conflict) as exc:
        member_request_leave(worker=worker, reason="x")
    assert exc.value.message == joining.TRANSFER_ALREADY_PENDING


@pytest.mark.parametrize(
    "to_org, reason, message",
    [
        ("base_a", "换单位", joining.TRANSFER_TARGET_SAME.format(org="兰州甲公司工会")),
        ("chengguan", "换单位", joining.UNION_NOT_HOLDING.format(name="城关区总工会")),
        ("base_c", "  ", joining.REQUEST_REASON_REQUIRED),
        ("base_c", "因" * 201, joining.TOO_LONG.format(label="原因", n=200)),
    ],
)
def test_bad_transfer_requests_refused(tree, worker, to_org, reason, message):
    with pytest.raises(ApplicationError) as exc:
        member_request_transfer(worker=worker, to_org=getattr(tree, to_org), reason=reason)
    assert exc.value.message == message
    assert not MemberRequest.objects.exists()


def test_a_worker_without_membership_cannot_ask(tree, make_worker):
    worker = make_worker("13900000009", name="赵六", id_number=VALID_IDS[4])
    with pytest.raises(ApplicationError) as exc:
        member_request_leave(worker=worker, reason="x")
    assert exc.value.message == joining.NOT_A_MEMBER


def test_leave_approved_by_the_holding_union(staff, tree, worker, member):
    item = member_request_leave(worker=worker, reason="个人原因")
    member_request_approve_leave(actor=staff.base_admin, item=item, note="已办理")
    item.refresh_from_db()
    member.refresh_from_db()
    assert item.status == RequestStatus.APPROVED
    assert member.status == MemberStatus.LEFT
    assert member.events.last().change_type == ChangeType.LEAVE


def test_leave_rejected_with_a_reason(staff, tree, worker, member):
    item = member_request_leave(worker=worker, reason="个人原因")
    with pytest.raises(ApplicationError):
        member_request_reject(actor=staff.base_admin, item=item, note="")
    member_request_reject(actor=staff.base_admin, item=item, note="请先结清会费")
    item.refresh_from_db()
    member.refresh_from_db()
    assert item.status == RequestStatus.REJECTED and item.decision_note == "请先结清会费"
    assert member.status == MemberStatus.ACTIVE


def test_deciding_outside_the_subtree_is_forbidden_and_audited(staff, tree, worker, member):
    item = member_request_leave(worker=worker, reason="个人原因")
    for service, kwargs in [
        (member_request_approve_leave, {}),
        (member_request_reject, {"note": "x"}),
    ]:
        with pytest.raises(Forbidden):
            service(actor=staff.sibling_admin, item=item, **kwargs)
    item.refresh_from_db()
    member.refresh_from_db()
    assert item.status == RequestStatus.PENDING and member.status == MemberStatus.ACTIVE
    assert AuditLog.objects.filter(action="access.denied", actor=staff.sibling_admin).count() == 2


def test_forward_outside_the_subtree_is_forbidden(staff, tree, worker):
    item = member_request_transfer(worker=worker, to_org=tree.base_c, reason="换单位")
    # The receiving union cannot forward on the member's union's behalf.
    with pytest.raises(Forbidden):
        member_request_forward(actor=staff.base_c_admin, item=item)
    assert not Transfer.objects.exists()


def test_forward_is_only_for_transfers_and_reject_not_after_forwarding(staff, tree, worker):
    leave = member_request_leave(worker=worker, reason="x")
    with pytest.raises(ApplicationError) as exc:
        member_request_forward(actor=staff.base_admin, item=leave)
    assert exc.value.message == joining.REQUEST_WRONG_KIND.format(kind="转会")
    member_request_withdraw(worker=worker, item=leave)
    item = member_request_transfer(worker=worker, to_org=tree.base_c, reason="换单位")
    member_request_forward(actor=staff.base_admin, item=item)
    with pytest.raises(ApplicationError) as exc:
        member_request_reject(actor=staff.base_admin, item=item, note="x")
    assert exc.value.message == joining.FORWARDED_DECIDE_THERE
    with pytest.raises(ApplicationError) as exc:
        member_request_withdraw(worker=worker, item=item)
    assert exc.value.message == joining.REQUEST_FORWARDED


# --- pages ----------------------------------------------------------------------------------------


def test_worker_asks_for_a_transfer_and_follows_it_to_the_end(
    client, staff, tree, worker, member, worker_client
):
    wc = worker_client(worker)
    page = wc.get("/m/requests/transfer/", {"q": "丙公司"}).content.decode()
    assert f'value="{tree.base_c.pk}"' in page
    # No choice made: told what to do.
    page = wc.post("/m/requests/transfer/", {"reason": "换单位"}).content.decode()
    assert PICK_NEW_UNION in page
    response = wc.post("/m/requests/transfer/", {"to_org": tree.base_c.pk, "reason": "换单位"})
    assert response.status_code == 302
    item = MemberRequest.objects.get()

    # The member's union forwards it in the workbench...
    client.force_login(staff.base_admin)
    page = client.get("/portal-admin/requests/").content.decode()
    assert "李四" in page and "同意转出" in page
    client.post(f"/portal-admin/requests/{item.pk}/forward/")
    assert "待转入工会审批" in wc.get("/m/requests/").content.decode()

    # ... and the receiving union approves it on 转会审批.
    client.force_login(staff.base_c_admin)
    transfer = Transfer.objects.get()
    client.post(f"/members/transfers/{transfer.pk}/approve/")
    page = wc.get("/m/requests/").content.decode()
    assert "已通过" in page
    assert "兰州丙公司工会" in wc.get("/m/card/").content.decode()


def test_worker_asks_to_leave_and_the_union_approves(client, staff, worker, member, worker_client):
    wc = worker_client(worker)
    page = wc.post("/m/requests/leave/", {"reason": ""}).content.decode()
    assert "请填写原因。" in page
    wc.post("/m/requests/leave/", {"reason": "个人原因"})
    item = MemberRequest.objects.get()
    client.force_login(staff.base_admin)
    client.post(f"/portal-admin/requests/{item.pk}/approve/")
    member.refresh_from_db()
    assert member.status == MemberStatus.LEFT
    page = wc.get("/m/requests/").content.decode()
    assert "已通过" in page
    # No card any more.
    assert "还没有电子会员卡" in wc.get("/m/card/").content.decode()


def test_workbench_request_outside_subtree_404(client, staff, worker):
    item = member_request_leave(worker=worker, reason="个人原因")
    client.force_login(staff.sibling_admin)
    assert "李四" not in client.get("/portal-admin/requests/").content.decode()
    assert client.post(f"/portal-admin/requests/{item.pk}/approve/").status_code == 404
    assert AuditLog.objects.filter(
        action="access.denied", actor=staff.sibling_admin, object_id=str(item.pk)
    ).exists()


@pytest.mark.raw_inbox_writes  # rows written past the services
def test_a_transfer_settled_in_bulk_does_not_block_the_next_request(staff, tree, worker):
    """An org merge cancels transfers with a bulk update (no signal): the request is settled
    when the member next asks."""
    item = member_request_transfer(worker=worker, to_org=tree.base_c, reason="换单位")
    item = member_request_forward(actor=staff.base_admin, item=item)
    Transfer.objects.filter(pk=item.transfer_id).update(status=TransferStatus.CANCELLED)
    assert member_request_leave(worker=worker, reason="退休").status == RequestStatus.PENDING
    item.refresh_from_db()
    assert item.status == RequestStatus.REJECTED


def test_requests_list_query_count_does_not_grow_with_rows(
    client, staff, tree, make_member, make_worker, django_assert_max_num_queries
):
    for i in (0, 2, 3, 5):
        member = make_member(tree.base_a, id_number=VALID_IDS[i], name=f"会员{i}")
        worker = make_worker(
            f"1390000030{i}", name=f"会员{i}", id_number=VALID_IDS[i], member=member
        )
        member_request_leave(worker=worker, reason="个人原因")
    client.force_login(staff.county_admin)
    with django_assert_max_num_queries(12):
        page = client.get("/portal-admin/requests/").content.decode()
    assert page.count("同意退会") == 4
