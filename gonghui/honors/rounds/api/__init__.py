"""/api/v1/honors/: the catalogue, rounds with their places, nominations and their review, 公示
and the decision."""

from datetime import date

from django.conf import settings
from ninja import Query, Router, Status

from gonghui.accounts.api import require
from gonghui.accounts.permissions import Perm
from gonghui.core.errors import ApplicationError
from gonghui.core.paging import page_of
from gonghui.honors.models import HonorType, Nomination, NominationStatus, Round
from gonghui.honors.rounds import services
from gonghui.honors.rounds.api.schemas import (
    HonorActionIn,
    HonorDecisionIn,
    HonorNominationIn,
    HonorNominationOut,
    HonorPublicityIn,
    HonorRoundIn,
    HonorRoundOut,
    HonorTypeIn,
    HonorTypeOut,
)
from gonghui.honors.rounds.selectors import (
    access_nomination_by_id,
    access_round_by_id,
    honor_type_list,
    nomination_list,
    round_list,
)
from gonghui.members.models import Team
from gonghui.members.selectors import access_member_by_id
from gonghui.orgs.selectors import access_org_by_id, org_by_id, org_scope_path

router = Router(tags=["荣誉评选"])

TEAM_NOT_FOUND = "找不到该班组，或您无权查看。"
TYPE_UNKNOWN = "找不到编号为 {id} 的荣誉类型，请核对后重新填写。"
STATUS_UNKNOWN = "未知的状态「{status}」。"


def _type_by_id(type_id: int) -> HonorType:
    """A honor type a request body names: the catalogue is province-wide; unknown is a 400."""
    found = HonorType.objects.filter(pk=type_id).first()
    if found is None:
        raise ApplicationError(
            TYPE_UNKNOWN.format(id=type_id), code="honor_type_unknown", field="honor_type_id"
        )
    return found


def _type_out(ht: HonorType) -> dict:
    return {
        "id": ht.pk,
        "code": ht.code,
        "title": ht.title,
        "level": ht.level,
        "conferrer_id": ht.conferrer_id,
        "conferring_body": ht.conferring_body,
        "subject": ht.subject,
        "cycle_years": ht.cycle_years,
        "regulation_version": ht.regulation_version,
        "materials": ht.material_list,
        "materials_enforced": ht.materials_enforced,
        "form_layout": ht.form_layout,
        "active": ht.active,
    }


def _round_out(rnd: Round) -> dict:
    rnd = Round.objects.select_related("org").get(pk=rnd.pk)
    return {
        "id": rnd.pk,
        "title": rnd.title,
        "year": rnd.year,
        "org_id": rnd.org_id,
        "org_name": rnd.org.name,
        "status": rnd.status,
        "status_label": rnd.get_status_display(),
        "ratio": rnd.ratio,
        "publicity_from": rnd.publicity_from,
        "publicity_until": rnd.publicity_until,
        "decision_no": rnd.decision_no,
        "decided_on": rnd.decided_on,
        "base_vote": rnd.base_vote,
        "consult": rnd.consult,
        "committee": rnd.committee,
        "quotas": [
            {
                "honor_type_id": q.honor_type_id,
                "org_id": q.org_id,
                "org_name": q.org.name,
                "places": q.places,
            }
            for q in rnd.quotas.select_related("org").order_by("honor_type_id", "org__path")
        ],
    }


def _nomination_out(n: Nomination) -> dict:
    n = Nomination.objects.select_related("honor_type", "org", "holder").get(pk=n.pk)
    return {
        "id": n.pk,
        "round_id": n.round_id,
        "honor_type_id": n.honor_type_id,
        "honor_type": n.honor_type.title,
        "name": n.name,
        "org_id": n.org_id,
        "org_name": n.org.name,
        "holder_id": n.holder_id,
        "holder_name": n.holder.name,
        "status": n.status,
        "status_label": n.get_status_display(),
        "reason": n.reason,
        "certificate_no": n.certificate_no,
    }


@router.get("/types", response=list[HonorTypeOut], summary="荣誉目录")
@require(Perm.HONOR_VIEW)
def types_list(request):
    return [_type_out(ht) for ht in honor_type_list(user=request.user)]


@router.post("/types", response={201: HonorTypeOut}, summary="新增荣誉类型")
@require(Perm.HONOR_CATALOGUE)
def types_create(request, payload: HonorTypeIn):
    data = payload.model_dump(exclude={"conferrer_id"})
    conferrer = org_by_id(payload.conferrer_id, field="conferrer_id")
    ht = services.honor_type_create(actor=request.user, conferrer=conferrer, **data)
    return Status(201, _type_out(ht))


@router.get("/rounds", response=list[HonorRoundOut], summary="评选批次列表（含名额）")
@require(Perm.HONOR_VIEW)
def rounds_list(request, year: int | None = Query(None, ge=2000, le=2100)):
    return [_round_out(r) for r in round_list(user=request.user, year=year)[:200]]


@router.post("/rounds", response={201: HonorRoundOut}, summary="发起评选批次")
@require(Perm.HONOR_MANAGE)
def rounds_create(request, payload: HonorRoundIn):
    data = payload.model_dump(exclude={"quotas", "deadlines"})
    totals = {}
    splits = []
    for q in payload.quotas:
        ht = _type_by_id(q.honor_type_id)
        if q.org_id is None:
            totals[ht] = q.places
        else:
            splits.append((ht, q))
    deadlines = {d.step: d.due for d in payload.deadlines}
    rnd = services.round_open(actor=request.user, quotas=totals, deadlines=deadlines, **data)
    for ht, q in splits:
        services.quota_set(
            actor=request.user,
            round=rnd,
            honor_type=ht,
            org=org_by_id(q.org_id, field="org_id"),
            places=q.places,
        )
    return Status(201, _round_out(rnd))


