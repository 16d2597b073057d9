"""The actions of the case page (接单, 退单, 转派, 记录, 办结, 回访, 督办, 上传附件): each a form
posted to one service."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.core.forms import add_application_error
from gonghui.hotline import services
from gonghui.hotline.selectors import access_case_by_number
from gonghui.hotline.services.messages import STALE
from gonghui.hotline.views.case_page import FORMS, _allowed, _render_detail

DONE = {
    "accept": "已接单，请按时办理。",
    "return": "已退单，工单退回12351热线中心。",
    "transfer": "已转派给「{to}」。",
    "note": "已记录。",
    "close": "工单已办结。",
    "callback": "已记录回访。",
    "supervise": "已督办。",
    "attach": "已上传 {n} 个附件。",
}


def _act(request, number, name):
    """Run one action from the case page. A form error keeps the input and shows it beside
    the field; a stale version reloads the case as it is now, with the input kept."""
    case = access_case_by_number(request.user, number)
    form_class = FORMS[name]
    kwargs = {"prefix": name}
    if name == "transfer":
        kwargs.update(holder=case.holder, user=request.user)
    form = form_class(request.POST, request.FILES, **kwargs)
    if not form.is_valid():
        return _render_detail(request, case, bound=form, status=400)
    data = dict(form.cleaned_data)
    try:
        if name == "attach":
            with transaction.atomic():
                for f in data["attachments"]:
                    services.case_attach(actor=request.user, case=case, uploaded_file=f)
        else:
            service = getattr(services, f"case_{name}")
            service(actor=request.user, case=case, **data)
    except Conflict:
        case = access_case_by_number(request.user, number)
        messages.error(request, STALE)
        refreshed = None
        if _allowed(request.user, case).get(name):
            values = request.POST.copy()
            values[f"{name}-expected_version"] = str(case.version)
            kwargs = {"prefix": name}
            if name == "transfer":
                kwargs.update(holder=case.holder, user=request.user)
            refreshed = form_class(values, **kwargs)
        return _render_detail(request, case, bound=refreshed, status=409)
    except ApplicationError as exc:
        # Shown on the form the user sent, with the case as it is now.
        add_application_error(form, exc)
        case = access_case_by_number(request.user, number)
        return _render_detail(
            request, case, bound=form, status=403 if isinstance(exc, Forbidden) else 400
        )
    to = data.get("to_org")
    n = len(data.get("attachments") or [])
    messages.success(request, DONE[name].format(to=getattr(to, "name", ""), n=n))
    return redirect("hotline:detail", number=case.number)


def _action_view(name, perm):
    @permission_required(perm)
    @require_POST
    def view(request, number):
        return _act(request, number, name)

    view.__name__ = f"case_{name}_view"
    return view


# Each view checks the broad permission; the service checks the org and the state.
accept = _action_view("accept", Perm.HOTLINE_HANDLE)
return_ = _action_view("return", Perm.HOTLINE_HANDLE)
transfer = _action_view("transfer", Perm.HOTLINE_HANDLE)
close = _action_view("close", Perm.HOTLINE_HANDLE)
note = _action_view("note", Perm.HOTLINE_VIEW)
callback = _action_view("callback", Perm.HOTLINE_AGENT)
supervise = _action_view("supervise", Perm.HOTLINE_SUPERVISE)
attach = _action_view("attach", Perm.HOTLINE_VIEW)
