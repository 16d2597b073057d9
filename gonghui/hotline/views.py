"""The 12351 workbench: the agent console (take calls, dispatch, call back), the handlers' queue,
the case page with the actions the current state allows, and the attachments."""

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.core.forms import add_application_error
from gonghui.hotline import services
from gonghui.hotline.caller_phone import case_caller_phone_reveal, may_reveal_caller_phone
from gonghui.hotline.codes import (
    AT_CENTRE,
    DISPATCH_TARGET_MINUTES,
    OPEN_STATUSES,
    CaseStatus,
    Category,
    Complexity,
)
from gonghui.hotline.forms import (
    AcceptForm,
    AttachForm,
    CallbackForm,
    CloseForm,
    DeadlineRuleForm,
    DispatchForm,
    IntakeForm,
    NoteForm,
    QueueFilterForm,
    ReturnForm,
    SuperviseForm,
    TransferForm,
    county_unions,
)
from gonghui.hotline.models import DeadlineRule
from gonghui.hotline.selectors import (
    access_attachment,
    access_case_by_number,
    call_centre_of,
    case_list,
    case_timeline,
    due_within_one_working_day,
    is_agent_for,
    overdue,
)
from gonghui.orgs.models import Org, OrgStatus
from gonghui.orgs.selectors import access_org_by_id, org_in_scope, org_scope_path

PAGE_SIZE = 20
STALE = "工单已被他人更新，请刷新后重试。"


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _mark_deadlines(cases, now=None):
    """Each case gets `overdue` (open and past its deadline) for the red rows."""
    now = now or timezone.now()
    for case in cases:
        case.overdue = case.is_overdue(now)
    return cases


# --- 坐席工作台 --------------------------------------------------------------------------------


def _console_context(request, form):
    centre = call_centre_of(request.user.org)
    now = timezone.now()
    queue = list(
        case_list(user=request.user)
        .filter(status__in=AT_CENTRE)
        .order_by("received_at", "id")[:100]
    )
    for case in queue:
        case.dispatch_target = case.received_at + timedelta(minutes=DISPATCH_TARGET_MINUTES)
        case.target_missed = case.dispatched_at is None and case.dispatch_target < now
        case.minutes_left = int((case.dispatch_target - now).total_seconds() // 60)
        case.minutes_late = -case.minutes_left
    callbacks = list(
        case_list(user=request.user, status=CaseStatus.CLOSED).order_by("closed_at", "id")[:100]
    )
    for case in (*queue, *callbacks):
        case.can_reveal_phone = may_reveal_caller_phone(request.user, case)
    return {
        "form": form,
        "centre": centre,
        "queue": _mark_deadlines(queue, now),
        "callbacks": callbacks,
        "target_minutes": DISPATCH_TARGET_MINUTES,
    }


@permission_required(Perm.HOTLINE_AGENT)
@require_http_methods(["GET", "POST"])
def console(request):
    """坐席工作台: the call-taking form, the dispatch queue and the callbacks due."""
    centre = call_centre_of(request.user.org)
    form = IntakeForm(request.POST or None, request.FILES or None, centre=centre)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        files = data.pop("attachments")
        try:
            with transaction.atomic():
                case = services.case_intake(actor=request.user, **data)
                for f in files:
                    services.case_attach(actor=request.user, case=case, uploaded_file=f)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"已登记工单 {case.number}，请尽快派单。")
            return redirect("hotline:detail", number=case.number)
    return render(request, "hotline/console.html", _console_context(request, form))


