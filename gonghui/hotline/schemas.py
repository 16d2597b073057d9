"""Bodies and answers of the 12351 hotline API.

Times go out in Beijing time with the offset and full microseconds, e.g. a deadline reads
"2026-10-13T23:59:59.999999+08:00" (Django's JSON encoder would cut them to milliseconds, so they
are rendered here). Money goes out as a decimal string in yuan ("12000.00").

Code values (channel, kind, category, complexity, result, rating) are checked by the services,
which name the field in a Chinese 400 answer; the allowed values are listed on each field.
"""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from django.utils import timezone
from ninja import Field, Schema
from pydantic import PlainSerializer, WithJsonSchema


def _local_iso(value: datetime) -> str:
    return timezone.localtime(value).isoformat()


LocalDateTime = Annotated[
    datetime,
    PlainSerializer(_local_iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


# --- in -------------------------------------------------------------------------------------


class CaseIn(Schema):
    channel: str = Field(..., description="phone | online | visit | letter")
    received_at: datetime = Field(..., description="ISO 8601; without an offset, Beijing time")
    caller_name: str = Field(..., max_length=40)
    caller_phone: str = Field(..., max_length=20, description="手机号或带区号的固定电话")
    kind: str = Field(..., description="consult | demand | suggest")
    category: str = Field(
        ...,
        description="wages | contract | social_insurance | injury | rest | safety | women"
        " | democratic | hardship | policy | other",
    )
    complexity: str = Field(..., description="simple | hard | complex")
    description: str = Field(..., max_length=5000)
    id_number: str = Field("", max_length=24)
    employer: str = Field("", max_length=120)
    county_code: str = Field(
        "", max_length=12, description="单位所在地行政区划代码（6位或12位），对应县区总工会"
    )
    workers_affected: int = Field(1, ge=0)
    amount_involved: Decimal = Field(Decimal(0), description="涉及金额（元），最多两位小数")


class OnlineCaseIn(Schema):
    """A worker's own complaint, filed online without an account."""

    caller_name: str = Field(..., max_length=40, description="姓名")
    caller_phone: str = Field(..., max_length=20, description="手机号或带区号的固定电话")
    kind: str = Field(..., description="consult | demand | suggest")
    category: str = Field(
        ...,
        description="wages | contract | social_insurance | injury | rest | safety | women"
        " | democratic | hardship | policy | other",
    )
    description: str = Field(..., max_length=5000)
    employer: str = Field("", max_length=120)
    county_code: str = Field(
        "", max_length=12, description="单位所在地行政区划代码（6位或12位），对应县区总工会"
    )
    id_number: str = Field("", max_length=24)
    workers_affected: int = Field(1, ge=0)
    amount_involved: Decimal = Field(Decimal(0), description="涉及金额（元），最多两位小数")


class DispatchIn(Schema):
    to_org_id: int
    note: str = Field("", max_length=500)
    version: int
    complexity: str | None = None


class VersionIn(Schema):
    version: int


class ReturnIn(Schema):
    reason: str = Field(..., max_length=500)
    version: int


class TransferIn(Schema):
    to_org_id: int
    note: str = Field("", max_length=500)
    version: int


class NoteIn(Schema):
    note: str = Field(..., max_length=2000)
    contact: bool = Field(False, description="true: 记录一次与来电人的联系")


class CloseIn(Schema):
    result: str = Field(
        ..., description="resolved | partly | unresolved | legal_aid | mediation | not_accepted"
    )
    reason: str = Field("", max_length=500, description="除「解决」外必填")
    outcome: str = Field(..., max_length=5000)
    money_recovered: Decimal = Field(Decimal(0), description="追回金额（元）")
    workers_benefited: int = Field(0, ge=0)
    lawyer: str = Field("", max_length=60, description="参与律师姓名，无则留空")
    version: int


class CallbackIn(Schema):
    rating: str = Field(..., description="satisfied | basic | unsatisfied")
    comment: str = Field("", max_length=500)
    reopen: bool = Field(False, description="仅「不满意」时可为 true：重新办理")
    version: int


class ReopenIn(Schema):
    """回访不满意并重新办理, in one step (the same as callback with rating=unsatisfied and
    reopen=true)."""

    comment: str = Field("", max_length=500)
    version: int


class SuperviseIn(Schema):
    note: str = Field(..., max_length=1000)


# --- out ------------------------------------------------------------------------------------


class EventOut(Schema):
    at: LocalDateTime
    action: str
    action_label: str
    actor: str  # the staff member's name (or username); "" for the system or a caller online
    actor_org: str
    from_org: str
    to_org: str
    note: str
    data: dict


class CaseSummaryOut(Schema):
    number: str
    status: str
    status_label: str
    channel: str
    kind: str
    category: str
    complexity: str
    received_at: LocalDateTime
    deadline: LocalDateTime
    overdue: bool
    holder_id: int
    holder_name: str
    supervised: bool
    reopen_count: int
    version: int


class CasePage(Schema):
    items: list[CaseSummaryOut]
    count: int


class CaseOut(CaseSummaryOut):
    # Caller data always masked.
    caller_name: str
    caller_phone: str
    id_number: str
    member_linked: bool
    employer: str
    county_id: int | None
    county_name: str
    description: str
    workers_affected: int
    amount_involved: Decimal
    handler: str
    dispatched_at: LocalDateTime | None
    accepted_at: LocalDateTime | None
    closed_at: LocalDateTime | None
    dispatch_in_time: bool | None
    accept_in_time: bool | None
    result: str
    result_reason: str
    outcome: str
    money_recovered: Decimal
    workers_benefited: int
    lawyer: str
    rating: str
    rating_comment: str
    callback_at: LocalDateTime | None
    supervise_count: int
    timeline: list[EventOut]


class CaseCreatedOut(Schema):
    number: str
    status: str
    deadline: LocalDateTime
    version: int


class CallerPhoneOut(Schema):
    """「查看来电号码」: only the phone, of this one case; the reveal is audited."""

    number: str
    caller_phone: str


class OnlineCaseCreatedOut(Schema):
    number: str
    status: str
    deadline: LocalDateTime
    message: str  # tells the worker to keep the number and how to look the case up


class LookupEventOut(Schema):
    at: LocalDateTime
    action: str
    action_label: str
    org: str  # the union that acted ("" for the system or the caller online)
    to_org: str  # where a dispatch, transfer, return or reopening sent the case


class LookupIn(Schema):
    """A caller's look-up: the case number and the phone given when the case was filed."""

    number: str = Field(..., max_length=40, description="工单编号")
    phone: str = Field(..., max_length=20, description="投诉时填写的联系电话")


class LookupOut(Schema):
    """What a caller sees of his own case: no names, phones or notes of anyone."""

    number: str
    status: str
    status_label: str
    category: str
    received_at: LocalDateTime
    deadline: LocalDateTime
    closed_at: LocalDateTime | None
    result: str
    timeline: list[LookupEventOut]