@router.get("/rounds/{round_id}", response=HonorRoundOut, summary="评选批次详情")
@require(Perm.HONOR_VIEW)
def rounds_detail(request, round_id: int):
    return _round_out(access_round_by_id(request.user, round_id))


@router.post(
    "/rounds/{round_id}/nominations", response={201: HonorNominationOut}, summary="推荐荣誉候选人"
)
@require(Perm.HONOR_NOMINATE)
def nominations_create(request, round_id: int, payload: HonorNominationIn):
    rnd = access_round_by_id(request.user, round_id)
    ht = _type_by_id(payload.honor_type_id)
    data = payload.model_dump(exclude={"honor_type_id", "member_id", "org_id", "team_id", "draft"})
    member = access_member_by_id(request.user, payload.member_id) if payload.member_id else None
    org = access_org_by_id(request.user, payload.org_id) if payload.org_id else None
    team = None
    if payload.team_id:
        team = Team.objects.filter(
            pk=payload.team_id, org__path__startswith=org_scope_path(request.user)
        ).first()
        if team is None:
            raise ApplicationError(TEAM_NOT_FOUND, field="team_id")
    n = services.nominate(
        actor=request.user,
        round=rnd,
        honor_type=ht,
        member=member,
        nominee_org=org,
        team=team,
        submit=not payload.draft,
        **data,
    )
    return Status(201, _nomination_out(n))


@router.get("/nominations", response=list[HonorNominationOut], summary="荣誉推荐列表")
@require(Perm.HONOR_VIEW)
def nominations_list(
    request,
    round: int | None = Query(None, ge=1, le=2**31 - 1),
    status: str = Query("", max_length=12),
    page: int = Query(1, ge=1, le=100_000),
):
    if status and status not in NominationStatus.values:
        raise ApplicationError(STATUS_UNKNOWN.format(status=status), field="status")
    rnd = access_round_by_id(request.user, round) if round else None
    items = nomination_list(user=request.user, round=rnd, status=status)
    return [_nomination_out(n) for n in page_of(items, page=page, size=settings.MEMBERS_PAGE_SIZE)]


ACTIONS = {
    "approve": lambda user, n, reason: services.nomination_approve(actor=user, nomination=n),
    "return": lambda user, n, reason: services.nomination_return(
        actor=user, nomination=n, reason=reason
    ),
    "reject": lambda user, n, reason: services.nomination_reject(
        actor=user, nomination=n, reason=reason
    ),
    "withdraw": lambda user, n, reason: services.nomination_withdraw(
        actor=user, nomination=n, reason=reason
    ),
}


def _act(request, nomination_id: int, action: str, reason: str) -> dict:
    n = access_nomination_by_id(request.user, nomination_id)
    return _nomination_out(ACTIONS[action](request.user, n, reason))


@router.post(
    "/nominations/{nomination_id}/approve", response=HonorNominationOut, summary="同意上报"
)
@require(Perm.HONOR_REVIEW)
def nominations_approve(request, nomination_id: int, payload: HonorActionIn):
    return _act(request, nomination_id, "approve", payload.reason)


@router.post("/nominations/{nomination_id}/return", response=HonorNominationOut, summary="退回修改")
@require(Perm.HONOR_REVIEW)
def nominations_return(request, nomination_id: int, payload: HonorActionIn):
    return _act(request, nomination_id, "return", payload.reason)


@router.post("/nominations/{nomination_id}/reject", response=HonorNominationOut, summary="不予推荐")
@require(Perm.HONOR_REVIEW)
def nominations_reject(request, nomination_id: int, payload: HonorActionIn):
    return _act(request, nomination_id, "reject", payload.reason)


@router.post(
    "/nominations/{nomination_id}/withdraw", response=HonorNominationOut, summary="撤回推荐"
)
@require(Perm.HONOR_NOMINATE)
def nominations_withdraw(request, nomination_id: int, payload: HonorActionIn):
    return _act(request, nomination_id, "withdraw", payload.reason)


@router.post("/rounds/{round_id}/publicity", response=HonorRoundOut, summary="开始公示")
@require(Perm.HONOR_MANAGE)
def rounds_publicity(request, round_id: int, payload: HonorPublicityIn):
    rnd = access_round_by_id(request.user, round_id)
    return _round_out(services.publicity_start(actor=request.user, round=rnd, days=payload.days))


@router.post("/rounds/{round_id}/decision", response=HonorRoundOut, summary="作出表彰决定")
@require(Perm.HONOR_MANAGE)
def rounds_decision(request, round_id: int, payload: HonorDecisionIn):
    rnd = access_round_by_id(request.user, round_id)
    decided_on: date = payload.decided_on
    return _round_out(
        services.round_decide(
            actor=request.user, round=rnd, decision_no=payload.decision_no, decided_on=decided_on
        )
    )


# The optional steps (materials, staff vote, 征求意见, 评审委员会) add their routes here.
from gonghui.honors.rounds.api import steps as _steps  # noqa: E402, F401
