"""Fills the outbox: each new case event, in the transaction that writes it.

The hotline app knows nothing of the upward link; this receiver listens to its CaseEvent rows.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from gonghui.hotline.models import CaseEvent
from gonghui.uplink.models import UplinkMessage
from gonghui.uplink.payloads import event_payload


@receiver(post_save, sender=CaseEvent, dispatch_uid="uplink_outbox")
def queue_case_event(sender, instance: CaseEvent, created: bool, raw: bool = False, **kwargs):
    """The per-case sequence number is safe without a lock of its own: every service writes a
    case's events while holding that case's row lock (intake writes the first one, of a case
    nobody else can see yet), and the unique (case_number, seq) stops anything else."""
    if not created or raw or not settings.UPLINK_URL:
        return
    number = instance.case.number
    last = UplinkMessage.objects.filter(case_number=number).aggregate(m=Max("seq"))["m"] or 0
    UplinkMessage.objects.create(
        event=instance,
        case_number=number,
        seq=last + 1,
        payload=event_payload(instance, last + 1),
        next_attempt_at=timezone.now(),
    )
    # One send task per transaction, however many events it wrote.
    connection = transaction.get_connection()
    if not any(func is _enqueue_send for _, func, _ in connection.run_on_commit):
        transaction.on_commit(_enqueue_send)


def _enqueue_send() -> None:
    from gonghui.uplink.tasks import uplink_send

    uplink_send.enqueue()
