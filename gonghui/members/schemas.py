from datetime import date, datetime

from ninja import Field, Schema

from gonghui.core.cleaning import Line, Text, code_of
from gonghui.members.codes import Category, ChangeReason, MemberStatus
from gonghui.members.models import TransferSide, TransferStatus


class MemberIn(Schema):
    name: Line = Field(..., max_length=40)
    id_number: Line = Field(..., max_length=24)
    phone: Line = Field(..., max_length=20)
    org_id: int
    category: code_of(Category)
    joined_on: date | None = None  # today when left out


class MemberOut(Schema):
    id: int
    name: str
    id_number: str  # masked unless unmasked by a holder of members.view_member_pii
    phone: str  # likewise
    category: code_of(Category)
    joined_on: date
    status: code_of(MemberStatus)
    card_number: str | None
    org_id: int
    org_name: str


class MemberPage(Schema):
    items: list[MemberOut]
    count: int


class TransferIn(Schema):
    to_org_id: int
    reason: code_of(ChangeReason) = ChangeReason.RELATION_CHANGED.value
    note: Text = Field("", max_length=200)


class TransferInRequestIn(TransferIn):
    """转入方申请: the person named by exact name and ID number."""

    name: Line = Field(..., max_length=40)
    id_number: Line = Field(..., max_length=24)


class DecisionIn(Schema):
    note: Text = Field("", max_length=200)


class TransferOut(Schema):
    id: int
    member_id: int
    status: code_of(TransferStatus)
    from_org_id: int
    to_org_id: int
    initiated_by: code_of(TransferSide)  # out: the member's union asked; in: the receiving one
    reason: code_of(ChangeReason)
    note: str
    requested_at: datetime
    decided_at: datetime | None
    decision_note: str
