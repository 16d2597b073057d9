"""Fills the outbox: each new exchange event, in the transaction that writes it.

Port "exchange events": the upward link knows no domain. An app that sends events upward
declares each kind in its `uplink_events.py` (imported at start-up by `UplinkConfig.ready()`):

    register_exchange_event(sender=CaseEvent, stream=lambda e: e.case.number, payload=...)

`sender` is the model whose new rows are the events (one `post_save` receiver per sender, for
created rows only, never fixtures); `stream(event)` the key (at most 20 characters: a case
number) within which messages are numbered 1, 2, 3 … and sent in that order; `payload(event,
seq)` the JSON document, built when the event happens and sent as it was then.

The transport, whatever the document: POST {UPLINK_URL}, `Content-Type: application/json;
charset=utf-8`, UTF-8 body, headers `Authorization: Bearer {UPLINK_TOKEN}` (when set) and
`Idempotency-Key: {stream}#{seq}`. The receiver acknowledges with any 2xx; anything else (or no
answer within UPLINK_TIMEOUT) is retried later, so a receiver must treat a repeated event as
already received. An empty UPLINK_URL writes no outbox rows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.db.models.signals import post_save
from django.utils import timezone

from gonghui.uplink.models import UplinkMessage


@dataclass(frozen=True)
class ExchangeEvent:
    sender: type[models.Model]
    stream: Callable[[Any], str]
    payload: Callable[[Any, int], dict]


_EVENTS: dict[type[models.Model], ExchangeEvent] = {}


def register_exchange_event(
    *,
    sender: type[models.Model],
    stream: Callable[[Any], str],
    payload: Callable[[Any, int], dict],
) -> None:
    _EVENTS[sender] = ExchangeEvent(sender, stream, payload)
    post_save.connect(queue_event, sender=sender, dispatch_uid=f"uplink_outbox:{sender._meta}")


def queue_event(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """The per-stream sequence number is safe without a lock of its own as long as the app
    writes one stream's events while holding a lock on it (the hotline holds the case's row
    lock; intake writes the first event of a case nobody else can see yet), and the unique
    (stream, seq) stops anything else."""
    if not created or raw or not settings.UPLINK_URL:
        return
    kind = _EVENTS[sender]
    stream = kind.stream(instance)
    last = UplinkMessage.objects.filter(case_number=stream).aggregate(m=Max("seq"))["m"] or 0
    UplinkMessage.objects.create(
        event=instance,
        case_number=stream,
        seq=last + 1,
        payload=kind.payload(instance, last + 1),
        next_attempt_at=timezone.now(),
    )
    # One send task per transaction, however many events it wrote.
    connection = transaction.get_connection()
    if not any(func is _enqueue_send for _, func, _ in connection.run_on_commit):
        transaction.on_commit(_enqueue_send)


def _enqueue_send() -> None:
    from gonghui.uplink.tasks import uplink_send

    uplink_send.enqueue()
