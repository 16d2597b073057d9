"""Bodies and answers of the contests' API. Codes (kind, class, prize, title, grade) are checked
by the services, which name the field in a Chinese 400 answer."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from gonghui.competitions.models import ContestClass, ContestKind, Prize, Title
from gonghui.core.cleaning import Line, Text, code_of


class ContestIn(Schema):
    name: Line = Field(..., max_length=120, description="竞赛名称")
    kind: code_of(ContestKind)
    contest_class: code_of(ContestClass)
    host_id: int = Field(..., description="主办工会 id（级别由主办工会决定）")
    parent_id: int | None = Field(None, description="上级竞赛 id（分赛或选拔赛）")
    level_label: Line = Field("", max_length=20, description="级别标注：集团级、项目级等")
    co_organisers: Line = Field("", max_length=300)
    industry_chain: Line = Field("", max_length=120)
    trades: list[Line] = Field(default_factory=list, max_length=100, description="竞赛工种")
    starts_on: date
    ends_on: date
    entry_deadline: date | None = None
    results_due: date | None = None
    rules: Text = Field("", max_length=20000)
    prizes: Text = Field("", max_length=20000)


class ContestOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    level: str
    level_label: str
    contest_class: str
    host_id: int
    host_name: str
    parent_id: int | None
    trades: list[str]
    starts_on: date
    ends_on: date
    entry_deadline: date | None
    status: str
    status_label: str


class ContestPage(Schema):
    items: list[ContestOut]
    count: int


_ID = {"ge": 1, "le": 2**31 - 1}


class EntryIn(Schema):
    """Exactly one of `member_id`, `team_id`, `org_id` (the entrant)."""

    member_id: int | None = Field(
        None, description="参赛职工：会员 id（须在您的范围内、主办工会范围内）", **_ID
    )
    team_id: int | None = Field(None, description="参赛班组：班组 id", **_ID)
    org_id: int | None = Field(None, description="参赛单位：工会 id", **_ID)
    trade: Line = Field("", max_length=60, description="参赛工种（单位可留空，整体参赛）")


class EntryOut(Schema):
    id: int
    contest_id: int
    kind: str
    kind_label: str
    name: str = Field(..., description="参赛者：职工姓名、班组或单位名称")
    member_id: int | None
    team_id: int | None
    org_id: int
    org_name: str
    trade: str
    status: str
    status_label: str
    score: Decimal | None
    rank: int | None
    prize: str
    title: str


class EntryPage(Schema):
    items: list[EntryOut]
    count: int


class ResultIn(Schema):
    entry_id: int = Field(..., description="报名记录 id")
    score: Decimal | None = Field(None, ge=0, le=10000, decimal_places=2)
    rank: int | None = Field(None, ge=1, le=1_000_000)
    prize: code_of(Prize, blank=True) = ""
    title: code_of(Title, blank=True) = ""
    promoted_to: Line = Field("", max_length=10, description="晋升技术等级代码（1–5）")


class ResultOut(Schema):
    id: int
    score: Decimal | None
    rank: int | None
    prize: str
    title: str
    promoted_to: str


class StatsOut(Schema):
    contests: int = Field(..., description="竞赛项数（含各级分赛）")
    unit_entries: int = Field(..., description="参加单位个次")
    person_entries: int = Field(..., description="参赛职工人次")
    persons: int = Field(..., description="参赛职工人数（去重）")
