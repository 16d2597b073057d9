"""Bodies and answers of the quizzes' API (`quiz.api`). What a quiz's answer carries of its
questions is their text, options and score: never the key."""

from datetime import datetime

from django.db import models
from ninja import Field, Schema

from gonghui.core.cleaning import Line, Text


class BoardBy(models.TextChoices):
    PERSON = "person", "按个人"
    ORG = "org", "按工会"


class QuizIn(Schema):
    host_id: int = Field(..., description="主办工会 id（本工会或下级工会）；面向其所辖会员")
    title: Line = Field(..., max_length=80, description="名称")
    description: Text = Field("", max_length=5000, description="说明")
    opens_at: datetime = Field(..., description="开始时间（不带时区的按北京时间）")
    closes_at: datetime = Field(..., description="结束时间，须晚于开始时间")
    duration_minutes: int = Field(20, ge=0, le=10000, description="答题时长（分钟），1–300")
    attempts_allowed: int = Field(1, ge=0, le=10000, description="可答次数，1–10")
    draw_count: int = Field(0, ge=0, le=10000, description="每次抽题数，0 为全部，最多 200")
    certificate_top: int = Field(10, ge=0, le=10000, description="前几名发证书，0–1000")
    pass_score: int | None = Field(None, ge=0, le=100000, description="及格分；不设为 null")


class QuizOut(Schema):
    id: int
    title: str
    description: str
    status: str
    status_label: str
    host_id: int
    host_name: str
    opens_at: datetime
    closes_at: datetime
    duration_minutes: int
    attempts_allowed: int
    draw_count: int
    certificate_top: int
    pass_score: int | None
    question_count: int


class QuizPage(Schema):
    items: list[QuizOut]
    count: int


class QuestionOut(Schema):
    id: int
    kind: str
    kind_label: str
    text: str
    options: list[str]
    score: int
    is_active: bool


class QuizDetailOut(QuizOut):
    questions: list[QuestionOut] = Field(..., description="题库（不含答案）")


class PersonPlaceOut(Schema):
    rank: int
    member_id: int
    name: str
    org_id: int
    org_name: str
    score: int
    max_score: int
    seconds_used: int
    certified: bool


class UnionPlaceOut(Schema):
    org_id: int
    org_name: str
    participants: int
    average: float
    best: int


class BoardOut(Schema):
    by: str
    count: int
    persons: list[PersonPlaceOut] = Field(..., description="按个人（by=person）的一页")
    unions: list[UnionPlaceOut] = Field(..., description="按工会（by=org）：主办工会的下一级")


class BandOut(Schema):
    label: str
    count: int
    share: float = Field(..., description="占参与人数的百分比")


class UnionStatsOut(Schema):
    org_id: int
    org_name: str
    participants: int
    attempts: int
    average: float
    passed: int


class QuizStatsOut(Schema):
    attempts: int = Field(..., description="参与人次（已交卷的答卷）")
    participants: int = Field(..., description="参与人数（去重）")
    average: float = Field(..., description="平均分（每人最好成绩）")
    best: int
    pass_score: int | None
    passed: int = Field(..., description="及格人数")
    pass_rate: float | None = Field(..., description="及格率（%）；未设及格分为 null")
    bands: list[BandOut]
    unions: list[UnionStatsOut]
