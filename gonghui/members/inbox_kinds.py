"""Members' kinds of 待办 (the port: gonghui.inbox.kinds): transfers waiting for a decision.

A transfer is decided by the side that did not ask (`deciding_org`: a member-holding union) or by
one of its ancestors. Two kinds therefore name the two offices that act on it: the deciding union
itself, and the county-tier union above it (depth 3 of the tree: 城关区总工会 for a base union in
城关), which in practice decides for the base unions under it (unless the request is its
own). Deciding, rejecting or withdrawing
the transfer closes both.
"""

from django.db.models import Case, CharField, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Substr
from django.urls import reverse

from gonghui.accounts.permissions import Perm
from gonghui.core.masking import mask_name
from gonghui.inbox.kinds import InboxKind, Item, register_kind
from gonghui.members.models import Transfer, TransferSide, TransferStatus
from gonghui.members.services.transfers import deciding_org
from gonghui.orgs.models import Org

COUNTY_DEPTH = 3
TRANSFER_SUMMARY = "{name}：{from_org} → {to_org}（{side}发起）"

_DECIDING_PATH = Case(
    When(initiated_by=TransferSide.OUT, then=F("to_org__path")),
    default=F("from_org__path"),
    output_field=CharField(),
)


def _pending():
    return Transfer.objects.filter(status=TransferStatus.PENDING).select_related(
        "member", "from_org", "to_org"
    )


def _summary(transfer: Transfer) -> str:
    return TRANSFER_SUMMARY.format(
        name=mask_name(transfer.member.name),
        from_org=transfer.from_org.name,
        to_org=transfer.to_org.name,
        side=transfer.get_initiated_by_display(),
    )


def _link() -> str:
    return reverse("members:transfers")


def _decide_item(transfer: Transfer) -> Item:
    return Item(org_id=deciding_org(transfer).pk, summary=_summary(transfer), link=_link())


def _county_pending():
    """Pending transfers whose deciding union sits below the county tier, each with the id of
    the county-tier union above it (`county_id`)."""
    county = Org.objects.filter(
        path=Substr(OuterRef("deciding_path"), 1, COUNTY_DEPTH * Org.steplen)
    ).values("pk")[:1]
    return (
        _pending()
        .filter(
            Q(initiated_by=TransferSide.OUT, to_org__depth__gt=COUNTY_DEPTH)
            | Q(initiated_by=TransferSide.IN, from_org__depth__gt=COUNTY_DEPTH)
        )
        .annotate(deciding_path=_DECIDING_PATH)
        .annotate(county_id=Subquery(county))
        # Not when the county's own account asked: it may not decide its own request.
        .exclude(requested_by__org_id=F("county_id"))
    )


def _county_item(transfer: Transfer) -> Item:
    return Item(org_id=transfer.county_id, summary=_summary(transfer), link=_link())


register_kind(
    InboxKind(
        key="members.transfer",
        label="待审批转会",
        permission=Perm.MEMBER_TRANSFER,
        model="members.Transfer",
        source=_pending,
        item=_decide_item,
        order=30,
        notify=True,
    ),
    InboxKind(
        key="members.transfer_below",
        label="下级工会待审批转会",
        permission=Perm.MEMBER_TRANSFER,
        model="members.Transfer",
        source=_county_pending,
        item=_county_item,
        order=31,
        notify=True,
    ),
)
