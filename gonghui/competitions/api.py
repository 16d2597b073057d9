"""/api/v1/competitions: the contests (list, create), entries (list; enter a member, team or
unit; confirm, withdraw), results and the chain's counts.

Scope as on the workbench: a contest hosted in the caller's subtree or a published one above it
is readable; outside answers as missing (404, audited)."""

from dataclasses import asdict

from django.conf import settings
from ninja import Query, Router, Status

from gonghui.accounts.api import require
from gonghui.accounts.permissions import Perm
from gonghui.competitions.contests import selectors as sel
from gonghui.competitions.contests.counting import chain_counts
from gonghui.competitions.contests.schemas import (
    ContestIn,
    ContestOut,
    ContestPage,
    EntryIn,
    EntryOut,
    EntryPage,
    ResultIn,
    ResultOut,
    StatsOut,
)
from gonghui.competitions.contests.services import (
    contest_create,
    entry_add_member,
    entry_add_team,
    entry_add_unit,
    entry_confirm,
    entry_record_result,
    entry_withdraw,
)
from gonghui.competitions.models import (
    Competition,
    ContestStatus,
    Entry,
    EntryKind,
    EntryStatus,
)
from gonghui.core.cleaning import code_of
from gonghui.core.errors import ApplicationError, NotFound
from gonghui.core.paging import page_of
from gonghui.members.selectors import access_member_by_id
from gonghui.members.teams.selectors import access_team_by_id
from gonghui.orgs.selectors import org_by_id

router = Router(tags=["劳动和技能竞赛"])
ONE_ENTRANT = "请在 member_id、team_id、org_id 中填写且只填写一项（参赛职工、班组或单位）。"


def _contest_out(contest: Competition) -> dict:
    return {
        "id": contest.pk,
        "name": contest.name,
        "kind": contest.kind,
        "kind_label": contest.get_kind_display(),
        "level": contest.level,
        "level_label": contest.level_text,
        "contest_class": contest.contest_class,
        "host_id": contest.host_id,
        "host_name": contest.host.name,
        "parent_id": contest.parent_id,
        "trades": contest.trades,
        "starts_on": contest.starts_on,
        "ends_on": contest.ends_on,
        "entry_deadline": contest.entry_deadline,
        "status": contest.status,
        "status_label": contest.get_status_display(),
    }


def _entry_out(entry: Entry) -> dict:
    return {
        "id": entry.pk,
        "contest_id": entry.competition_id,
        "kind": entry.kind,
        "kind_label": entry.get_kind_display(),
        "name": entry.entrant_name,
        "member_id": entry.member_id,
        "team_id": entry.team_id,
        "org_id": entry.org_id,
        "org_name": entry.org.name,
        "trade": entry.trade,
        "status": entry.status,
        "status_label": entry.get_status_display(),
        "score": entry.score,
        "rank": entry.rank,
        "prize": entry.prize,
        "title": entry.title,
    }


@router.get("", response=ContestPage, summary="竞赛列表")
@require(Perm.CONTEST_VIEW)
def contests_list(
    request,
    q: str = Query("", max_length=40),
    status: code_of(ContestStatus, blank=True, check=True) = "",
    page: int = Query(1, ge=1),
):
    """Contests hosted in the caller's subtree and published ones above it, newest first."""
    contests = sel.contest_list(user=request.user, q=q.strip(), status=status)
    one_page = page_of(contests, page=page, size=settings.MEMBERS_PAGE_SIZE)
    return {"items": [_contest_out(c) for c in one_page], "count": one_page.paginator.count}


@router.post("", response={201: ContestOut}, summary="新建竞赛")
@require(Perm.CONTEST_MANAGE)
def contests_create(request, payload: ContestIn):
    """A draft contest hosted by a union of the caller's subtree (another union: 403, audited);
    with `parent_id`, a sub-contest or qualifier under a contest hosted at or above the host."""
    data = payload.model_dump(exclude={"host_id", "parent_id"})
    host = org_by_id(payload.host_id, field="host_id")
    parent = (
        sel.parent_by_id(request.user, payload.parent_id) if payload.parent_id is not None else None
    )
    contest = contest_create(actor=request.user, host=host, parent=parent, **data)
    return Status(201, _contest_out(contest))


@router.get("/{contest_id}", response=ContestOut, summary="竞赛详情")
@require(Perm.CONTEST_VIEW)
def contests_detail(request, contest_id: int):
    return _contest_out(sel.access_contest_by_id(request.user, contest_id))


