"""Bodies and answers of the 12351 hotline API.

Times go out in Beijing time with the offset and full microseconds, e.g. a deadline reads
"2026-10-13T23:59:59.999999+08:00" (Django's JSON encoder would cut them to milliseconds, so they
are rendered here). Money goes out as a decimal string in yuan ("12000.00").

Code values (channel, kind, category, complexity, result, rating) are checked by the services,
which name the field in a Chinese 400 answer; each field is an enum with its Chinese labels.
Text is cleaned by `gonghui.core.cleaning` (a line, or multi-line free text), money is `Yuan`.
"""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from django.utils import timezone
from ninja import Field, Schema
from pydantic import PlainSerializer, WithJsonSchema

from gonghui.core.cleaning import Line, Text, Yuan, code_of
from gonghui.hotline.codes import (
    CaseStatus,
    Category,
    Channel,
    Complexity,
    EventAction,
    Kind,
    Rating,
    Result,
)

# Counts of workers are stored as 32-bit integers; no case concerns more than this.
MAX_WORKERS = 1_000_000


def _local_iso(value: datetime) -> str:
    return timezone.localtime(value).isoformat()


LocalDateTime = Annotated[
    datetime,
    PlainSerializer(_local_iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


# --- in -------------------------------------------------------------------------------------


class CaseIn(Schema):
    channel: code_of(Channel)
    received_at: datetime = Field(..., description="ISO 8601; without an offset, Beijing time")
    caller_name: Line = Field(..., max_length=40)
    caller_phone: Line = Field(..., max_length=20, description="手机号或带区号的固定电话")
    kind: code_of(Kind)
    category: code_of(Category)
    complexity: code_of(Complexity)
    description: Text = Field(..., max_length=5000)
    id_number: Line = Field("", max_length=24)
    employer: Line = Field("", max_length=120)
    county_code: Line = Field(
        "", max_length=12, description="单位所在地行政区划代码（6位或12位），对应县区总工会"
    )
    workers_affected: int = Field(1, ge=0, le=MAX_WORKERS)
    amount_involved: Yuan = Decimal(0)


class OnlineCaseIn(Schema):
    """A worker's own complaint, filed online without an account."""

    caller_name: Line = Field(..., max_length=40, description="姓名")
    caller_phone: Line = Field(..., max_length=20, description="手机号或带区号的固定电话")
    kind: code_of(Kind)
    category: code_of(Category)
    description: Text = Field(..., max_length=5000)
    employer: Line = Field("", max_length=120)
    county_code: Line = Field(
        "", max_length=12, description="单位所在地行政区划代码（6位或12位），对应县区总工会"
    )
    id_number: Line = Field("", max_length=24)
    workers_affected: int = Field(1, ge=0, le=MAX_WORKERS)
    amount_involved: Yuan = Decimal(0)


class DispatchIn(Schema):
    to_org_id: int
    note: Text = Field("", max_length=500)
    version: int
    complexity: code_of(Complexity) | None = None


class VersionIn(Schema):
    version: int


class ReturnIn(Schema):
    reason: Text = Field(..., max_length=500)
    version: int


class TransferIn(Schema):
    to_org_id: int
    note: Text = Field("", max_length=500)
    version: int


class NoteIn(Schema):
    note: Text = Field(..., max_length=2000)
    contact: bool = Field(False, description="true: 记录一次与来电人的联系")


class CloseIn(Schema):
    result: code_of(Result)
    reason: Text = Field("", max_length=500, description="除「解决」外必填")
    outcome: Text = Field(..., max_length=5000)
    money_recovered: Yuan = Decimal(0)
    workers_benefited: int = Field(0, ge=0, le=MAX_WORKERS)
    lawyer: Line = Field("", max_length=60, description="参与律师姓名，无则留空")
    version: int


class CallbackIn(Schema):
    rating: code_of(Rating)
    comment: Text = Field("", max_length=500)
    reopen: bool = Field(False, description="仅「不满意」时可为 true：重新办理")
    version: int


class ReopenIn(Schema):
    """回访不满意并重新办理, in one step (the same as callback with rating=unsatisfied and
    reopen=true)."""

    comment: Text = Field("", max_length=500)
    version: int


class SuperviseIn(Schema):
    note: Text = Field(..., max_length=1000)


# --- out ------------------------------------------------------------------------------------


class EventOut(Schema):
    at: LocalDateTime
    action: code_of(EventAction)
    action_label: str
    actor: str  # the staff member's name (or username); "" for the system or a caller online
    actor_org: str
    from_org: str
    to_org: str
    note: str
    data: dict


class CaseSummaryOut(Schema):
    number: str
    status: code_of(CaseStatus)
    status_label: str
    channel: code_of(Channel)
    kind: code_of(Kind)
    category: code_of(Category)
    complexity: code_of(Complexity)
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
    result: code_of(Result, blank=True)
    result_reason: str
    outcome: str
    money_recovered: Decimal
    workers_benefited: int
    lawyer: str
    rating: code_of(Rating, blank=True)
    rating_comment: str
    callback_at: LocalDateTime | None
    supervise_count: int
    timeline: list[EventOut]


class CaseCreatedOut(Schema):
    number: str
    status: code_of(CaseStatus)
    deadline: LocalDateTime
    version: int


class CallerPhoneOut(Schema):
    """「查看来电号码」: only the phone, of this one case; the reveal is audited."""

    number: str
    caller_phone: str


class OnlineCaseCreatedOut(Schema):
    number: str
    status: code_of(CaseStatus)
    deadline: LocalDateTime
    message: str  # tells the worker to keep the number and how to look the case up


class LookupEventOut(Schema):
    at: LocalDateTime
    action: code_of(EventAction)
    action_label: str
    org: str  # the union that acted ("" for the system or the caller online)
    to_org: str  # where a dispatch, transfer, return or reopening sent the case


class LookupIn(Schema):
    """A caller's look-up: the case number and the phone given when the case was filed."""

    number: Line = Field(..., max_length=40, description="工单编号")
    phone: Line = Field(..., max_length=20, description="投诉时填写的联系电话")


class LookupOut(Schema):
    """What a caller sees of his own case: no names, phones or notes of anyone."""

    number: str
    status: code_of(CaseStatus)
    status_label: str
    category: code_of(Category)
    received_at: LocalDateTime
    deadline: LocalDateTime
    closed_at: LocalDateTime | None
    result: code_of(Result, blank=True)
    timeline: list[LookupEventOut]
