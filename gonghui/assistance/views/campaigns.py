"""Workbench pages of 四送 campaigns (list, create, detail with allocation and payment) and
金秋助学 (list, apply, detail with review and payment, admission proof)."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.assistance.forms.campaigns import (
    AllocationForm,
    CampaignFilterForm,
    CampaignForm,
    GrantApplyForm,
    GrantArchiveSearchForm,
    GrantFilterForm,
    GrantPayForm,
    GrantReviewForm,
    PaymentForm,
    PaymentImportForm,
    RecipientSearchForm,
    RevokeForm,
)
from gonghui.assistance.import_kinds import CAMPAIGN_PAYMENTS
from gonghui.assistance.selectors.campaigns import (
    access_campaign_by_id,
    access_grant_archive,
    access_grant_by_id,
    access_payment,
    allocation_list,
    campaign_list,
    campaign_totals,
    focus_org,
    grant_archive_search,
    grant_list,
    household_students,
    payment_list,
    recipient_by_key,
    recipient_search,
)
from gonghui.assistance.services.campaigns import (
    REVIEWING_TYPES,
    allocation_create,
    campaign_create,
    campaign_pay,
    campaign_payment_revoke,
    grant_apply,
    grant_pay,
    grant_proof_opened,
    grant_review,
    org_balance,
)
from gonghui.core.forms import form_action, submit, submit_with
from gonghui.imports.jobs import import_job_create
from gonghui.imports.models import ImportMode

CAMPAIGN_CREATE_DONE = "已创建活动「{campaign}」。"
CAMPAIGN_ALLOCATE_DONE = "已向「{org}」下拨 {amount} 元。"
CAMPAIGN_PAY_DONE = "已登记发放：{amount} 元。"
CAMPAIGN_PAYMENT_REVOKE_DONE = "已撤销该发放记录，金额已退回发放工会。"
GRANT_ARCHIVE_NOT_FOUND = "本工会及下级工会没有包含该身份证号的已建档困难职工家庭。"
GRANT_APPLY_DONE = "已提交{student}的金秋助学申请。"
GRANT_REVIEW_DONE = "审核完成：{status}。"
GRANT_PAY_DONE = "已发放助学金 {amount} 元。"

PAGE_SIZE = settings.MEMBERS_PAGE_SIZE


def _without(data: dict, key: str) -> dict:
    """A form's cleaned data less the field the view resolved itself."""
    return {name: value for name, value in data.items() if name != key}


@permission_required(Perm.ASSIST_VIEW)
def campaign_list_view(request):
    form = CampaignFilterForm(request.GET)
    form.is_valid()
    filters = form.cleaned_data
    campaigns = campaign_list(
        user=request.user, kind=filters.get("kind", ""), year=filters.get("year")
    )
    page = Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assistance/campaign_list.html", {"form": form, "page_obj": page})


@permission_required(Perm.CAMPAIGN_MANAGE)
@require_http_methods(["GET", "POST"])
def campaign_create_view(request):
    initial = {"org": request.user.org_id}
    form = CampaignForm(request.POST or None, user=request.user, initial=initial)
    status = 200
    if request.method == "POST":
        campaign, status = submit(form, campaign_create, actor=request.user)
        if status == 200:
            messages.success(request, CAMPAIGN_CREATE_DONE.format(campaign=campaign.name))
            return redirect("assistance:campaign_detail", campaign_id=campaign.pk)
    return render(request, "assistance/campaign_form.html", {"form": form}, status=status)


