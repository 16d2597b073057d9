from datetime import date, datetime

from ninja import Field, Schema

from gonghui.members.codes import ChangeReason


class MemberIn(Schema):
    name: str
    id_number: str
    phone: str
    org_id: int
    category: str  # Category value, e.g. "employed", "nf_delivery"
    joined_on: date | None = None  # today when left out


class MemberOut(Schema):
    id: int
    name: str
    id_number: str  # masked unless unmasked by a holder of members.view_member_pii
    phone: str  # likewise
    category: str
    joined_on: date
    status: str
    card_number: str | None
    org_id: int
    org_name: str


class MemberPage(Schema):
    items: list[MemberOut]
    count: int


class TransferIn(Schema):
    to_org_id: int
    reason: str = ChangeReason.RELATION_CHANGED.value
    note: str = Field("", max_length=200)


class TransferInRequestIn(TransferIn):
    """转入方申请: the person named by exact name and ID number."""

    name: str = Field(..., max_length=40)
    id_number: str = Field(..., max_length=24)


class DecisionIn(Schema):
    note: str = Field("", max_length=200)


class TransferOut(Schema):
    id: int
    member_id: int
    status: str
    from_org_id: int
    to_org_id: int
    initiated_by: str  # "out": the member's union asked; "in": the receiving union asked
    reason: str
    note: str
    requested_at: datetime
    decided_at: datetime | None
    decision_note: str
