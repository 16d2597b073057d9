"""A member transferred from 甘肃 (62) to 青海 (63) through the exchange: consent, sealed and
signed messages, re-encryption under the receiver's keys, approval, the membership closed at
the sender, history on both sides, and a second delivery that changes nothing."""

import json
from datetime import date

import pytest
from django.test import Client, override_settings

from gonghui.audit.models import AuditLog
from gonghui.conftest import VALID_IDS, login
from gonghui.core import crypto
from gonghui.core.errors import ApplicationError
from gonghui.inbox.models import OpenItem
from gonghui.members.codes import ChangeType, MemberStatus
from gonghui.members.models import Member
from gonghui.national.models import CrossTransfer, CrossTransferStatus, Direction, ExchangeMessage
from gonghui.national.peers import SIGNATURE_HEADER, PeerError
from gonghui.national.services import (
    CONSENT_REQUIRED,
    NOTE_REQUIRED,
    cross_transfer_approve,
    cross_transfer_reject,
    cross_transfer_request,
    exchange_receive,
)
from gonghui.national.tests.conftest import PEER_KEY, QH_USCC, deliver, gansu, qinghai

ID = VALID_IDS[0]
PHONE = "13912345678"


def _request(staff, member, code=QH_USCC):
    with gansu():
        return cross_transfer_request(
            actor=staff.county_admin,
            member_id=member.pk,
            to_province="63",
            to_org_code=code,
            consent_by="staff",
        )


@pytest.fixture
def leaving(tree, make_member):
    return make_member(
        tree.base_a, id_number=ID, phone=PHONE, name="李四", joined_on=date(2015, 3, 1)
    )


def test_transfer_end_to_end(tree, staff, qh, leaving):
    sent = _request(staff, leaving)
    (message,) = ExchangeMessage.objects.filter(direction=Direction.OUT)
    # Nothing personal in clear in the outbox: the person travels sealed under the peer key.
    text = json.dumps(message.envelope, ensure_ascii=False)
    assert ID not in text and PHONE not in text and "李四" not in text
    assert message.envelope["body"]["consent"]["by"] == "staff"

    answers, signed = deliver(gansu, qinghai)
    assert answers == ["accepted"]
    received = CrossTransfer.objects.get(direction=Direction.IN, ref=sent.ref)
    assert received.org == qh.base and received.status == CrossTransferStatus.PENDING
    assert received.history[0]["type"] == "入会"
    # Re-encrypted under 青海's keys: readable there, not with 甘肃's.
    with qinghai():
        assert crypto.decrypt(received.id_number_enc) == ID
        assert received.id_number_hash == crypto.lookup_hash(ID)
    with pytest.raises(Exception):  # noqa: B017 — GCM refuses the wrong key
        crypto.decrypt(received.id_number_enc)
    assert OpenItem.objects.filter(kind="national.transfer_in", org=qh.base).exists()

    # The same message again changes nothing.
    with qinghai():
        assert exchange_receive(body=signed[0][0], signature=signed[0][1]) == "duplicate"
    assert CrossTransfer.objects.filter(direction=Direction.IN).count() == 1

    with qinghai():
        cross_transfer_approve(actor=qh.admin, transfer_id=received.pk)
    received.refresh_from_db()
    arrived = received.member
    assert arrived.org == qh.base and arrived.status == MemberStatus.ACTIVE
    assert arrived.joined_on == date(2015, 3, 1)
    assert received.id_number_enc is None and received.id_number_hash == ""
    assert list(arrived.events.values_list("change_type", flat=True)) == [ChangeType.TRANSFER_IN]
    with qinghai():
        assert arrived.id_number == ID and arrived.phone == PHONE
    assert not OpenItem.objects.filter(kind="national.transfer_in").exists()

    answers, signed = deliver(qinghai, gansu)
    assert answers == ["accepted"]
    leaving.refresh_from_db()
    assert leaving.status == MemberStatus.LEFT
    out = leaving.events.order_by("id").last()
    assert out.change_type == ChangeType.TRANSFER_OUT and "青海省" in out.note
    assert leaving.events.count() == 2  # 入会 and 转出: the history stays
    sent.refresh_from_db()
    assert sent.status == CrossTransferStatus.APPROVED
    with gansu():
        assert exchange_receive(body=signed[0][0], signature=signed[0][1]) == "duplicate"
    assert leaving.events.count() == 2
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {
        "national.transfer.request",
        "national.transfer.receive",
        "national.transfer.approve",
        "national.transfer.closed",
    } <= actions


def test_no_consent_no_request(tree, staff, qh, leaving):
    with gansu(), pytest.raises(ApplicationError) as refused:
        cross_transfer_request(
            actor=staff.county_admin,
            member_id=leaving.pk,
            to_province="63",
            to_org_code=QH_USCC,
            consent_by="",
        )
    assert refused.value.message == CONSENT_REQUIRED
    assert not CrossTransfer.objects.exists() and not ExchangeMessage.objects.exists()


