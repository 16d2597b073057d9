"""Cross-province transfers (跨省转会, 流动会员"一次入会、动态接转") through the exchange.

The sending province records the worker's consent and writes the request to the outbox; the
receiving province, on the signed message, keeps the travelling fields under its own keys and
opens a 待办 for the receiving union; its approval creates the member there and sends `approve`
back, on which the sender closes the membership (转出). Every message is handled once:
`exchange_receive` stores its id in the transaction that applies it.
See docs/scale.md, "The nation", for the message formats.
"""

import json
import uuid
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core import crypto
from gonghui.core.errors import ApplicationError, NotFound
from gonghui.inbox.services import refresh
from gonghui.members.selectors import access_member_by_id, member_history
from gonghui.members.services import member_create, member_transfer_out_of_province
from gonghui.national.models import (
    ConsentBy,
    CrossTransfer,
    CrossTransferStatus,
    Direction,
    ExchangeMessage,
    MessageStatus,
)
from gonghui.national.peers import PeerError, peer, peers, unseal, verify
from gonghui.national.peers import seal as seal_for
from gonghui.national.provinces import province_name
from gonghui.orgs.selectors import member_holding_org_by_uscc, org_in_scope

CONSENT_VERSION = "2026-12"
CONSENT_TEXT = (
    "本人同意将姓名、身份证号、手机号、职工类别、首次入会日期及会籍变化记录提供给转入地工会，"
    "仅用于办理跨省转会。"
)
CONSENT_REQUIRED = "须先取得职工本人同意（同意将个人信息提供给转入地工会），才能申请跨省转出。"
PEER_UNKNOWN = "尚未与该省份联网，请选择已联网的省份。"
TO_ORG_REQUIRED = "请填写转入工会的统一社会信用代码（18位）。"
NOT_HOLDING = "该会员当前{status}，不能申请跨省转出。"
ALREADY_PENDING = "该会员已有待转入地审批的跨省转会申请，请等待结果。"
NOT_PENDING = "该跨省转会已{status}，不能再审批。"
TRANSFER_NOT_FOUND = "没有找到该跨省转会，或不在您的管辖范围内。"
NOTE_REQUIRED = "拒绝时请填写审批意见，说明原因。"
TO_ORG_UNKNOWN = "转入地查无统一社会信用代码为 {code} 的工会，请核对后重新申请。"
ARRIVED_NOTE = "自{province}跨省转入（{ref}）"
LEFT_NOTE = "跨省转出至{province}「{org}」（{ref}）"

REQUEST, APPROVE, REJECT = (
    "member.transfer.request",
    "member.transfer.approve",
    "member.transfer.reject",
)


def own_code() -> str:
    return settings.NATIONAL_PROVINCE_CODE


def encode(envelope: dict) -> bytes:
    """The bytes that are sent and signed."""
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()


def _enqueue(*, type: str, to: str, ref: str, body: dict[str, Any]) -> ExchangeMessage:
    msg_id = uuid.uuid4()
    envelope = {
        "id": str(msg_id),
        "type": type,
        "from": own_code(),
        "to": to,
        "created_at": timezone.localtime().isoformat(timespec="seconds"),
        "transfer": ref,
        "body": body,
    }
    return ExchangeMessage.objects.create(
        msg_id=msg_id,
        direction=Direction.OUT,
        peer=to,
        type=type,
        transfer_ref=ref,
        envelope=envelope,
        status=MessageStatus.PENDING,
        next_attempt_at=timezone.now(),
    )


