"""The optional steps' pages and actions: a nomination's materials (upload, download, delete),
sending a draft up, the base's staff vote, and the round's 征求意见 and 评审委员会 stages."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.forms import NOT_SUBMITTED, attempt, form_action, submit_with
from gonghui.honors.rounds.forms import (
    AttachmentForm,
    CommitteeForm,
    OpinionForm,
    ReasonForm,
    VoteForm,
)
from gonghui.honors.rounds.selectors import (
    access_attachment,
    access_nomination_by_id,
    access_opinion_by_id,
    access_round_by_id,
)
from gonghui.honors.rounds.services import (
    attachment_add,
    attachment_delete,
    committee_record,
    committee_start,
    consult_start,
    nomination_submit,
    nomination_vote,
    opinion_override,
    opinion_record,
)
from gonghui.honors.rounds.views.nominations import nomination_page

UPLOADED = "已上传「{name}」。"
DELETED = "已删除「{name}」。"
SUBMITTED = "已上报{name}的推荐，报送「{holder}」审核。"
VOTE_SAVED = "职工投票结果已录入。"
OPINION_SAVED = "部门意见已记录。"
OVERRIDDEN = "已对{department}的不同意意见作出不予采纳的说明。"
REVIEW_SAVED = "评审委员会评审结果已记录。"
CONSULT_STARTED = "已开始征求意见。"
COMMITTEE_STARTED = "已提交评审委员会评审。"


def _back(n):
    return redirect("honors:nomination", nomination_id=n.pk)


@permission_required(Perm.HONOR_NOMINATE)
@require_POST
def attachment_upload(request, nomination_id):
    n = access_nomination_by_id(request.user, nomination_id)
    form = AttachmentForm(request.POST, request.FILES, honor_type=n.honor_type)
    return form_action(
        request,
        form,
        lambda _: attachment_add(actor=request.user, nomination=n, **form.service_kwargs()),
        invalid=lambda status: nomination_page(request, n, status=status, attachment_form=form),
        done=lambda result: UPLOADED.format(name=result.original_name),
        then=lambda _: _back(n),
    )


@permission_required(Perm.HONOR_VIEW)
def attachment_download(request, nomination_id, honor_file_id):
    n = access_nomination_by_id(request.user, nomination_id)
    a = access_attachment(request.user, n, honor_file_id)
    return FileResponse(
        a.file.open("rb"),
        as_attachment=True,
        filename=a.original_name,
        content_type=a.content_type,
    )


@permission_required(Perm.HONOR_NOMINATE)
@require_POST
def attachment_remove(request, nomination_id, honor_file_id):
    n = access_nomination_by_id(request.user, nomination_id)
    a = access_attachment(request.user, n, honor_file_id)
    done = attempt(request, lambda: attachment_delete(actor=request.user, attachment=a))
    if done is not NOT_SUBMITTED:
        messages.success(request, DELETED.format(name=a.original_name))
    return _back(n)


@permission_required(Perm.HONOR_NOMINATE)
@require_POST
def submit(request, nomination_id):
    n = access_nomination_by_id(request.user, nomination_id)
    done = attempt(request, lambda: nomination_submit(actor=request.user, nomination=n))
    if done is not NOT_SUBMITTED:
        messages.success(request, SUBMITTED.format(name=done.name, holder=done.holder.name))
    return _back(n)


@permission_required(Perm.HONOR_NOMINATE)
@require_POST
def vote(request, nomination_id):
    n = access_nomination_by_id(request.user, nomination_id)
    form = VoteForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: nomination_vote(actor=request.user, nomination=n, **data),
        invalid=lambda status: nomination_page(request, n, status=status, vote_form=form),
        done=VOTE_SAVED,
        then=lambda _: _back(n),
    )


@permission_required(Perm.HONOR_MANAGE)
@require_POST
def opinion(request, nomination_id):
    n = access_nomination_by_id(request.user, nomination_id)
    form = OpinionForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: opinion_record(actor=request.user, nomination=n, **data),
        invalid=lambda status: nomination_page(request, n, status=status, opinion_form=form),
        done=OPINION_SAVED,
        then=lambda _: _back(n),
    )


@permission_required(Perm.HONOR_MANAGE)
@require_POST
def override(request, honor_opinion_id):
    o = access_opinion_by_id(request.user, honor_opinion_id)
    form = ReasonForm(request.POST)
    done, status = submit_with(
        form, lambda data: opinion_override(actor=request.user, opinion=o, **data)
    )
    if done is NOT_SUBMITTED:
        for error in form.errors.values():
            messages.error(request, error[0])
    else:
        messages.success(request, OVERRIDDEN.format(department=o.department))
    return redirect("honors:nomination", nomination_id=o.nomination_id)


@permission_required(Perm.HONOR_MANAGE)
@require_POST
def committee(request, nomination_id):
    n = access_nomination_by_id(request.user, nomination_id)
    form = CommitteeForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: committee_record(actor=request.user, nomination=n, **data),
        invalid=lambda status: nomination_page(request, n, status=status, committee_form=form),
        done=REVIEW_SAVED,
        then=lambda _: _back(n),
    )


def _stage(request, round_id, service, message):
    rnd = access_round_by_id(request.user, round_id)
    done = attempt(request, lambda: service(actor=request.user, round=rnd))
    if done is not NOT_SUBMITTED:
        messages.success(request, message)
    return redirect("honors:round", round_id=rnd.pk)


@permission_required(Perm.HONOR_MANAGE)
@require_POST
def round_consult(request, round_id):
    return _stage(request, round_id, consult_start, CONSULT_STARTED)


@permission_required(Perm.HONOR_MANAGE)
@require_POST
def round_committee(request, round_id):
    return _stage(request, round_id, committee_start, COMMITTEE_STARTED)
