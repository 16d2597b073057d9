"""API of 劳模服务管理: `GET /api/v1/honors/honorees?q=` (ID numbers and phones masked)."""

from datetime import date
from typing import Annotated

from django.conf import settings
from ninja import Field, Query, Router, Schema

from gonghui.accounts.api import require
from gonghui.accounts.permissions import Perm
from gonghui.core.cleaning import Line, code_of
from gonghui.core.paging import page_of
from gonghui.honors.care.selectors import access_honor_by_id, honoree_list
from gonghui.honors.models import Honor, Honoree, HonorLevel
from gonghui.honors.rounds.services import honor_revoke

router = Router(tags=["劳模服务"])


class HonorOut(Schema):
    id: int
    honor_type: str
    level: str
    year: int
    certificate_no: str
    source: str
    revoked: bool


class HonoreeOut(Schema):
    id: int
    name: str
    subject: str
    org_id: int
    org_name: str
    employer: str
    id_number: str
    phone: str
    alive: bool
    died_on: date | None
    hardship: bool
    member_id: int | None
    honors: list[HonorOut]


class HonoreePage(Schema):
    items: list[HonoreeOut]
    count: int


def _out(h: Honoree) -> dict:
    return {
        "id": h.pk,
        "name": h.name,
        "subject": h.subject,
        "org_id": h.org_id,
        "org_name": h.org.name,
        "employer": h.employer,
        "id_number": h.id_number_masked,
        "phone": h.phone_masked,
        "alive": h.alive,
        "died_on": h.died_on,
        "hardship": h.hardship,
        "member_id": h.member_id,
        "honors": [_honor_out(honor) for honor in h.honors.all()],
    }


def _honor_out(honor: Honor) -> dict:
    return {
        "id": honor.pk,
        "honor_type": honor.honor_type.title,
        "level": honor.honor_type.level,
        "year": honor.year,
        "certificate_no": honor.certificate_no,
        "source": honor.source,
        "revoked": honor.revoked,
    }


@router.get("/honorees", response=HonoreePage, summary="劳模（荣誉对象）名册")
@require(Perm.HONOREE_VIEW)
def honorees_list(
    request,
    q: Annotated[Line, Query("", max_length=60)] = "",
    level: code_of(HonorLevel, blank=True, check=True) = "",
    year: int | None = Query(None, ge=1950, le=2100),
    alive: bool | None = None,
    page: int = Query(1, ge=1),
):
    """Honorees of the caller's subtree by the honoree's union. `q`: part of a name, employer
    or union; `level`, `year`: holding an honor (not revoked) of that level / year. ID
    numbers and phones are masked."""
    honorees = honoree_list(
        user=request.user, q=q, level=level, year=year, alive=alive
    ).prefetch_related("honors__honor_type")
    one_page = page_of(honorees, page=page, size=settings.MEMBERS_PAGE_SIZE)
    return {"items": [_out(h) for h in one_page], "count": one_page.paginator.count}


class HonorRevokeIn(Schema):
    decision_no: Line = Field(..., max_length=60)
    reason: Line = Field(..., max_length=200)


@router.post("/honors/{honor_id}/revoke", response=HonorOut, summary="撤销荣誉")
@require(Perm.HONOR_MANAGE)
def honors_revoke(request, honor_id: int, payload: HonorRevokeIn):
    """Revoke an honor by the conferring union's decision (`decision_no` like
    甘总工发〔2026〕30号). Only the conferrer's subtree may; revoking twice is refused."""
    honor = access_honor_by_id(request.user, honor_id)
    return _honor_out(honor_revoke(actor=request.user, honor=honor, **payload.model_dump()))
