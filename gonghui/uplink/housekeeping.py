"""What `manage.py housekeeping` may prune of the outbox (gonghui.core.housekeeping): messages
the endpoint acknowledged longer ago than `GONGHUI_KEEP_UPLINK_SENT_DAYS`. Never a pending one,
and never the last message of a stream: the next event's number is the stream's highest plus
one, and a stream numbered from 1 again would be taken by the receiver for repeats
(`Idempotency-Key: {stream}#{seq}`) and dropped."""

from django.db.models import Exists, OuterRef

from gonghui.core.housekeeping import register_prunable
from gonghui.uplink.models import MessageStatus, UplinkMessage


def _sent_and_superseded(cutoff):
    later = UplinkMessage.objects.filter(
        case_number=OuterRef("case_number"), seq__gt=OuterRef("seq")
    )
    return UplinkMessage.objects.filter(
        Exists(later), status=MessageStatus.SENT, sent_at__lt=cutoff
    )


register_prunable(
    "uplink.sent_messages",
    "已送达的上报消息",
    _sent_and_superseded,
    setting="GONGHUI_KEEP_UPLINK_SENT_DAYS",
)
