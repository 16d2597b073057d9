"""Sending the exchange's outbox to the peers (`manage.py exchange_send`), as the hotline uplink
sends its own: oldest first, a transfer's messages in order (a failure holds back the later
messages of the same transfer until its back-off — the uplink's — has passed), marked sent only
after a 2xx. Delivery is at least once; the receiver drops a second copy by the message id."""

import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F
from django.utils import timezone

from gonghui.national.models import Direction, ExchangeMessage, MessageStatus
from gonghui.national.peers import FROM_HEADER, SIGNATURE_HEADER, peer, sign
from gonghui.national.services import encode, own_code
from gonghui.uplink.services import backoff

log = logging.getLogger(__name__)
TIMEOUT = 10  # seconds per request


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def outgoing(message: ExchangeMessage) -> tuple[bytes, str]:
    """The body to POST and its signature under the pair's key."""
    body = encode(message.envelope)
    return body, sign(peer(message.peer), body)


def post(message: ExchangeMessage) -> None:
    body, signature = outgoing(message)
    request = urllib.request.Request(
        peer(message.peer).url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": str(message.msg_id),
            SIGNATURE_HEADER: signature,
            FROM_HEADER: own_code(),
        },
    )
    with _opener.open(request, timeout=TIMEOUT) as response:
        response.read(65536)
        if not 200 <= response.status < 300:
            raise OSError(f"HTTP {response.status}")


def exchange_send_due(now: datetime | None = None) -> SendReport:
    """Send every outbox message that is due (run by one sender at a time)."""
    now = now or timezone.now()
    report = SendReport()
    held: set[str] = set()
    pending = ExchangeMessage.objects.filter(
        direction=Direction.OUT, status=MessageStatus.PENDING
    ).order_by("id")
    for message in pending:
        if message.transfer_ref in held or message.next_attempt_at > now:
            held.add(message.transfer_ref)
            continue
        try:
            post(message)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            attempts = message.attempts + 1
            ExchangeMessage.objects.filter(pk=message.pk).update(
                attempts=attempts,
                next_attempt_at=now + backoff(attempts),
                last_error=str(getattr(exc, "reason", exc))[:500],
            )
            held.add(message.transfer_ref)
            report.failed += 1
            log.warning(
                "exchange %s to %s attempt %d failed", message.msg_id, message.peer, attempts
            )
            continue
        ExchangeMessage.objects.filter(pk=message.pk).update(
            status=MessageStatus.SENT, attempts=F("attempts") + 1, sent_at=now, last_error=""
        )
        report.sent += 1
    return report
