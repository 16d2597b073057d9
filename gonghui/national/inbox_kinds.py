"""The national link's 待办 (the port: gonghui.inbox.kinds): a transfer from another province
waiting for the receiving union's decision."""

from django.urls import reverse

from gonghui.accounts.permissions import Perm
from gonghui.core.masking import mask_name
from gonghui.inbox.kinds import InboxKind, Item, register_kind
from gonghui.national.models import CrossTransfer, CrossTransferStatus, Direction
from gonghui.national.provinces import province_name

SUMMARY = "{name}：自{province}跨省转入「{org}」"


def _pending():
    return CrossTransfer.objects.filter(
        direction=Direction.IN, status=CrossTransferStatus.PENDING, org__isnull=False
    ).select_related("org")


def _item(transfer: CrossTransfer) -> Item:
    return Item(
        org_id=transfer.org_id,
        summary=SUMMARY.format(
            name=mask_name(transfer.name),
            province=province_name(transfer.peer),
            org=transfer.org.name,
        ),
        link=reverse("national:transfers"),
    )


register_kind(
    InboxKind(
        key="national.transfer_in",
        label="待审批跨省转入",
        permission=Perm.NATIONAL_TRANSFER,
        model="national.CrossTransfer",
        source=_pending,
        item=_item,
        order=32,
        notify=True,
    )
)
