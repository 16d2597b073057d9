"""Sending the outbox upward (向上连通全国总工会).

`uplink_send_due(now)` sends every message that is due, oldest first within each case, and
stops a case's chain at its first failure: the failed message waits for its back-off
(UPLINK_BACKOFF_BASE seconds, doubled after each further failure, at most UPLINK_BACKOFF_MAX)
and the later messages of that case wait behind it. Other cases go on.

Delivery is at least once: a message is marked sent only after a 2xx, so an answer lost on the
way back means a second copy; the receiver recognises it by `event_id` (or `Idempotency-Key`).

One sender at a time: on PostgreSQL a session advisory lock makes a second concurrent call
(a task and the `uplink_send --every` loop, say) return at once; on SQLite run a single sender.
"""

import json
import logging
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from gonghui.uplink.models import MessageStatus, UplinkMessage

log = logging.getLogger(__name__)

# pg_advisory_lock key: "uplink" as an integer.
_LOCK_KEY = int.from_bytes(b"uplink", "big")
_local_lock = threading.Lock()


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    skipped: bool = False  # disabled, or another sender is running


class UplinkError(Exception):
    pass


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is not an acknowledgement: it fails the attempt like any non-2xx."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: base, 2×base, 4×base … at most max."""
    base, cap = settings.UPLINK_BACKOFF_BASE, settings.UPLINK_BACKOFF_MAX
    return timedelta(seconds=min(base * 2 ** (attempts - 1), cap))


def post_message(message: UplinkMessage) -> None:
    """POST one message; UplinkError unless the endpoint answers 2xx within the timeout."""
    body = json.dumps(message.payload, ensure_ascii=False, separators=(",", ":")).encode()
    request = urllib.request.Request(
        settings.UPLINK_URL,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": f"{message.case_number}#{message.seq}",
        },
    )
    if settings.UPLINK_TOKEN:
        request.add_header("Authorization", f"Bearer {settings.UPLINK_TOKEN}")
    try:
        with _opener.open(request, timeout=settings.UPLINK_TIMEOUT) as response:
            status = response.status
            response.read(65536)
    except urllib.error.HTTPError as exc:
        raise UplinkError(f"HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise UplinkError(str(getattr(exc, "reason", exc)) or type(exc).__name__) from None
    if not 200 <= status < 300:
        raise UplinkError(f"HTTP {status}")


@contextmanager
def _single_sender():
    if not _local_lock.acquire(blocking=False):
        yield False
        return
    try:
        if connection.vendor != "postgresql":
            yield True
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_LOCK_KEY])
            got = cursor.fetchone()[0]
        try:
            yield got
        finally:
            if got:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [_LOCK_KEY])
    finally:
        _local_lock.release()


def due_heads(now: datetime, limit: int):
    """The first pending message of each case, if it is due, oldest first."""
    pending = UplinkMessage.objects.filter(status=MessageStatus.PENDING)
    earlier = pending.filter(case_number=OuterRef("case_number"), seq__lt=OuterRef("seq"))
    return pending.filter(~Exists(earlier), next_attempt_at__lte=now).order_by("id")[:limit]


def _send_chain(head: UplinkMessage, now: datetime, report: SendReport) -> None:
    chain = UplinkMessage.objects.filter(
        status=MessageStatus.PENDING, case_number=head.case_number, seq__gte=head.seq
    ).order_by("seq")
    for message in chain:
        if message.next_attempt_at > now:
            return
        try:
            post_message(message)
        except UplinkError as exc:
            attempts = message.attempts + 1
            UplinkMessage.objects.filter(pk=message.pk).update(
                attempts=attempts,
                next_attempt_at=now + backoff(attempts),
                last_error=str(exc)[:500],
            )
            report.failed += 1
            log.warning("uplink %s attempt %d failed: %s", message, attempts, exc)
            return
        UplinkMessage.objects.filter(pk=message.pk).update(
            status=MessageStatus.SENT, attempts=F("attempts") + 1, sent_at=now, last_error=""
        )
        report.sent += 1


def uplink_send_due(now: datetime | None = None, *, limit: int | None = None) -> SendReport:
    """Send what is due at `now` (default: the current time); see the module docstring.
    `limit` caps how many cases are worked on in one call (UPLINK_BATCH by default)."""
    if not settings.UPLINK_URL:
        return SendReport(skipped=True)
    with _single_sender() as got:
        if not got:
            return SendReport(skipped=True)
        now = now or timezone.now()
        report = SendReport()
        for head in list(due_heads(now, limit or settings.UPLINK_BATCH)):
            _send_chain(head, now, report)
        return report
