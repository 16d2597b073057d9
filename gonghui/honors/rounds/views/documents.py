"""Downloads: a certificate, a 推荐审批表, the round's list as XLSX."""

from django.http import FileResponse

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.errors import NotFound
from gonghui.honors.models import NominationStatus
from gonghui.honors.rounds.documents import certificate_docx, recommendation_docx, round_list_xlsx
from gonghui.honors.rounds.selectors import (
    access_nomination_by_id,
    access_round_by_id,
    nomination_list,
)

NO_CERTIFICATE = "该推荐尚未获表彰，没有证书。"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@permission_required(Perm.HONOR_VIEW)
def certificate(request, nomination_id):
    n = access_nomination_by_id(request.user, nomination_id)
    if n.status != NominationStatus.AWARDED:
        raise NotFound(NO_CERTIFICATE)
    return FileResponse(
        certificate_docx(n),
        as_attachment=True,
        filename=f"荣誉证书-{n.name}-{n.certificate_no}.docx",
        content_type=DOCX,
    )


@permission_required(Perm.HONOR_VIEW)
def recommendation(request, nomination_id):
    n = access_nomination_by_id(request.user, nomination_id)
    return FileResponse(
        recommendation_docx(n),
        as_attachment=True,
        filename=f"推荐审批表-{n.name}.docx",
        content_type=DOCX,
    )


@permission_required(Perm.HONOR_VIEW)
def round_export(request, round_id):
    rnd = access_round_by_id(request.user, round_id)
    items = nomination_list(user=request.user, round=rnd).filter(
        status__in=[NominationStatus.APPROVED, NominationStatus.AWARDED]
    )
    return FileResponse(
        round_list_xlsx(rnd, items),
        as_attachment=True,
        filename=f"{rnd.title}-名单.xlsx",
        content_type=XLSX,
    )
