"""/api/v1/honors/ for the optional steps: a nomination's materials (list, upload, delete),
sending a draft up, the base's staff vote, 征求意见 (opinions, override) and the 评审委员会."""

from django.http import FileResponse
from ninja import File, Form, Status, UploadedFile

from gonghui.accounts.api import require
from gonghui.accounts.permissions import Perm
from gonghui.honors.models import CommitteeReview, NominationAttachment, Opinion
from gonghui.honors.rounds import services
from gonghui.honors.rounds.api import _nomination_out, _round_out, router
from gonghui.honors.rounds.api.schemas import (
    HonorActionIn,
    HonorAttachmentOut,
    HonorCommitteeIn,
    HonorCommitteeOut,
    HonorNominationOut,
    HonorOpinionIn,
    HonorOpinionOut,
    HonorRoundOut,
    HonorVoteIn,
)
from gonghui.honors.rounds.selectors import (
    access_attachment,
    access_nomination_by_id,
    access_opinion_by_id,
    access_round_by_id,
)

# The multipart parts of an upload (module-level: ruff B008).
_FILE = File(None)
_MATERIAL = Form("", max_length=100)


def _attachment_out(a: NominationAttachment) -> dict:
    return {
        "id": a.pk,
        "material": a.material,
        "name": a.original_name,
        "content_type": a.content_type,
        "size": a.size,
        "uploaded_at": a.uploaded_at,
        "url": f"/api/v1/honors/nominations/{a.nomination_id}/attachments/{a.pk}",
    }


def _opinion_out(o: Opinion) -> dict:
    return {
        "id": o.pk,
        "nomination_id": o.nomination_id,
        "department": o.department,
        "agree": o.agree,
        "remark": o.remark,
        "overridden": o.overridden,
        "override_reason": o.override_reason,
    }


def _review_out(r: CommitteeReview) -> dict:
    return {
        "nomination_id": r.nomination_id,
        "passed": r.passed,
        "score": r.score,
        "votes_for": r.votes_for,
        "votes_against": r.votes_against,
        "votes_abstain": r.votes_abstain,
        "remark": r.remark,
    }


@router.get(
    "/nominations/{nomination_id}/attachments",
    response=list[HonorAttachmentOut],
    summary="推荐材料列表",
)
@require(Perm.HONOR_VIEW)
def attachments_list(request, nomination_id: int):
    n = access_nomination_by_id(request.user, nomination_id)
    return [_attachment_out(a) for a in n.attachments.all()]


@router.post(
    "/nominations/{nomination_id}/attachments",
    response={201: HonorAttachmentOut},
    summary="上传推荐材料（表单上传：文件、材料项）",
)
@require(Perm.HONOR_NOMINATE)
def attachments_upload(
    request, nomination_id: int, file: UploadedFile | None = _FILE, material: str = _MATERIAL
):
    n = access_nomination_by_id(request.user, nomination_id)
    a = services.attachment_add(
        actor=request.user, nomination=n, uploaded_file=file, material=material
    )
    return Status(201, _attachment_out(a))


@router.get("/nominations/{nomination_id}/attachments/{honor_file_id}", summary="下载推荐材料")
@require(Perm.HONOR_VIEW)
def attachments_download(request, nomination_id: int, honor_file_id: int):
    n = access_nomination_by_id(request.user, nomination_id)
    a = access_attachment(request.user, n, honor_file_id)
    return FileResponse(
        a.file.open("rb"), as_attachment=True, filename=a.original_name, content_type=a.content_type
    )


@router.delete(
    "/nominations/{nomination_id}/attachments/{honor_file_id}",
    response={204: None},
    summary="删除推荐材料",
)
@require(Perm.HONOR_NOMINATE)
def attachments_delete(request, nomination_id: int, honor_file_id: int):
    n = access_nomination_by_id(request.user, nomination_id)
    a = access_attachment(request.user, n, honor_file_id)
    services.attachment_delete(actor=request.user, attachment=a)
    return Status(204, None)


@router.post(
    "/nominations/{nomination_id}/submit", response=HonorNominationOut, summary="上报推荐草稿"
)
@require(Perm.HONOR_NOMINATE)
def nominations_submit(request, nomination_id: int):
    n = access_nomination_by_id(request.user, nomination_id)
    return _nomination_out(services.nomination_submit(actor=request.user, nomination=n))


@router.post(
    "/nominations/{nomination_id}/vote", response=HonorNominationOut, summary="录入职工投票结果"
)
@require(Perm.HONOR_NOMINATE)
def nominations_vote(request, nomination_id: int, payload: HonorVoteIn):
    n = access_nomination_by_id(request.user, nomination_id)
    return _nomination_out(
        services.nomination_vote(actor=request.user, nomination=n, **payload.model_dump())
    )


@router.post("/rounds/{round_id}/consult", response=HonorRoundOut, summary="开始征求意见")
@require(Perm.HONOR_MANAGE)
def rounds_consult(request, round_id: int):
    rnd = access_round_by_id(request.user, round_id)
    return _round_out(services.consult_start(actor=request.user, round=rnd))


@router.post("/rounds/{round_id}/committee", response=HonorRoundOut, summary="提交评审委员会评审")
@require(Perm.HONOR_MANAGE)
def rounds_committee(request, round_id: int):
    rnd = access_round_by_id(request.user, round_id)
    return _round_out(services.committee_start(actor=request.user, round=rnd))


@router.get(
    "/nominations/{nomination_id}/opinions",
    response=list[HonorOpinionOut],
    summary="征求意见（部门意见）列表",
)
@require(Perm.HONOR_VIEW)
def opinions_list(request, nomination_id: int):
    n = access_nomination_by_id(request.user, nomination_id)
    return [_opinion_out(o) for o in n.opinions.all()]


@router.post(
    "/nominations/{nomination_id}/opinions",
    response={201: HonorOpinionOut},
    summary="记录部门意见",
)
@require(Perm.HONOR_MANAGE)
def opinions_create(request, nomination_id: int, payload: HonorOpinionIn):
    n = access_nomination_by_id(request.user, nomination_id)
    o = services.opinion_record(actor=request.user, nomination=n, **payload.model_dump())
    return Status(201, _opinion_out(o))


@router.post(
    "/opinions/{honor_opinion_id}/override",
    response=HonorOpinionOut,
    summary="不予采纳部门不同意意见",
)
@require(Perm.HONOR_MANAGE)
def opinions_override(request, honor_opinion_id: int, payload: HonorActionIn):
    o = access_opinion_by_id(request.user, honor_opinion_id)
    return _opinion_out(
        services.opinion_override(actor=request.user, opinion=o, reason=payload.reason)
    )


@router.post(
    "/nominations/{nomination_id}/committee",
    response={201: HonorCommitteeOut},
    summary="记录评审委员会评审结果",
)
@require(Perm.HONOR_MANAGE)
def committee_create(request, nomination_id: int, payload: HonorCommitteeIn):
    n = access_nomination_by_id(request.user, nomination_id)
    r = services.committee_record(actor=request.user, nomination=n, **payload.model_dump())
    return Status(201, _review_out(r))
