"""Entries: a union enters units, teams and members (one by one, or by Excel through the same
function); a worker applies on the portal and his union confirms. Refusals write nothing."""

from copy import copy

from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.competitions.contests.figures import stats_entry_changed
from gonghui.competitions.contests.rules import ENTRY_OPEN
from gonghui.competitions.contests.services.common import require_org_scope
from gonghui.competitions.models import Competition, Entry, EntryKind, EntryStatus
from gonghui.core.errors import ApplicationError, Conflict
from gonghui.inbox.services import refresh
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.models import Member, Team
from gonghui.orgs.models import Org

NOT_OPEN = "竞赛「{name}」当前为「{status}」，不接受报名。"
DEADLINE_PASSED = "竞赛「{name}」的报名已于 {deadline} 截止。"
OUTSIDE_HOST = "「{who}」不在主办工会「{host}」的范围内，不能参加该竞赛。"
TRADE_REQUIRED = "请选择参赛工种。"
TRADE_NOT_RUN = "竞赛「{name}」不设「{trade}」工种，可选：{trades}。"
MEMBER_TWICE = "{name}已报名参加该竞赛，同一竞赛不能重复报名。"
TEAM_TWICE = "班组「{name}」已报名参加该竞赛。"
UNIT_TWICE = "「{name}」已报名参加该竞赛。"
MEMBER_NOT_HOLDING = "{name}的会籍状态为「{status}」，不能报名参赛。"
NOT_A_MEMBER = "只有会籍有效的工会会员才能报名，请先申请入会或完成实名认证。"
TEAM_INACTIVE = "班组「{name}」已停用。"
UNIT_INACTIVE = "「{name}」已撤销或合并，不能报名。"
NOT_PENDING = "该报名已处理，无需再确认。"
ALREADY_WITHDRAWN = "该报名已退出。"


def _check_open(contest: Competition) -> None:
    if contest.status not in ENTRY_OPEN:
        raise ApplicationError(
            NOT_OPEN.format(name=contest.name, status=contest.get_status_display()),
            code="entries_closed",
        )
    if contest.entry_deadline and timezone.localdate() > contest.entry_deadline:
        raise ApplicationError(
            DEADLINE_PASSED.format(name=contest.name, deadline=contest.entry_deadline),
            code="deadline_passed",
        )


def _check_within_host(contest: Competition, org: Org, who: str) -> None:
    if not org.path.startswith(contest.host.path):
        raise ApplicationError(
            OUTSIDE_HOST.format(who=who, host=contest.host.name), code="outside_host"
        )


def _check_trade(contest: Competition, trade: str, *, required: bool = True) -> str:
    trade = (trade or "").strip()
    if not contest.trades:
        return trade[:60]
    if not trade:
        if not required:
            return ""
        raise ApplicationError(TRADE_REQUIRED, field="trade")
    if trade not in contest.trades:
        raise ApplicationError(
            TRADE_NOT_RUN.format(name=contest.name, trade=trade, trades="、".join(contest.trades)),
            field="trade",
            code="trade_not_run",
        )
    return trade


def _lock(contest: Competition) -> Competition:
    return (
        Competition.objects.select_for_update(of=("self",))
        .select_related("host")
        .get(pk=contest.pk)
    )


def _save(entry: Entry, twice: str) -> Entry:
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise Conflict(twice, code="entered_twice") from None
    stats_entry_changed(contest=entry.competition, after=entry)
    return entry


def _audit(actor: User | None, entry: Entry, action: str, **extra) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=entry.competition,
        org=entry.org,
        changes={"entry": entry.pk, "entry_kind": entry.kind, "who": entry.entrant_name, **extra},
    )


def _member_entry(contest: Competition, member: Member, trade: str, **fields) -> Entry:
    if member.status not in HOLDING_STATUSES:
        raise ApplicationError(
            MEMBER_NOT_HOLDING.format(name=member.name, status=member.get_status_display()),
            field="member",
        )
    _check_within_host(contest, member.org, member.name)
    trade = _check_trade(contest, trade)
    twice = MEMBER_TWICE.format(name=member.name)
    if contest.entries.filter(member=member).exclude(status=EntryStatus.WITHDRAWN).exists():
        raise Conflict(twice, field="member", code="entered_twice")
    entry = Entry(
        competition=contest,
        kind=EntryKind.MEMBER,
        org=member.org,
        member=member,
        trade=trade,
        **fields,
    )
    return _save(entry, twice)


