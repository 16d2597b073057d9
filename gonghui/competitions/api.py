"""/api/v1/competitions: the contests (list, create), entries, results and the chain's counts.

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
    ResultIn,
    ResultOut,
    StatsOut,
)
from gonghui.competitions.contests.services import (
    contest_create,
    entry_add_member,
    entry_record_result,
)
from gonghui.competitions.models import Competition, ContestStatus, Entry
from gonghui.core.cleaning import code_of
from gonghui.core.errors import NotFound
from gonghui.core.paging import page_of
from gonghui.members.selectors import access_member_by_id
from gonghui.orgs.selectors import org_by_id

router = Router(tags=["劳动和技能竞赛"])


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
        "member_id": entry.member_id,
        "org_id": entry.org_id,
        "trade": entry.trade,
        "status": entry.status,
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


@router.post("/{contest_id}/entries", response={201: EntryOut}, summary="报名参赛职工")
@require(Perm.CONTEST_ENTER)
def contests_enter(request, contest_id: int, payload: EntryIn):
    """Enter a member of the caller's subtree (and the host's) with a trade the contest runs,
    before the entry deadline; a member is entered once per contest."""
    contest = sel.access_contest_by_id(request.user, contest_id)
    member = access_member_by_id(request.user, payload.member_id)
    entry = entry_add_member(
        actor=request.user, contest=contest, member=member, trade=payload.trade
    )
    return Status(201, _entry_out(entry))


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