@transaction.atomic
def cross_transfer_request(
    *,
    actor: User,
    member_id: int,
    to_province: str,
    to_org_code: str,
    consent_by: str,
    consent_at=None,
) -> CrossTransfer:
    """跨省转出 asked for by the member's union (recording his written consent) or by the
    worker online: nothing is written unless the consent is given."""
    member = access_member_by_id(actor, member_id)
    if consent_by not in ConsentBy.values:
        raise ApplicationError(CONSENT_REQUIRED, field="consent")
    if to_province == own_code() or to_province not in peers():
        raise ApplicationError(PEER_UNKNOWN, field="to_province")
    to_org_code = (to_org_code or "").strip().upper()
    if len(to_org_code) != 18:
        raise ApplicationError(TO_ORG_REQUIRED, field="to_org_code")
    if not member.is_holding:
        raise ApplicationError(NOT_HOLDING.format(status=member.get_status_display()))
    pending = CrossTransfer.objects.select_for_update(of=("self",)).filter(
        member_id=member.pk, direction=Direction.OUT, status=CrossTransferStatus.PENDING
    )
    if pending.exists():
        raise ApplicationError(ALREADY_PENDING, code="transfer_pending")
    history = [
        {"on": e.changed_on.isoformat(), "type": e.get_change_type_display(), "org": e.org.name}
        for e in member_history(member).select_related("org")
    ]
    consent_at = consent_at or timezone.now()
    ref = f"{own_code()}-{uuid.uuid4().hex[:12]}"
    transfer = CrossTransfer.objects.create(
        ref=ref,
        direction=Direction.OUT,
        peer=to_province,
        member=member,
        org=member.org,
        to_org_code=to_org_code,
        name=member.name,
        category=member.category,
        joined_on=member.joined_on,
        history=history,
        consent_at=consent_at,
        consent_version=CONSENT_VERSION,
        consent_by=consent_by,
        requested_by=actor,
    )
    person = {
        "name": member.name,
        "id_number": member.id_number,
        "phone": member.phone,
        "category": member.category,
        "joined_on": member.joined_on.isoformat(),
        "history": history,
    }
    consent = {
        "at": timezone.localtime(consent_at).isoformat(timespec="seconds"),
        "version": CONSENT_VERSION,
        "by": consent_by,
    }
    _enqueue(
        type=REQUEST,
        to=to_province,
        ref=ref,
        body={
            "to_org": to_org_code,
            "consent": consent,
            "person": seal_for(peer(to_province), person),
        },
    )
    audit_record(
        actor=actor,
        action="national.transfer.request",
        obj=member,
        org=member.org,
        changes={
            "ref": ref,
            "peer": to_province,
            "to_org": to_org_code,
            "consent_by": consent_by,
            "consent_version": CONSENT_VERSION,
        },
    )
    return transfer


def exchange_receive(*, body: bytes, signature: str) -> str:
    """Apply one message from a peer: "accepted", or "duplicate" when its id was handled
    before (nothing changes). PeerError when it cannot be trusted."""
    try:
        envelope = json.loads(body)
        sender, msg_id, type_ = envelope["from"], uuid.UUID(envelope["id"]), envelope["type"]
        if envelope["to"] != own_code() or type_ not in _HANDLERS:
            raise PeerError("not for this province or of an unknown type")
    except (ValueError, KeyError, TypeError):
        raise PeerError("malformed message") from None
    source = peer(sender)
    verify(source, body, signature)
    kept = {k: v for k, v in envelope.items() if k != "body"}
    try:
        with transaction.atomic():
            ExchangeMessage.objects.create(
                msg_id=msg_id,
                direction=Direction.IN,
                peer=sender,
                type=type_,
                transfer_ref=str(envelope.get("transfer", ""))[:40],
                envelope=kept,
                status=MessageStatus.RECEIVED,
            )
            _HANDLERS[type_](source.code, envelope)
    except IntegrityError:
        if ExchangeMessage.objects.filter(msg_id=msg_id, direction=Direction.IN).exists():
            return "duplicate"
        raise
    return "accepted"


def _received_request(sender: str, envelope: dict) -> None:
    body = envelope["body"]
    person = unseal(peer(sender), body["person"])
    org = member_holding_org_by_uscc(body.get("to_org", ""))
    id_number, phone = person["id_number"], person.get("phone", "")
    transfer = CrossTransfer.objects.create(
        ref=envelope["transfer"],
        direction=Direction.IN,
        peer=sender,
        org=org,
        to_org_code=body.get("to_org", "")[:18],
        name=person["name"][:40],
        # Re-encrypted at once under this province's own keys.
        id_number_enc=crypto.encrypt(id_number),
        id_number_hash=crypto.lookup_hash(id_number),
        phone_enc=crypto.encrypt(phone) if phone else None,
        phone_hash=crypto.lookup_hash(phone) if phone else "",
        category=person.get("category", "")[:20],
        joined_on=person.get("joined_on") or None,
        history=person.get("history", []),
        consent_at=body["consent"]["at"],
        consent_version=body["consent"]["version"][:20],
        consent_by=body["consent"]["by"],
    )
    audit_record(
        actor=None,
        action="national.transfer.receive",
        obj=transfer,
        org=org,
        changes={"ref": transfer.ref, "peer": sender, "to_org": transfer.to_org_code},
    )
    if org is None:
        _decide(
            transfer,
            None,
            CrossTransferStatus.REJECTED,
            TO_ORG_UNKNOWN.format(code=transfer.to_org_code),
        )
        return
    refresh(transfer)


def _decide(transfer: CrossTransfer, actor: User | None, status: str, note: str) -> None:
    """Close a received transfer: the travelling copies are dropped (the member record, if any,
    holds what is kept), and the answer goes to the sender."""
    transfer.status, transfer.decision_note = status, note[:200]
    transfer.decided_by, transfer.decided_at = actor, timezone.now()
    transfer.id_number_enc = transfer.phone_enc = None
    transfer.id_number_hash = transfer.phone_hash = ""
    transfer.save()
    if status == CrossTransferStatus.APPROVED:
        body = {"org": transfer.org.name, "on": timezone.localdate().isoformat()}
        _enqueue(type=APPROVE, to=transfer.peer, ref=transfer.ref, body=body)
    else:
        _enqueue(type=REJECT, to=transfer.peer, ref=transfer.ref, body={"note": note[:200]})


