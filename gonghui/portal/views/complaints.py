"""12351 online in the worker portal: file a complaint, follow one's own cases and rate them once
closed, and the public look-up by case number and phone.

The cases are the hotline's: these pages only call hotline services and selectors. A worker's
cases are those given with his phone, which he proved his by SMS.
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import public
from gonghui.core import crypto
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import NOT_SUBMITTED, WorkbenchForm, add_application_error, submit
from gonghui.core.masking import mask_phone
from gonghui.hotline import services
from gonghui.hotline.callers import lookup_case, online_attempt, request_ip
from gonghui.hotline.codes import CaseStatus, Category, Kind, Rating
from gonghui.hotline.forms import MultipleFileField, county_unions
from gonghui.hotline.selectors import (
    access_case_of_caller,
    call_centre_of,
    case_public_timeline,
    cases_of_caller,
)
from gonghui.hotline.services import TooManyRequests
from gonghui.orgs.models import Org
from gonghui.portal.auth import current_worker, worker_required

PAGE_SIZE = 10
RECEIVED = "您的诉求已受理，工单编号 {number}，办理时限 {deadline:%Y-%m-%d %H:%M}。"
RATED = "感谢您的评价。"
REOPENED = "已为您重新办理，新的办理时限 {deadline:%Y-%m-%d %H:%M}。"
COUNTY_UNKNOWN = "所选县区不存在，请重新选择。"

# Badge colour of each status on the worker's pages.
BADGES = {
    CaseStatus.RECEIVED: "m-badge-warn",
    CaseStatus.DISPATCHED: "m-badge-warn",
    CaseStatus.ACCEPTED: "m-badge-warn",
    CaseStatus.RETURNED: "m-badge-warn",
    CaseStatus.CLOSED: "m-badge-ok",
    CaseStatus.EVALUATED: "",
}


def _choice_error(label: str) -> dict:
    message = services.CHOICE_REQUIRED.format(label=label)
    return {"required": message, "invalid_choice": message}


def county_choices() -> list:
    """The county unions of the call centre, grouped under their city for a <select>."""
    counties = list(county_unions(call_centre_of(None)))
    parents = {c.path[: -Org.steplen] for c in counties}
    cities = dict(Org.objects.filter(path__in=parents).values_list("path", "name"))
    groups: dict[str, list] = {}
    for county in counties:
        city = cities.get(county.path[: -Org.steplen], "")
        groups.setdefault(city, []).append((str(county.pk), county.name))
    return [("", "不清楚"), *groups.items()]


class ComplaintForm(WorkbenchForm):
    """网上投诉. The phone is the worker's own (verified by SMS); the name is his certified name
    once he has one. Rules are checked by the hotline service."""

    caller_name = forms.CharField(label="您的姓名", max_length=40)
    kind = forms.ChoiceField(
        label="诉求类别",
        choices=Kind.choices,
        initial=Kind.DEMAND,
        error_messages=_choice_error("诉求类别"),
    )
    category = forms.ChoiceField(
        label="问题分类",
        choices=[("", "请选择"), *Category.choices],
        error_messages=_choice_error("问题分类"),
    )
    description = forms.CharField(
        label="诉求内容",
        widget=forms.Textarea(
            attrs={"rows": 6, "maxlength": 5000, "placeholder": "请写明时间、地点、经过和您的诉求"}
        ),
    )
    employer = forms.CharField(label="工作单位", max_length=120, required=False)
    county = forms.ChoiceField(
        label="单位所在县区", required=False, error_messages={"invalid_choice": COUNTY_UNKNOWN}
    )
    attachments = MultipleFileField(
        label="附件（选填）",
        help_text="可多选，最多 10 个；图片、PDF、Word、Excel 或录音，每个不超过 10 MB。",
    )

    def __init__(self, *args, certified: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if certified:
            del self.fields["caller_name"]
        self.fields["county"].choices = county_choices()

    def clean_county(self) -> Org | None:
        pk = self.cleaned_data["county"]
        return Org.objects.get(pk=pk) if pk else None


class RatingForm(WorkbenchForm):
    rating = forms.ChoiceField(
        label="您对办理结果是否满意",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_error("评价"),
    )
    comment = forms.CharField(
        label="评价意见（选填）",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reopen = forms.BooleanField(label="不满意，请求重新办理", required=False)


class LookupForm(WorkbenchForm):
    number = forms.CharField(
        label="工单编号",
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "12351-20260101-0001", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
        help_text="投诉时填写的联系电话",
    )


def _phone(worker) -> str:
    return crypto.decrypt(worker.phone_enc)


@worker_required
@require_http_methods(["GET", "POST"])
def complaint_new(request):
    """网上投诉: the case and its files are written together, or nothing is."""
    worker = current_worker(request)
    posted = request.method == "POST"
    form = ComplaintForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        certified=worker.is_certified,
    )
    status = 200
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            with online_attempt(request_ip(request), _phone(worker)):
                case = services.case_intake_online(
                    caller_name=worker.name if worker.is_certified else data["caller_name"],
                    caller_phone=_phone(worker),
                    id_number=crypto.decrypt(worker.id_number_enc) if worker.is_certified else "",
                    kind=data["kind"],
                    category=data["category"],
                    description=data["description"],
                    employer=data["employer"],
                    county=data["county"],
                    attachments=data["attachments"],
                )
        except ApplicationError as exc:
            add_application_error(form, exc)
            status = exc.status if isinstance(exc, TooManyRequests) else 200
        else:
            deadline = timezone.localtime(case.deadline)
            messages.success(request, RECEIVED.format(number=case.number, deadline=deadline))
            return redirect("portal:case_detail", number=case.number)
    context = {
        "form": form,
        "worker": worker,
        "phone_masked": mask_phone(_phone(worker)),
        "tab": "12351",
    }
    return render(request, "portal/complaint_new.html", context, status=status)


@worker_required
def my_cases(request):
    """我的工单: every case given with the worker's phone, newest first."""
    worker = current_worker(request)
    page_obj = Paginator(cases_of_caller(phone=_phone(worker)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for case in page_obj.object_list:
        case.badge = BADGES.get(case.status, "")
    return render(request, "portal/case_list.html", {"page_obj": page_obj, "tab": "12351"})


@worker_required
@require_http_methods(["GET", "POST"])
def case_detail(request, number):
    """One of the worker's cases: its steps, the outcome once closed, and his rating."""
    worker = current_worker(request)
    case = access_case_of_caller(number=number, phone=_phone(worker))
    form = RatingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        rated, _ = submit(form, services.case_rate_by_caller, case=case)
        if rated is not NOT_SUBMITTED:
            if rated.status == CaseStatus.ACCEPTED:
                deadline = timezone.localtime(rated.deadline)
                messages.success(request, REOPENED.format(deadline=deadline))
            else:
                messages.success(request, RATED)
            return redirect("portal:case_detail", number=rated.number)
    context = {
        "case": case,
        "badge": BADGES.get(case.status, ""),
        "timeline": case_public_timeline(case),
        # The caller's own files; staff files may be internal.
        "attachments": case.attachments.filter(uploaded_by=None).only("original_name", "size"),
        "closed": case.status in (CaseStatus.CLOSED, CaseStatus.EVALUATED),
        "form": form,
        "can_rate": case.status == CaseStatus.CLOSED,
        "tab": "12351",
    }
    return render(request, "portal/case_detail.html", context)


@public
@require_http_methods(["GET", "POST"])
def case_lookup(request):
    """工单查询, no login: case number and phone → status and the public steps. The same limits
    and the same "not found" as the public API."""
    form = LookupForm(request.POST if request.method == "POST" else None)
    case = timeline = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            case = lookup_case(ip=request_ip(request), **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            timeline = case_public_timeline(case)
    context = {
        "form": form,
        "case": case,
        "badge": BADGES.get(case.status, "") if case else "",
        "timeline": timeline,
        "tab": "12351",
    }
    return render(request, "portal/lookup.html", context, status=status)


urlpatterns = [
    path("12351/", complaint_new, name="complaint_new"),
    path("12351/mine/", my_cases, name="my_cases"),
    path("12351/mine/<str:number>/", case_detail, name="case_detail"),
    path("12351/lookup/", case_lookup, name="case_lookup"),
]