@atomic_keeping_denials
def entry_add_member(
    *, actor: User, contest: Competition, member: Member, trade: str = ""
) -> Entry:
    contest = _lock(contest)
    member = Member.objects.select_related("org").get(pk=member.pk)
    require_org_scope(actor, member.org, contest)
    _check_open(contest)
    entry = _member_entry(contest, member, trade, entered_by=actor)
    _audit(actor, entry, "competitions.contest.enter", trade=entry.trade)
    return entry


@atomic_keeping_denials
def entry_add_team(*, actor: User, contest: Competition, team: Team, trade: str = "") -> Entry:
    contest = _lock(contest)
    team = Team.objects.select_related("org").get(pk=team.pk)
    require_org_scope(actor, team.org, contest)
    _check_open(contest)
    if not team.active:
        raise ApplicationError(TEAM_INACTIVE.format(name=team.name), field="team")
    _check_within_host(contest, team.org, team.name)
    trade = _check_trade(contest, trade)
    twice = TEAM_TWICE.format(name=team.name)
    if contest.entries.filter(team=team).exclude(status=EntryStatus.WITHDRAWN).exists():
        raise Conflict(twice, field="team", code="entered_twice")
    entry = Entry(
        competition=contest,
        kind=EntryKind.TEAM,
        org=team.org,
        team=team,
        trade=trade,
        entered_by=actor,
    )
    _save(entry, twice)
    _audit(actor, entry, "competitions.contest.enter", trade=entry.trade)
    return entry


@atomic_keeping_denials
def entry_add_unit(*, actor: User, contest: Competition, unit: Org, trade: str = "") -> Entry:
    """A unit enters as a whole; when the contest runs trades it may name the one it enters."""
    contest = _lock(contest)
    require_org_scope(actor, unit, contest)
    _check_open(contest)
    if not unit.is_active:
        raise ApplicationError(UNIT_INACTIVE.format(name=unit.name), field="unit")
    _check_within_host(contest, unit, unit.name)
    trade = _check_trade(contest, trade, required=False)
    twice = UNIT_TWICE.format(name=unit.name)
    unit_entries = contest.entries.filter(kind=EntryKind.UNIT, org=unit)
    if unit_entries.exclude(status=EntryStatus.WITHDRAWN).exists():
        raise Conflict(twice, field="unit", code="entered_twice")
    entry = Entry(competition=contest, kind=EntryKind.UNIT, org=unit, trade=trade, entered_by=actor)
    _save(entry, twice)
    _audit(actor, entry, "competitions.contest.enter", trade=entry.trade)
    return entry


@transaction.atomic(durable=True)
def entry_apply(*, worker, contest: Competition, trade: str = "") -> Entry:
    """A worker applies on the portal: a pending entry his union confirms (待办)."""
    member = worker.member if worker is not None else None
    if member is None:
        raise ApplicationError(NOT_A_MEMBER)
    contest = _lock(contest)
    _check_open(contest)
    entry = _member_entry(contest, member, trade, status=EntryStatus.PENDING, applied_online=True)
    _audit(None, entry, "competitions.contest.apply", trade=entry.trade)
    refresh(entry)
    return entry


def _lock_entry(entry: Entry) -> Entry:
    return (
        Entry.objects.select_for_update(of=("self",))
        .select_related("competition__host", "org", "member", "team")
        .get(pk=entry.pk)
    )


@atomic_keeping_denials(durable=True)
def entry_confirm(*, actor: User, entry: Entry) -> Entry:
    entry = _lock_entry(entry)
    require_org_scope(actor, entry.org, entry.competition)
    if entry.status != EntryStatus.PENDING:
        raise Conflict(NOT_PENDING)
    before = copy(entry)
    entry.status = EntryStatus.CONFIRMED
    entry.entered_by = actor
    entry.save(update_fields=["status", "entered_by", "updated_at"])
    stats_entry_changed(contest=entry.competition, before=before, after=entry)
    _audit(actor, entry, "competitions.contest.confirm")
    refresh(entry)
    return entry


@atomic_keeping_denials(durable=True)
def entry_withdraw(*, actor: User, entry: Entry) -> Entry:
    entry = _lock_entry(entry)
    require_org_scope(actor, entry.org, entry.competition)
    if entry.status == EntryStatus.WITHDRAWN:
        raise Conflict(ALREADY_WITHDRAWN)
    before = copy(entry)
    entry.status = EntryStatus.WITHDRAWN
    entry.save(update_fields=["status", "updated_at"])
    stats_entry_changed(contest=entry.competition, before=before, after=entry)
    _audit(actor, entry, "competitions.contest.withdraw")
    refresh(entry)
    return entry
