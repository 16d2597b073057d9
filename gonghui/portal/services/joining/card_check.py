"""E-card verification: staff scan a member's 电子会员卡."""

from dataclasses import dataclass

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record
from gonghui.core.masking import mask_name
from gonghui.members.models import Member
from gonghui.portal.ecard import TokenState, read_card_token


@dataclass
class CardCheck:
    state: str  # TokenState values, or "not_member"
    member: Member | None = None

    @property
    def masked_name(self) -> str:
        return mask_name(self.member.name) if self.member else ""


NOT_MEMBER = "not_member"


@transaction.atomic(durable=True)
def card_verify(*, actor: User, token: str) -> CardCheck:
    """Check a scanned e-card. Any staff member may verify any card (a member shows it at any
    union's 驿站), and sees only the masked name, union, card number and status. Audited."""
    check = read_card_token(token)
    member = None
    state = check.state
    if state == TokenState.VALID:
        member = Member.objects.select_related("org").filter(pk=check.member_id).first()
        if member is None or not member.is_holding or member.card_number != check.card_number:
            state = NOT_MEMBER
    audit_record(
        actor=actor,
        action="ecard.verify",
        obj=member,
        org=member.org if member else None,
        changes={"result": state, "card_number": check.card_number},
        object_repr="" if member else "电子会员卡",
    )
    return CardCheck(state, member)