def _campaign_page(request, campaign, *, status=200, **forms):
    user = request.user
    org = focus_org(user, campaign)
    search = RecipientSearchForm(request.GET if "q" in request.GET else None)
    q = request.GET.get("q", "") or request.POST.get("q", "")
    recipients = recipient_search(user=user, q=q) if q else []
    payments = payment_list(user=user, campaign=campaign, q=request.GET.get("pq", ""))
    own = org_balance(campaign, user.org) if user.org is not None else None
    context = {
        "campaign": campaign,
        "focus": org,
        "totals": campaign_totals(campaign=campaign, org=org),
        "own": own,
        "allocations": allocation_list(user=user, campaign=campaign)[:50],
        "payments": Paginator(payments, PAGE_SIZE).get_page(request.GET.get("page")),
        "search": search,
        "q": q,
        "recipients": recipients,
        "allocation_form": forms.get("allocation_form")
        or AllocationForm(user=user, campaign=campaign),
        "import_form": forms.get("import_form")
        or PaymentImportForm(initial={"paid_on": min(timezone.localdate(), campaign.ends_on)}),
        "pay_form": forms.get("pay_form")
        or PaymentForm(
            recipients=recipients,
            initial={"paid_on": min(timezone.localdate(), campaign.ends_on)},
        ),
    }
    return render(request, "assistance/campaign_detail.html", context, status=status)


@permission_required(Perm.ASSIST_VIEW)
def campaign_detail(request, campaign_id):
    return _campaign_page(request, access_campaign_by_id(request.user, campaign_id))


@permission_required(Perm.CAMPAIGN_MANAGE)
@require_POST
def campaign_allocate(request, campaign_id):
    campaign = access_campaign_by_id(request.user, campaign_id)
    form = AllocationForm(request.POST, user=request.user, campaign=campaign)
    return form_action(
        request,
        form,
        lambda data: allocation_create(actor=request.user, campaign=campaign, **data),
        invalid=lambda status: _campaign_page(
            request, campaign, status=status, allocation_form=form
        ),
        done=lambda allocation: CAMPAIGN_ALLOCATE_DONE.format(
            org=allocation.org.name, amount=allocation.amount
        ),
        then=redirect("assistance:campaign_detail", campaign_id=campaign.pk),
    )


@permission_required(Perm.CAMPAIGN_MANAGE)
@require_POST
def campaign_pay_view(request, campaign_id):
    campaign = access_campaign_by_id(request.user, campaign_id)
    recipients = recipient_search(user=request.user, q=request.POST.get("q", ""))
    form = PaymentForm(request.POST, recipients=recipients)
    person = {}
    if form.is_valid():
        person = recipient_by_key(user=request.user, key=form.cleaned_data["recipient"])
    return form_action(
        request,
        form,
        lambda data: campaign_pay(
            actor=request.user, campaign=campaign, **person, **_without(data, "recipient")
        ),
        invalid=lambda status: _campaign_page(request, campaign, status=status, pay_form=form),
        done=lambda payment: CAMPAIGN_PAY_DONE.format(amount=payment.amount),
        then=redirect("assistance:campaign_detail", campaign_id=campaign.pk),
    )


@permission_required(Perm.CAMPAIGN_MANAGE)
@require_POST
def campaign_pay_import(request, campaign_id):
    """The list is paid by an import job (gonghui.imports): its page shows the bad rows."""
    campaign = access_campaign_by_id(request.user, campaign_id)
    form = PaymentImportForm(request.POST, request.FILES)
    job, status = submit_with(
        form,
        lambda data: import_job_create(
            actor=request.user,
            kind=CAMPAIGN_PAYMENTS,
            upload=data["file"],
            mode=ImportMode.ALL,
            options={
                "campaign": campaign.pk,
                "paid_on": data["paid_on"] and data["paid_on"].isoformat(),
            },
        ),
    )
    if status == 200:
        return redirect("imports:job", job_id=job.pk)
    return _campaign_page(request, campaign, status=status, import_form=form)


@permission_required(Perm.CAMPAIGN_MANAGE)
@require_http_methods(["GET", "POST"])
def campaign_payment_revoke_view(request, campaign_id, payment_id):
    campaign = access_campaign_by_id(request.user, campaign_id)
    payment = access_payment(request.user, campaign, payment_id)
    form = RevokeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        _, status = submit(form, campaign_payment_revoke, actor=request.user, payment=payment)
        if status == 200:
            messages.success(request, CAMPAIGN_PAYMENT_REVOKE_DONE)
            return redirect("assistance:campaign_detail", campaign_id=campaign.pk)
    return render(
        request,
        "assistance/campaign_revoke.html",
        {
            "campaign": campaign,
            "payment": payment,
            "person": payment.member or payment.archive.member,
            "form": form,
        },
        status=status,
    )