@router.get("/{contest_id}/entries", response=EntryPage, summary="竞赛报名列表")
@require(Perm.CONTEST_VIEW)
def contests_entries(
    request,
    contest_id: int,
    status: code_of(EntryStatus, blank=True, check=True) = "",
    kind: code_of(EntryKind, blank=True, check=True) = "",
    page: int = Query(1, ge=1),
):
    """The host's staff see every entry; a lower union those of its own subtree. Filters:
    `status` (pending 待确认, confirmed, withdrawn) and `kind` (member, team, unit)."""
    contest = sel.access_contest_by_id(request.user, contest_id)
    entries = sel.contest_entries(user=request.user, contest=contest, kind=kind, status=status)
    one_page = page_of(entries, page=page, size=settings.MEMBERS_PAGE_SIZE)
    return {"items": [_entry_out(e) for e in one_page], "count": one_page.paginator.count}


@router.post("/{contest_id}/entries", response={201: EntryOut}, summary="报名参赛职工、班组或单位")
@require(Perm.CONTEST_ENTER)
def contests_enter(request, contest_id: int, payload: EntryIn):
    """Enter a member (`member_id`), a team (`team_id`) or a unit (`org_id`) of the caller's
    subtree and the host's, with a trade the contest runs (a unit may leave it blank), before
    the entry deadline; each is entered once per contest."""
    contest = sel.access_contest_by_id(request.user, contest_id)
    named = [x for x in (payload.member_id, payload.team_id, payload.org_id) if x is not None]
    if len(named) != 1:
        raise ApplicationError(ONE_ENTRANT, code="one_entrant")
    user, trade = request.user, payload.trade
    if payload.member_id is not None:
        member = access_member_by_id(user, payload.member_id)
        entry = entry_add_member(actor=user, contest=contest, member=member, trade=trade)
    elif payload.team_id is not None:
        team = access_team_by_id(user, payload.team_id)
        entry = entry_add_team(actor=user, contest=contest, team=team, trade=trade)
    else:
        unit = org_by_id(payload.org_id, field="org_id")
        entry = entry_add_unit(actor=user, contest=contest, unit=unit, trade=trade)
    return Status(201, _entry_out(entry))


@router.post(
    "/{contest_id}/entries/{entry_id}/confirm", response=EntryOut, summary="确认职工网上报名"
)
@require(Perm.CONTEST_ENTER)
def contests_entry_confirm(request, contest_id: int, entry_id: int):
    """Confirm a worker's portal application (待确认 only; any other state: 409)."""
    contest = sel.access_contest_by_id(request.user, contest_id)
    entry = sel.access_entry_by_id(request.user, entry_id, contest=contest)
    return _entry_out(entry_confirm(actor=request.user, entry=entry))


@router.post("/{contest_id}/entries/{entry_id}/withdraw", response=EntryOut, summary="退出竞赛")
@require(Perm.CONTEST_ENTER)
def contests_entry_withdraw(request, contest_id: int, entry_id: int):
    """Withdraw an entry (already withdrawn: 409); the entrant may be entered again."""
    contest = sel.access_contest_by_id(request.user, contest_id)
    entry = sel.access_entry_by_id(request.user, entry_id, contest=contest)
    return _entry_out(entry_withdraw(actor=request.user, entry=entry))


@router.post("/{contest_id}/results", response=ResultOut, summary="录入竞赛成绩")
@require(Perm.CONTEST_ENTER)
def contests_result(request, contest_id: int, payload: ResultIn):
    """Score, rank, prize, title and skill-grade promotion of one entry (by the host's staff)."""
    contest = sel.access_contest_by_id(request.user, contest_id)
    if not sel.can_manage(request.user, contest):
        raise NotFound(sel.CONTEST_NOT_FOUND)
    entry = sel.access_entry_by_id(request.user, payload.entry_id, contest=contest)
    entry = entry_record_result(
        actor=request.user,
        entry=entry,
        **payload.model_dump(exclude={"entry_id"}),
    )
    return {
        "id": entry.pk,
        "score": entry.score,
        "rank": entry.rank,
        "prize": entry.prize,
        "title": entry.title,
        "promoted_to": entry.promoted_to,
    }


@router.get("/{contest_id}/stats", response=StatsOut, summary="竞赛参赛统计（含各级分赛）")
@require(Perm.CONTEST_VIEW)
def contests_stats(request, contest_id: int):
    """项 (contests), 个次 (unit entries), 人次 (person entries) and 人 (distinct persons) over
    the contest and every sub-contest below it."""
    return asdict(chain_counts(sel.access_contest_by_id(request.user, contest_id)))
