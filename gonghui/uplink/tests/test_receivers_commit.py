"""`uplink.receivers.queue_event` (post_save of CaseEvent, registered by the hotline) and the
send it enqueues on commit, committed for real: the events of one transaction are queued and
delivered once it commits, by one send task."""

from unittest import mock

import pytest
from django.db import transaction

from gonghui.hotline import services
from gonghui.hotline.tests.conftest import intake
from gonghui.uplink import tasks
from gonghui.uplink.models import MessageStatus, UplinkMessage
from gonghui.uplink.tests.test_uplink import receiver, seqs  # noqa: F401


@pytest.mark.django_db(transaction=True)
def test_events_of_a_committed_transaction_are_sent_by_one_task(receiver, staff, tree):  # noqa: F811
    real = tasks.uplink_send.enqueue
    with mock.patch.object(type(tasks.uplink_send), "enqueue", autospec=True) as enqueue:
        enqueue.side_effect = lambda task, *a, **k: real(*a, **k)
        with transaction.atomic():
            case = intake(staff.sysadmin)
            services.case_dispatch(
                actor=staff.sysadmin, case=case, to_org=tree.chengguan, expected_version=1
            )
            assert receiver.acknowledged == []  # nothing leaves before the commit
    assert enqueue.call_count == 1
    assert seqs(receiver.acknowledged, case.number) == [1, 2]
    statuses = set(UplinkMessage.objects.values_list("status", flat=True))
    assert statuses == {MessageStatus.SENT}