# --- 金秋助学 --------------------------------------------------------------------------------------


@permission_required(Perm.ASSIST_VIEW)
def grant_list_view(request):
    form = GrantFilterForm(request.GET)
    form.is_valid()
    filters = form.cleaned_data
    grants = grant_list(
        user=request.user, year=filters.get("year"), status=filters.get("status", "")
    )
    page = Paginator(grants, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assistance/grant_list.html", {"form": form, "page_obj": page})


@permission_required(Perm.CAMPAIGN_MANAGE)
@require_http_methods(["GET", "POST"])
def grant_apply_view(request):
    """Find the household by an ID number, then apply for one of its students."""
    user = request.user
    archive_id = request.POST.get("archive") or request.GET.get("archive")
    search = GrantArchiveSearchForm(request.GET if "q" in request.GET else None)
    archive = None
    if archive_id:
        archive = access_grant_archive(user, archive_id)
    elif search.is_bound and search.is_valid() and search.cleaned_data["q"]:
        archive = grant_archive_search(user=user, q=search.cleaned_data["q"])
        if archive is None:
            search.add_error("q", GRANT_ARCHIVE_NOT_FOUND)
    form = None
    status = 400 if request.method == "POST" else 200
    if archive is not None:
        students = household_students(archive)
        form = GrantApplyForm(
            request.POST or None,
            request.FILES or None,
            students=students,
            initial={"year": timezone.localdate().year},
        )
        if request.method == "POST":
            by_key = {str(s.pk): s for s in students}
            grant, status = submit_with(
                form,
                lambda data: grant_apply(
                    actor=user,
                    archive=archive,
                    student=by_key[data["student"]],
                    **_without(data, "student"),
                ),
            )
            if status == 200:
                messages.success(request, GRANT_APPLY_DONE.format(student=grant.student.name))
                return redirect("assistance:grant_detail", grant_id=grant.pk)
    return render(
        request,
        "assistance/grant_apply.html",
        {"search": search, "archive": archive, "form": form},
        status=status,
    )


def _grant_page(request, grant, *, status=200, **forms):
    org = request.user.org
    context = {
        "grant": grant,
        "can_review": org is None or org.org_type in REVIEWING_TYPES,
        "review_form": forms.get("review_form") or GrantReviewForm(),
        "pay_form": forms.get("pay_form")
        or GrantPayForm(initial={"paid_on": timezone.localdate()}),
    }
    return render(request, "assistance/grant_detail.html", context, status=status)


@permission_required(Perm.ASSIST_VIEW)
def grant_detail(request, grant_id):
    return _grant_page(request, access_grant_by_id(request.user, grant_id))


@permission_required(Perm.CAMPAIGN_MANAGE)
@require_POST
def grant_review_view(request, grant_id):
    grant = access_grant_by_id(request.user, grant_id)
    form = GrantReviewForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: grant_review(actor=request.user, grant=grant, **data),
        invalid=lambda status: _grant_page(request, grant, status=status, review_form=form),
        done=lambda reviewed: GRANT_REVIEW_DONE.format(status=reviewed.get_status_display()),
        then=redirect("assistance:grant_detail", grant_id=grant.pk),
    )


@permission_required(Perm.CAMPAIGN_MANAGE)
@require_POST
def grant_pay_view(request, grant_id):
    grant = access_grant_by_id(request.user, grant_id)
    form = GrantPayForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: grant_pay(actor=request.user, grant=grant, **data),
        invalid=lambda status: _grant_page(request, grant, status=status, pay_form=form),
        done=lambda paid: GRANT_PAY_DONE.format(amount=paid.amount),
        then=redirect("assistance:grant_detail", grant_id=grant.pk),
    )


@never_cache
@permission_required(Perm.ASSIST_VIEW)
def grant_proof(request, grant_id):
    grant = access_grant_by_id(request.user, grant_id, with_proof=True)
    grant_proof_opened(actor=request.user, grant=grant)
    response = HttpResponse(bytes(grant.admission_proof), content_type=grant.admission_proof_type)
    response["Content-Disposition"] = (
        f"inline; filename*=UTF-8''{quote(grant.admission_proof_name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