def test_a_forged_or_altered_message_is_refused(tree, staff, qh, leaving):
    _request(staff, leaving)
    with gansu():
        from gonghui.national.sending import outgoing

        body, signature = outgoing(ExchangeMessage.objects.get())
    with qinghai():
        with pytest.raises(PeerError):
            exchange_receive(body=body, signature="00" * 32)
        with pytest.raises(PeerError):
            exchange_receive(body=body.replace(b"staff", b"worker"), signature=signature)
    assert not CrossTransfer.objects.filter(direction=Direction.IN).exists()
    assert ExchangeMessage.objects.filter(direction=Direction.IN).count() == 0


def test_reject_keeps_the_member_at_the_sender(tree, staff, qh, leaving):
    sent = _request(staff, leaving)
    deliver(gansu, qinghai)
    received = CrossTransfer.objects.get(direction=Direction.IN)
    with qinghai():
        with pytest.raises(ApplicationError) as refused:
            cross_transfer_reject(actor=qh.admin, transfer_id=received.pk, note=" ")
        assert refused.value.message == NOTE_REQUIRED
        cross_transfer_reject(actor=qh.admin, transfer_id=received.pk, note="查无此人")
    deliver(qinghai, gansu)
    sent.refresh_from_db()
    leaving.refresh_from_db()
    assert sent.status == CrossTransferStatus.REJECTED and sent.decision_note == "查无此人"
    assert leaving.status == MemberStatus.ACTIVE
    assert not Member.objects.filter(org=qh.base).exists()


def test_an_unknown_receiving_union_is_refused_at_once(tree, staff, qh, leaving):
    sent = _request(staff, leaving, code="91630100MA7QH9999X")
    deliver(gansu, qinghai)
    received = CrossTransfer.objects.get(direction=Direction.IN)
    assert received.status == CrossTransferStatus.REJECTED and received.id_number_enc is None
    deliver(qinghai, gansu)
    sent.refresh_from_db()
    assert sent.status == CrossTransferStatus.REJECTED and "查无" in sent.decision_note


def test_only_the_receiving_unions_scope_decides(tree, staff, qh, leaving):
    _request(staff, leaving)
    deliver(gansu, qinghai)
    received = CrossTransfer.objects.get(direction=Direction.IN)
    with qinghai(), pytest.raises(ApplicationError):
        cross_transfer_approve(actor=staff.county_admin, transfer_id=received.pk)
    assert CrossTransfer.objects.get(pk=received.pk).status == CrossTransferStatus.PENDING


def test_the_endpoint_checks_the_signature_and_answers_duplicates(tree, staff, qh, leaving):
    _request(staff, leaving)
    with gansu():
        from gonghui.national.sending import outgoing

        body, signature = outgoing(ExchangeMessage.objects.get())
    client = Client()
    with qinghai():
        bad = client.post(
            "/national/exchange/",
            body,
            content_type="application/json",
            headers={SIGNATURE_HEADER: "0" * 64},
        )
        assert bad.status_code == 403
        for expected in ("accepted", "duplicate"):
            answer = client.post(
                "/national/exchange/",
                body,
                content_type="application/json",
                headers={SIGNATURE_HEADER: signature},
            )
            assert answer.status_code == 200 and answer.json() == {"status": expected}
    assert CrossTransfer.objects.filter(direction=Direction.IN).count() == 1


def test_workbench_pages(tree, staff, qh, leaving):
    client = login(staff.county_admin)
    with gansu():
        page = client.get(f"/national/transfers/new/{leaving.pk}/")
        assert page.status_code == 200 and "同意将姓名" in page.text
        refused = client.post(
            f"/national/transfers/new/{leaving.pk}/",
            {"to_province": "63", "to_org_code": QH_USCC, "consent_by": "staff"},
        )
        assert refused.status_code == 400 and not CrossTransfer.objects.exists()
        done = client.post(
            f"/national/transfers/new/{leaving.pk}/",
            {"to_province": "63", "to_org_code": QH_USCC, "consent_by": "staff", "consent": "on"},
        )
        assert done.status_code == 302
    deliver(gansu, qinghai)
    received = CrossTransfer.objects.get(direction=Direction.IN)
    qh_client = login(qh.admin)
    with qinghai():
        listing = qh_client.get("/national/transfers/")
        assert "李四" in listing.text and "同意转入" in listing.text
        assert qh_client.post(f"/national/transfers/{received.pk}/approve/").status_code == 302
    assert CrossTransfer.objects.get(pk=received.pk).status == CrossTransferStatus.APPROVED


def test_an_unreachable_peer_keeps_the_message_for_later(tree, staff, qh, leaving):
    from django.utils import timezone

    from gonghui.national.sending import exchange_send_due

    _request(staff, leaving)
    now = timezone.now()
    with override_settings(
        NATIONAL_PROVINCE_CODE="62", NATIONAL_PEERS=f"63=http://127.0.0.1:9/x/|{PEER_KEY}"
    ):
        report = exchange_send_due(now)
    assert (report.sent, report.failed) == (0, 1)
    message = ExchangeMessage.objects.get()
    assert message.status == "pending" and message.attempts == 1 and message.last_error
    assert message.next_attempt_at > now
    with override_settings(
        NATIONAL_PROVINCE_CODE="62", NATIONAL_PEERS=f"63=http://127.0.0.1:9/x/|{PEER_KEY}"
    ):
        assert exchange_send_due(now).failed == 0  # not due yet: no second attempt
