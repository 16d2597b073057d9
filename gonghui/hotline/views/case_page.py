"""The case page with the actions the current state allows, the caller's data in full on
request, and the attachments."""

from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.hotline import services
from gonghui.hotline.caller_phone import case_caller_phone_reveal, may_reveal_caller_phone
from gonghui.hotline.codes import AT_CENTRE, OPEN_STATUSES, CaseStatus
from gonghui.hotline.forms import (
    AcceptForm,
    AttachForm,
    CallbackForm,
    CloseForm,
    NoteForm,
    ReturnForm,
    SuperviseForm,
    TransferForm,
)
from gonghui.hotline.selectors import (
    access_attachment,
    access_case_by_number,
    case_timeline,
    is_agent_for,
)
from gonghui.orgs.selectors import org_in_scope, org_scope_path


def _allowed(user, case) -> dict[str, bool]:
    """Which action forms the case page offers this user in the case's current state."""
    agent = is_agent_for(user, case.holder)
    holder = org_in_scope(user, case.holder)
    handle = holder and user.has_perm(Perm.HOTLINE_HANDLE)
    status = case.status
    return {
        "dispatch": agent and status in AT_CENTRE,
        "accept": handle and status == CaseStatus.DISPATCHED,
        "return": handle and status == CaseStatus.DISPATCHED,
        "transfer": handle and status in (CaseStatus.DISPATCHED, CaseStatus.ACCEPTED),
        "note": (agent or handle) and status in (*OPEN_STATUSES, CaseStatus.CLOSED),
        "close": handle and status == CaseStatus.ACCEPTED,
        "callback": agent and status == CaseStatus.CLOSED,
        "supervise": (
            holder
            and user.has_perm(Perm.HOTLINE_SUPERVISE)
            and status in (CaseStatus.DISPATCHED, CaseStatus.ACCEPTED)
            and org_scope_path(user) != case.holder.path
        ),
        "attach": (agent or handle) and status in (*OPEN_STATUSES, CaseStatus.CLOSED),
        "caller_phone": may_reveal_caller_phone(user, case),
    }


FORMS = {
    "accept": AcceptForm,
    "return": ReturnForm,
    "transfer": TransferForm,
    "note": NoteForm,
    "close": CloseForm,
    "callback": CallbackForm,
    "supervise": SuperviseForm,
    "attach": AttachForm,
}


def _blank_forms(user, case, allowed):
    forms = {}
    for name, form_class in FORMS.items():
        if not allowed.get(name):
            continue
        kwargs = {"prefix": name}
        if name == "transfer":
            kwargs.update(holder=case.holder, user=user)
        if "expected_version" in form_class.base_fields:
            kwargs["initial"] = {"expected_version": case.version}
        forms[name] = form_class(**kwargs)
    return forms


def _render_detail(request, case, *, bound=None, pii=None, phone="", status=200):
    allowed = _allowed(request.user, case)
    forms = _blank_forms(request.user, case, allowed)
    if bound is not None:
        forms[bound.prefix] = bound
    case.overdue = case.is_overdue()
    return render(
        request,
        "hotline/detail.html",
        {
            "case": case,
            "timeline": case_timeline(case),
            "attachments": case.attachments.select_related("uploaded_by"),
            "allowed": allowed,
            "forms": forms,
            "pii": pii,
            "phone": phone,
            "open_form": bound.prefix if bound is not None else "",
        },
        status=status,
    )


@permission_required(Perm.HOTLINE_VIEW)
def detail(request, number):
    case = access_case_by_number(request.user, number)
    return _render_detail(request, case)


@never_cache
@permission_required(Perm.MEMBER_PII)
@require_POST
def unmask(request, number):
    """Show the caller's name, phone and ID number in full once; the service audits it."""
    case = access_case_by_number(request.user, number)
    pii = services.case_unmask(actor=request.user, case=case)
    if request.htmx:
        return render(request, "hotline/_caller.html", {"case": case, "pii": pii})
    return _render_detail(request, case, pii=pii)


@never_cache
@permission_required(Perm.CALLER_PHONE)
@require_POST
def reveal_phone(request, number):
    """「查看来电号码」: the caller's phone in full, for the holding union or an agent (the
    service decides and audits); from the case page or the agent console."""
    case = access_case_by_number(request.user, number)
    phone = case_caller_phone_reveal(actor=request.user, case=case)
    if request.htmx:
        return render(request, "hotline/_caller_phone.html", {"case": case, "phone": phone})
    return _render_detail(request, case, phone=phone)


@permission_required(Perm.HOTLINE_VIEW)
def attachment_download(request, number, attachment_id):
    """A case's file, to those who may see the case (an out-of-scope try is audited)."""
    case = access_case_by_number(request.user, number)
    attachment = access_attachment(request.user, attachment_id, case=case)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
