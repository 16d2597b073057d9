"""Bodies and answers of the honors API (rounds)."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from gonghui.core.cleaning import Line, Text, code_of
from gonghui.honors.models import FormLayout, HonorLevel, HonorSubject, Step

MAX_PLACES = 100_000


class HonorTypeIn(Schema):
    code: Line = Field(..., max_length=40, description="英文字母、数字、连字符")
    title: Line = Field(..., max_length=60)
    level: code_of(HonorLevel)
    conferrer_id: int = Field(..., ge=1, le=2**31 - 1)
    subject: code_of(HonorSubject)
    cycle_years: int = Field(1, ge=1, le=10)
    conferring_body: Line = Field("", max_length=60)
    regulation: Text = Field("", max_length=20000)
    regulation_version: Line = Field("", max_length=40)
    materials: Text = Field("", max_length=2000)
    materials_enforced: bool = False
    form_layout: code_of(FormLayout) = FormLayout.MEDAL


class HonorTypeOut(Schema):
    id: int
    code: str
    title: str
    level: str
    conferrer_id: int
    conferring_body: str
    subject: str
    cycle_years: int
    regulation_version: str
    materials: list[str]
    materials_enforced: bool
    form_layout: str
    active: bool


class HonorQuotaIn(Schema):
    honor_type_id: int = Field(..., ge=1, le=2**31 - 1)
    org_id: int | None = Field(None, ge=1, le=2**31 - 1, description="留空为本批次组织单位的总名额")
    places: int = Field(..., ge=0, le=MAX_PLACES)


class HonorDeadlineIn(Schema):
    step: code_of(Step)
    due: date


class HonorRoundIn(Schema):
    title: Line = Field(..., max_length=100)
    year: int = Field(..., ge=2000, le=2100)
    quotas: list[HonorQuotaIn] = Field(..., min_length=1, max_length=20)
    deadlines: list[HonorDeadlineIn] = Field([], max_length=4)
    ratio: Decimal = Field(
        Decimal("1"), ge=1, le=2, max_digits=3, decimal_places=2, allow_inf_nan=False
    )
    front_line_pct: int | None = Field(None, ge=0, le=100)
    women_pct: int | None = Field(None, ge=0, le=100)
    new_form_min: int | None = Field(None, ge=0, le=MAX_PLACES)
    migrant_min: int | None = Field(None, ge=0, le=MAX_PLACES)
    skilled_min: int | None = Field(None, ge=0, le=MAX_PLACES)
    recommend_upward: bool = False
    publicity_days: int = Field(5, ge=1, le=30)
    base_vote: bool = False
    consult: bool = False
    committee: bool = False


class HonorQuotaOut(Schema):
    honor_type_id: int
    org_id: int
    org_name: str
    places: int


class HonorRoundOut(Schema):
    id: int
    title: str
    year: int
    org_id: int
    org_name: str
    status: str
    status_label: str
    ratio: Decimal
    publicity_from: date | None
    publicity_until: date | None
    decision_no: str
    decided_on: date | None
    base_vote: bool
    consult: bool
    committee: bool
    quotas: list[HonorQuotaOut]


class HonorNominationIn(Schema):
    honor_type_id: int = Field(..., ge=1, le=2**31 - 1)
    member_id: int | None = Field(None, ge=1, le=2**31 - 1)
    org_id: int | None = Field(None, ge=1, le=2**31 - 1, description="被推荐的集体（工会）")
    team_id: int | None = Field(None, ge=1, le=2**31 - 1)
    post: Line = Field("", max_length=60)
    front_line: bool = False
    new_form: bool = False
    migrant: bool = False
    skill_grade: Line = Field("", max_length=20)
    skilled: bool = False
    innovations: Text = Field("", max_length=5000)
    deeds: Text = Field(..., max_length=10000)
    prior_honors: Text = Field("", max_length=2000)
    headcount: int | None = Field(None, ge=0, le=10_000_000)
    votes_for: int | None = Field(None, ge=0, le=10_000_000)
    votes_total: int | None = Field(None, ge=0, le=10_000_000)
    draft: bool = Field(False, description="保存为草稿（上传材料、录入投票后再上报）")


class HonorNominationOut(Schema):
    id: int
    round_id: int
    honor_type_id: int
    honor_type: str
    name: str
    org_id: int
    org_name: str
    holder_id: int
    holder_name: str
    status: str
    status_label: str
    reason: str
    certificate_no: str


class HonorActionIn(Schema):
    reason: Line = Field("", max_length=200)


class HonorPublicityIn(Schema):
    days: int | None = Field(None, ge=1, le=30)


class HonorDecisionIn(Schema):
    decision_no: Line = Field(..., max_length=60)
    decided_on: date


class HonorAttachmentOut(Schema):
    id: int
    material: str
    name: str
    content_type: str
    size: int
    uploaded_at: datetime
    url: str


class HonorVoteIn(Schema):
    vote_date: date
    expected: int = Field(..., ge=0, le=10_000_000, description="应到人数")
    present: int = Field(..., ge=0, le=10_000_000, description="实到人数")
    votes_for: int = Field(..., ge=0, le=10_000_000)
    votes_against: int = Field(..., ge=0, le=10_000_000)
    votes_abstain: int = Field(..., ge=0, le=10_000_000)


class HonorOpinionIn(Schema):
    department: Line = Field(..., max_length=40, description="如 纪检、信访、安监")
    agree: bool
    remark: Line = Field("", max_length=200)


class HonorOpinionOut(Schema):
    id: int
    nomination_id: int
    department: str
    agree: bool
    remark: str
    overridden: bool
    override_reason: str


class HonorCommitteeIn(Schema):
    passed: bool
    score: Decimal | None = Field(
        None, ge=0, le=100, max_digits=4, decimal_places=1, allow_inf_nan=False
    )
    votes_for: int | None = Field(None, ge=0, le=100_000)
    votes_against: int | None = Field(None, ge=0, le=100_000)
    votes_abstain: int | None = Field(None, ge=0, le=100_000)
    remark: Line = Field("", max_length=200)


class HonorCommitteeOut(Schema):
    nomination_id: int
    passed: bool
    score: Decimal | None
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    remark: str
