"""/api/v1/recuperation: batches (list, create) and 推荐/报名 of participants."""

from datetime import date
from typing import Annotated

from django.conf import settings
from ninja import Field, Query, Router, Schema, Status

from gonghui.accounts.api import require
from gonghui.accounts.permissions import Perm
from gonghui.core.cleaning import Line, code_of
from gonghui.core.errors import NotFound
from gonghui.core.paging import page_of
from gonghui.members.selectors import access_member_by_id
from gonghui.recuperation.models import Batch, Category, Participant, ParticipantStatus, Resort
from gonghui.recuperation.selectors import access_batch_by_id, access_plan_by_id, batch_list
from gonghui.recuperation.services import add_participant, batch_create

router = Router(tags=["疗休养"])

RESORT_NOT_FOUND = "找不到该疗休养基地。"


class BatchIn(Schema):
    plan_id: int
    resort_id: int
    name: Line = Field(..., max_length=100)
    route: Line = Field("", max_length=200)
    start_on: date
    end_on: date
    places: int = Field(..., ge=1, le=2000)


class BatchOut(Schema):
    id: int
    plan_id: int
    plan: str
    organiser: str
    resort: str
    name: str
    route: str
    start_on: date
    end_on: date
    places: int
    taken: int


class BatchPage(Schema):
    items: list[BatchOut]
    count: int


class ParticipantIn(Schema):
    member_id: int | None = None  # a member of the registry, or name + id_number
    name: Line = Field("", max_length=40)
    id_number: Line = Field("", max_length=24)
    category: code_of(Category) = Category.FRONTLINE.value
    source_ref: Line = Field("", max_length=80)


class ParticipantOut(Schema):
    id: int
    batch_id: int
    name: str
    id_number: str  # masked
    org_id: int
    org_name: str
    member_id: int | None
    category: code_of(Category)
    source_ref: str
    status: code_of(ParticipantStatus)


def _batch_out(batch: Batch) -> dict:
    return {
        "id": batch.pk,
        "plan_id": batch.plan_id,
        "plan": str(batch.plan),
        "organiser": batch.plan.org.name,
        "resort": batch.resort.name,
        "name": batch.name,
        "route": batch.route,
        "start_on": batch.start_on,
        "end_on": batch.end_on,
        "places": batch.places,
        "taken": batch.taken,
    }


def _participant_out(p: Participant) -> dict:
    return {
        "id": p.pk,
        "batch_id": p.batch_id,
        "name": p.name,
        "id_number": p.id_number_masked,
        "org_id": p.org_id,
        "org_name": p.org.name,
        "member_id": p.member_id,
        "category": p.category,
        "source_ref": p.source_ref,
        "status": p.status,
    }


@router.get("/batches", response=BatchPage, summary="疗休养批次列表")
@require(Perm.RECUPERATION_VIEW)
def batches_list(
    request,
    plan: int | None = None,
    q: Annotated[Line, Query("", max_length=40)] = "",
    page: int = Query(1, ge=1),
):
    """Batches of the plans the caller sees (organised by his union, above or below it), by
    departure date. `plan`: only that plan's; `q`: part of the name, base or route."""
    plan_obj = access_plan_by_id(request.user, plan) if plan is not None else None
    batches = batch_list(user=request.user, plan=plan_obj, q=q)
    one_page = page_of(batches, page=page, size=settings.MEMBERS_PAGE_SIZE)
    return {"items": [_batch_out(b) for b in one_page], "count": one_page.paginator.count}


@router.post(
    "/batches",
    response={201: BatchOut},
    summary="新建疗休养批次",
    openapi_extra={"responses": {404: {"description": ""}}},
)
@require(Perm.RECUPERATION_MANAGE)
def batches_create(request, payload: BatchIn):
    """A batch of a plan the caller's union organises (or one below it)."""
    plan = access_plan_by_id(request.user, payload.plan_id)
    resort = Resort.objects.filter(pk=payload.resort_id).first()
    if resort is None:
        raise NotFound(RESORT_NOT_FOUND)
    batch = batch_create(
        actor=request.user,
        plan=plan,
        name=payload.name,
        resort=resort,
        route=payload.route,
        start_on=payload.start_on,
        end_on=payload.end_on,
        places=payload.places,
    )
    return Status(201, _batch_out(batch))


@router.post(
    "/batches/{batch_id}/participants", response={201: ParticipantOut}, summary="推荐疗休养人员"
)
@require(Perm.RECUPERATION_MANAGE)
def participants_add(request, batch_id: int, payload: ParticipantIn):
    """推荐/报名: `member_id` (a member of the caller's subtree), or `name` + `id_number` for a
    person outside the registry (put forward by the caller's union). 409 over a union's quota,
    over the batch's total, or for a person already on the list."""
    batch = access_batch_by_id(request.user, batch_id)
    member = None
    if payload.member_id is not None:
        member = access_member_by_id(request.user, payload.member_id)
    participant = add_participant(
        actor=request.user,
        batch=batch,
        member=member,
        name=payload.name,
        id_number=payload.id_number,
        category=payload.category,
        source_ref=payload.source_ref,
    )
    return Status(201, _participant_out(participant))
