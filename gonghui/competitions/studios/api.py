"""/api/v1/studios: the scoped list of innovation studios, a new application, and a yearly
results report."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from ninja import Query, Router, Schema, Status
from pydantic import Field

from gonghui.accounts.api import require
from gonghui.accounts.permissions import Perm
from gonghui.competitions.models.studios import Studio, StudioKind, StudioLevel, StudioStatus
from gonghui.competitions.studios import services
from gonghui.competitions.studios.selectors import (
    access_batch_by_id,
    access_studio_by_id,
    studio_list,
)
from gonghui.core.cleaning import Line, Text, code_of
from gonghui.core.paging import page_of
from gonghui.members.selectors import access_member_by_id
from gonghui.orgs.selectors import access_org_by_id

router = Router(tags=["创新工作室"])


class StudioOut(Schema):
    id: int
    name: str
    kind: str
    level: str
    status: str
    status_label: str
    lead_name: str
    org_id: int
    org_name: str
    batch_id: int
    named_on: date | None
    plaque: str
    alliance: str


class StudioPage(Schema):
    items: list[StudioOut]
    count: int


class StudioIn(Schema):
    batch_id: int
    org_id: int = Field(description="依托单位（工会组织）编号")
    lead_id: int = Field(description="领衔人（会员）编号")
    name: Line = Field(max_length=80)
    kind: code_of(StudioKind)
    alliance: Line = Field("", max_length=80)
    intro: Text = ""
    submit: bool = Field(False, description="保存后直接提交上级审核")


class ReportIn(Schema):
    year: int
    projects: int = Field(0, ge=0, le=100_000)
    patents: int = Field(0, ge=0, le=100_000)
    methods: int = Field(0, ge=0, le=100_000)
    benefit: Decimal = Field(Decimal(0), ge=0, le=1_000_000, description="经济效益（万元）")
    trained: int = Field(0, ge=0, le=100_000)
    funds_received: Decimal = Field(Decimal(0), ge=0, le=1_000_000, description="万元")
    funds_matched: Decimal = Field(Decimal(0), ge=0, le=1_000_000, description="万元")
    note: Text = ""


class ReportOut(Schema):
    id: int
    studio_id: int
    year: int
    next_report_year: int


def _out(studio: Studio) -> dict:
    return {
        "id": studio.pk,
        "name": studio.name,
        "kind": studio.kind,
        "level": studio.level,
        "status": studio.status,
        "status_label": studio.get_status_display(),
        "lead_name": studio.lead.name,
        "org_id": studio.org_id,
        "org_name": studio.org.name,
        "batch_id": studio.batch_id,
        "named_on": studio.named_on,
        "plaque": studio.plaque,
        "alliance": studio.alliance,
    }


@router.get("", response=StudioPage, summary="创新工作室列表")
@require(Perm.STUDIO_VIEW)
def studios_list(
    request,
    q: Line = "",
    status: code_of(StudioStatus, blank=True, check=True) = "",
    level: code_of(StudioLevel, blank=True, check=True) = "",
    page: int = Query(1, ge=1),
):
    studios = studio_list(user=request.user, q=q[:40], status=status, level=level)
    one_page = page_of(studios, page=page, size=settings.MEMBERS_PAGE_SIZE)
    return {"items": [_out(s) for s in one_page], "count": one_page.paginator.count}


@router.post(
    "",
    response={201: StudioOut},
    summary="申报创新工作室",
    # The batch, the host unit or the lead may be missing or out of scope.
    openapi_extra={"responses": {404: {"description": ""}}},
)
@require(Perm.STUDIO_MANAGE)
def studios_create(request, payload: StudioIn):
    user = request.user
    studio = services.studio_create(
        actor=user,
        batch=access_batch_by_id(user, payload.batch_id),
        org=access_org_by_id(user, payload.org_id),
        lead=access_member_by_id(user, payload.lead_id),
        name=payload.name,
        kind=payload.kind,
        alliance=payload.alliance,
        intro=payload.intro,
    )
    if payload.submit:
        studio = services.studio_submit(actor=user, studio=studio)
    return Status(201, _out(access_studio_by_id(user, studio.pk)))


@router.post("/{studio_id}/reports", response={201: ReportOut}, summary="报送创新工作室年度成果")
@require(Perm.STUDIO_MANAGE)
def studios_report(request, studio_id: int, payload: ReportIn):
    studio = access_studio_by_id(request.user, studio_id)
    report = services.studio_report_file(actor=request.user, studio=studio, **payload.dict())
    studio.refresh_from_db(fields=["next_report_year"])
    return Status(
        201,
        {
            "id": report.pk,
            "studio_id": studio.pk,
            "year": report.year,
            "next_report_year": studio.next_report_year,
        },
    )
