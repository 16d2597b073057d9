"""`portal.signals.follow_transfer` (post_save of members.Transfer), committed for real."""

import pytest

from gonghui.conftest import VALID_IDS
from gonghui.members.services import transfer_approve
from gonghui.portal.models import MemberRequest, RequestStatus
from gonghui.portal.services.joining import member_request_forward, member_request_transfer


@pytest.mark.django_db(transaction=True)
def test_a_committed_transfer_decision_ends_the_forwarded_request(
    staff, tree, make_member, make_worker
):
    member = make_member(tree.base_a, id_number=VALID_IDS[1], name="李四")
    worker = make_worker("13900000001", name="李四", id_number=VALID_IDS[1], member=member)
    item = member_request_transfer(worker=worker, to_org=tree.base_c, reason="跳槽到丙公司")
    item = member_request_forward(actor=staff.base_admin, item=item)

    transfer_approve(actor=staff.base_c_admin, transfer=item.transfer)

    item = MemberRequest.objects.get(pk=item.pk)
    assert item.status == RequestStatus.APPROVED and item.decided_at is not None
