"""Results: scores, ranks, prizes; titles conferred and skill-grade promotions recorded on the
member (through the members' service); "推荐荣誉" through the candidates port."""

from copy import copy
from decimal import Decimal, InvalidOperation
from typing import Any

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.competitions.contests.figures import stats_entry_changed
from gonghui.competitions.contests.rules import RESULTS_OPEN
from gonghui.competitions.contests.services.common import require_host_scope
from gonghui.competitions.models import Entry, EntryKind, EntryStatus, Prize, Title
from gonghui.core.errors import ApplicationError, Conflict
from gonghui.members.candidates import Candidate, candidate_sinks, put_forward
from gonghui.members.codes import TECH_LEVEL_CHOICES
from gonghui.members.services import member_promote_tech_level

RESULTS_CLOSED = "竞赛当前为「{status}」，比赛开始后才能录入成绩。"
ENTRY_NOT_CONFIRMED = "该报名尚未确认或已退出，不能录入成绩。"
SCORE_INVALID = "成绩应为 0 到 10000 之间的数，最多两位小数。"
RANK_INVALID = "名次应为正整数。"
PRIZE_INVALID = "请选择奖项（一等奖、二等奖、三等奖、优秀奖）。"
TITLE_INVALID = "请选择称号（技术能手、技术标兵、服务明星、技术状元）。"
TITLE_MEMBER_ONLY = "称号和技术等级晋升只能授予参赛职工。"
GRADE_INVALID = "请选择晋升的技术等级。"
NOT_A_WINNER = "只有获得名次、奖项或称号的参赛职工才能推荐荣誉。"
NO_SINK = "荣誉评选功能尚未启用，暂不能推荐。"

_GRADES = dict(TECH_LEVEL_CHOICES)


def _score(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value).strip())
    except InvalidOperation:
        raise ApplicationError(SCORE_INVALID, field="score") from None
    if not score.is_finite() or not 0 <= score <= 10000 or score != score.quantize(Decimal("0.01")):
        raise ApplicationError(SCORE_INVALID, field="score")
    return score


def _rank(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        rank = int(str(value).strip())
    except ValueError:
        raise ApplicationError(RANK_INVALID, field="rank") from None
    if rank < 1:
        raise ApplicationError(RANK_INVALID, field="rank")
    return rank


@atomic_keeping_denials
def entry_record_result(
    *,
    actor: User,
    entry: Entry,
    score: Any = None,
    rank: Any = None,
    prize: str = "",
    title: str = "",
    promoted_to: str = "",
) -> Entry:
    """Record (or correct) an entry's result. A title stays on the entry (shown on the member's
    record); a promotion raises the member's 技术等级 once, through the members' service."""
    entry = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("competition__host", "org", "member", "team")
        .get(pk=entry.pk)
    )
    contest = entry.competition
    require_host_scope(actor, contest)
    if contest.status not in RESULTS_OPEN:
        raise ApplicationError(RESULTS_CLOSED.format(status=contest.get_status_display()))
    if entry.status != EntryStatus.CONFIRMED:
        raise ApplicationError(ENTRY_NOT_CONFIRMED)
    prize, title, promoted_to = prize or "", title or "", promoted_to or ""
    if prize and prize not in Prize.values:
        raise ApplicationError(PRIZE_INVALID, field="prize")
    if title and title not in Title.values:
        raise ApplicationError(TITLE_INVALID, field="title")
    if promoted_to and promoted_to not in _GRADES:
        raise ApplicationError(GRADE_INVALID, field="promoted_to")
    if (title or promoted_to) and entry.kind != EntryKind.MEMBER:
        raise ApplicationError(TITLE_MEMBER_ONLY, field="title")
    values = {
        "score": _score(score),
        "rank": _rank(rank),
        "prize": prize,
        "title": title,
        "promoted_to": promoted_to,
    }
    changes = {
        key: [str(getattr(entry, key) or ""), str(value or "")]
        for key, value in values.items()
        if getattr(entry, key) != value
    }
    if not changes:
        return entry
    if promoted_to and promoted_to != entry.promoted_to:
        member_promote_tech_level(
            actor=actor,
            member=entry.member,
            tech_level=promoted_to,
            source=f"{contest.name}（{entry.trade or '—'}）",
        )
    before = copy(entry)
    for key, value in values.items():
        setattr(entry, key, value)
    entry.save()
    stats_entry_changed(contest=contest, before=before, after=entry)
    audit_record(
        actor=actor,
        action="competitions.contest.result",
        obj=contest,
        org=entry.org,
        changes={"entry": entry.pk, "who": entry.entrant_name, **changes},
    )
    return entry


def achievement_of(entry: Entry) -> str:
    parts = [entry.competition.name]
    if entry.trade:
        parts.append(entry.trade)
    if entry.prize:
        parts.append(entry.get_prize_display())
    elif entry.rank:
        parts.append(f"第{entry.rank}名")
    if entry.title:
        parts.append(f"获「{entry.get_title_display()}」称号")
    return " ".join(parts)


@atomic_keeping_denials(durable=True)
def entry_put_forward(*, actor: User, entry: Entry) -> list[str]:
    """推荐荣誉: hand a winner to the honors' candidate pool through the members' port."""
    entry = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("competition__host", "org", "member")
        .get(pk=entry.pk)
    )
    require_host_scope(actor, entry.competition)
    if entry.kind != EntryKind.MEMBER or not (entry.rank or entry.prize or entry.title):
        raise ApplicationError(NOT_A_WINNER)
    if not candidate_sinks():
        raise Conflict(NO_SINK)
    urls = put_forward(
        actor,
        Candidate(
            member_id=entry.member_id,
            source="competitions",
            source_ref=f"entry:{entry.pk}",
            achievement=achievement_of(entry),
        ),
    )
    if not entry.put_forward:
        entry.put_forward = True
        entry.save(update_fields=["put_forward", "updated_at"])
    audit_record(
        actor=actor,
        action="competitions.contest.put_forward",
        obj=entry.competition,
        org=entry.org,
        changes={"entry": entry.pk, "who": entry.entrant_name},
    )
    return urls