def access_received_transfer(user: User, transfer_id) -> CrossTransfer:
    """A received transfer whose receiving union is in the user's subtree, locked. Missing or
    outside the subtree: the same NotFound, and an attempt outside it is recorded as a refusal
    (the services run under `atomic_keeping_denials`, so the row outlives the rollback)."""
    received = CrossTransfer.objects.filter(direction=Direction.IN, org__isnull=False)
    try:
        found = received.select_related("org").filter(pk=transfer_id).first()
    except (ValueError, TypeError):
        found = None
    if found is None:
        raise NotFound(TRANSFER_NOT_FOUND)
    if not org_in_scope(user, found.org):
        raise denial(
            NotFound(TRANSFER_NOT_FOUND),
            actor=user,
            action="access.denied",
            obj=found,
            org=found.org,
        )
    transfer = received.select_for_update(of=("self",)).select_related("org").get(pk=found.pk)
    if transfer.status != CrossTransferStatus.PENDING:
        raise ApplicationError(
            NOT_PENDING.format(status=transfer.get_status_display()), code="wrong_status"
        )
    return transfer


@atomic_keeping_denials
def cross_transfer_approve(*, actor: User, transfer_id: int) -> CrossTransfer:
    """转入地 approves: the member is created here under this province's keys, with the date he
    first joined and a 转入 event; `approve` goes back to the sender."""
    transfer = access_received_transfer(actor, transfer_id)
    member = member_create(
        actor=actor,
        org=transfer.org,
        name=transfer.name,
        id_number=crypto.decrypt(transfer.id_number_enc),
        phone=crypto.decrypt(transfer.phone_enc) if transfer.phone_enc else "",
        category=transfer.category,
        joined_on=transfer.joined_on,
        arrived_from=ARRIVED_NOTE.format(province=province_name(transfer.peer), ref=transfer.ref),
    )
    transfer.member = member
    _decide(transfer, actor, CrossTransferStatus.APPROVED, "")
    audit_record(
        actor=actor,
        action="national.transfer.approve",
        obj=member,
        org=transfer.org,
        changes={"ref": transfer.ref, "peer": transfer.peer},
    )
    refresh(transfer)
    return transfer


@atomic_keeping_denials
def cross_transfer_reject(*, actor: User, transfer_id: int, note: str) -> CrossTransfer:
    transfer = access_received_transfer(actor, transfer_id)
    if not (note or "").strip():
        raise ApplicationError(NOTE_REQUIRED, field="note")
    _decide(transfer, actor, CrossTransferStatus.REJECTED, note.strip())
    audit_record(
        actor=actor,
        action="national.transfer.reject",
        obj=transfer,
        org=transfer.org,
        changes={"ref": transfer.ref, "peer": transfer.peer, "note": note.strip()[:200]},
    )
    refresh(transfer)
    return transfer


def _sent_transfer(sender: str, envelope: dict) -> CrossTransfer | None:
    return (
        CrossTransfer.objects.select_for_update(of=("self",))
        .select_related("member", "org")
        .filter(
            ref=envelope["transfer"],
            direction=Direction.OUT,
            peer=sender,
            status=CrossTransferStatus.PENDING,
        )
        .first()
    )


def _received_approve(sender: str, envelope: dict) -> None:
    transfer = _sent_transfer(sender, envelope)
    if transfer is None:
        return
    body = envelope["body"]
    note = LEFT_NOTE.format(
        province=province_name(sender), org=str(body.get("org", ""))[:60], ref=transfer.ref
    )
    member_transfer_out_of_province(member=transfer.member, note=note)
    transfer.status, transfer.decided_at = CrossTransferStatus.APPROVED, timezone.now()
    transfer.decision_note = note[:200]
    transfer.save(update_fields=["status", "decided_at", "decision_note"])
    audit_record(
        actor=None,
        action="national.transfer.closed",
        obj=transfer.member,
        org=transfer.org,
        changes={"ref": transfer.ref, "peer": sender},
    )


def _received_reject(sender: str, envelope: dict) -> None:
    transfer = _sent_transfer(sender, envelope)
    if transfer is None:
        return
    note = str(envelope["body"].get("note", ""))[:200]
    transfer.status, transfer.decided_at = CrossTransferStatus.REJECTED, timezone.now()
    transfer.decision_note = note
    transfer.save(update_fields=["status", "decided_at", "decision_note"])
    audit_record(
        actor=None,
        action="national.transfer.refused",
        obj=transfer.member,
        org=transfer.org,
        changes={"ref": transfer.ref, "peer": sender, "note": note},
    )


_HANDLERS = {REQUEST: _received_request, APPROVE: _received_approve, REJECT: _received_reject}