@permission_required(Perm.HOTLINE_AGENT)
@require_http_methods(["GET", "POST"])
def dispatch(request, number):
    """派单: county unions first (the workplace's county preselected), or find a union by name."""
    case = access_case_by_number(request.user, number)
    form = DispatchForm(
        request.POST or None,
        initial={
            "expected_version": case.version,
            "to_org": case.county_id,
            "complexity": case.complexity,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_dispatch(actor=request.user, case=case, **form.cleaned_data)
        except Conflict:
            messages.error(request, STALE)
            return redirect("hotline:detail", number=case.number)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            to_org = form.cleaned_data["to_org"]
            messages.success(request, f"工单 {case.number} 已派给「{to_org.name}」。")
            return redirect("hotline:console")
    centre = call_centre_of(case.holder)
    q = (request.POST if request.method == "POST" else request.GET).get("q", "").strip()
    results = []
    if q:
        results = list(
            Org.objects.filter(
                path__startswith=centre.path, status=OrgStatus.ACTIVE, name__icontains=q
            ).order_by("depth", "path")[:20]
        )
    chosen = form.cleaned_data.get("to_org") if form.is_bound and form.is_valid() else None
    context = {
        "case": case,
        "form": form,
        "q": q,
        "results": results,
        "counties": county_unions(centre),
        "chosen_id": chosen.pk if chosen else (form["to_org"].value() or case.county_id),
    }
    if request.htmx and request.method == "GET":
        return render(request, "hotline/_org_results.html", context)
    return render(request, "hotline/dispatch.html", context)


# --- 我的工单 ----------------------------------------------------------------------------------


QUEUE_TITLES = {"": "我的工单", "soon": "一个工作日内到期", "overdue": "已超期"}


@permission_required(Perm.HOTLINE_VIEW)
def queue(request):
    """The cases held by the user's union and those below it, with the two supervision
    queues: due within one working day, and overdue (red)."""
    form = QueueFilterForm(request.GET)
    form.is_valid()
    filters = form.cleaned_data
    due = filters.get("due", "")
    now = timezone.now()
    if due == "soon":
        cases = due_within_one_working_day(user=request.user, now=now)
    elif due == "overdue":
        cases = overdue(user=request.user, now=now)
    else:
        cases = case_list(user=request.user).order_by("deadline", "id")
        if not filters.get("status"):
            cases = cases.filter(status__in=OPEN_STATUSES)
    if filters.get("status"):
        cases = cases.filter(status=filters["status"])
    # An upper union looks at one union below it (and that union's own subtree).
    org = access_org_by_id(request.user, filters["org"]) if filters.get("org") else None
    if org is not None:
        cases = cases.filter(holder__path__startswith=org.path)
    page_obj = _page(request, cases)
    _mark_deadlines(page_obj.object_list, now)
    return render(
        request,
        "hotline/queue.html",
        {
            "form": form,
            "due": due,
            "title": QUEUE_TITLES.get(due, "我的工单"),
            "page_obj": page_obj,
            "now": now,
            "scope": org or request.user.org,
            "org": org,
        },
    )


# --- 工单详情与办理 ----------------------------------------------------------------------------


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


def _blank_forms(case, allowed):
    forms = {}
    for name, form_class in FORMS.items():
        if not allowed.get(name):
            continue
        kwargs = {"prefix": name}
        if name == "transfer":
            kwargs["holder"] = case.holder
        if "expected_version" in form_class.base_fields:
            kwargs["initial"] = {"expected_version": case.version}
        forms[name] = form_class(**kwargs)
    return forms


def _render_detail(request, case, *, bound=None, pii=None, phone="", status=200):
    allowed = _allowed(request.user, case)
    forms = _blank_forms(case, allowed)
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
        kwargs["holder"] = case.holder
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
                kwargs["holder"] = case.holder
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


# --- 办理时限规则 ------------------------------------------------------------------------------


def _rule_order(rule) -> tuple[int, int]:
    """By complexity (一般, 较难, 复杂), each default first, then the categories in list order."""
    categories = ["", *Category.values]
    return Complexity.values.index(rule.complexity), categories.index(rule.category)


@permission_required(Perm.HOTLINE_RULES)
def rules(request):
    """办理时限规则: the three defaults and the federation's per-category rules."""
    return render(
        request,
        "hotline/rules.html",
        {"rules": sorted(DeadlineRule.objects.all(), key=_rule_order)},
    )


@permission_required(Perm.HOTLINE_RULES)
@require_http_methods(["GET", "POST"])
def rule_set(request, pk=None):
    """Add a rule (saving one that exists for the same complexity and category changes it), or
    change the parameters of rule `pk`."""
    rule = get_object_or_404(DeadlineRule, pk=pk) if pk is not None else None
    form = DeadlineRuleForm(request.POST or None, rule=rule)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.deadline_rule_set(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(
                request, f"已保存「{saved}」：{saved.summary}。此后受理的工单按此计算。"
            )
            return redirect("hotline_rules:list")
    return render(request, "hotline/rule_form.html", {"form": form, "rule": rule})


@permission_required(Perm.HOTLINE_RULES)
@require_http_methods(["GET", "POST"])
def rule_delete(request, pk):
    """GET asks for confirmation; POST deletes. The defaults cannot be deleted."""
    rule = get_object_or_404(DeadlineRule, pk=pk)
    if request.method == "POST":
        try:
            services.deadline_rule_delete(actor=request.user, rule=rule)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已删除「{rule}」，该分类改按默认规则计算。")
        return redirect("hotline_rules:list")
    default = None
    if rule.category:
        default = DeadlineRule.objects.filter(complexity=rule.complexity, category="").first()
    return render(request, "hotline/rule_delete.html", {"rule": rule, "default": default})
