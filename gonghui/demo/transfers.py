"""A pending transfer for the demo accounts' 待办: 七里河's demo base union asks to move one of
its members to 城关's demo base union, through the registry's own service (so the inbox and the
notifications follow). 城关's admin (cg_admin) and the base's admin then find it waiting."""

from gonghui.accounts.models import User
from gonghui.demo.accounts import demo_orgs
from gonghui.members.codes import HOLDING_STATUSES, Category
from gonghui.members.idnumber import check_digit
from gonghui.members.models import Member, Transfer, TransferStatus
from gonghui.members.selectors import holding_member_by_id_number
from gonghui.members.services import member_create, transfer_request

DEMO_TRANSFER_NOTE = "演示：劳动关系转至城关区的新单位"
# When the demo base union drew no member (a small demo), this one is registered there.
DEMO_PERSON = ("周明远", "62010319880808121", "13919310088")


def _demo_member(actor: User, org) -> Member | None:
    name, body, phone = DEMO_PERSON
    id_number = body + check_digit(body)
    member = holding_member_by_id_number(id_number)
    if member is not None:
        return member if member.org_id == org.pk else None
    return member_create(
        actor=actor,
        org=org,
        name=name,
        id_number=id_number,
        phone=phone,
        category=Category.EMPLOYED,
    )


def seed_pending_transfer() -> int:
    """Ask for the demo transfer unless one between the two unions is pending; returns 1 when
    one was asked for."""
    orgs = demo_orgs()
    source, target = orgs.get("qilihe_base"), orgs.get("street_base")
    actor = User.objects.filter(username="qlh_base_admin").first()
    if source is None or target is None or actor is None:
        return 0
    pending = Transfer.objects.filter(status=TransferStatus.PENDING)
    if pending.filter(from_org=source, to_org=target).exists():
        return 0
    member = (
        Member.objects.filter(org=source, status__in=HOLDING_STATUSES)
        .exclude(pk__in=pending.values("member_id"))
        .order_by("pk")
        .first()
    )
    if member is None:
        member = _demo_member(actor, source)
    if member is None:
        return 0
    transfer_request(actor=actor, member=member, to_org=target, note=DEMO_TRANSFER_NOTE)
    return 1
