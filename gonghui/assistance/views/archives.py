"""Workbench pages of 困难职工档案: list, 待我审核, application, detail with timeline and the
actions of each state, re-entry, 低保 lines. The actions themselves (reviews, 公示, 年审, 解困)
are in `archive_reviews`."""

from decimal import Decimal
from functools import cache

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.assistance.codes import ArchiveStatus, Cause
from gonghui.assistance.forms.archives import (
    AnnualReviewForm,
    ArchiveApplyForm,
    ArchiveFieldsForm,
    ArchiveFilterForm,
    DecisionForm,
    ExitForm,
    FirstReviewForm,
    HouseholdFormSet,
    ObjectionForm,
    ObjectionResolveForm,
    PovertyLineForm,
    household_rows,
)
from gonghui.assistance.selectors.archives import (
    access_archive_by_id,
    access_visit_photo,
    archive_history,
    archive_list,
    archive_timeline,
    poverty_lines,
    review_queue,
)
from gonghui.assistance.services.archives import (
    archive_apply,
    archive_reapply,
    archive_unmask,
    is_final_reviewer,
    is_first_reviewer,
    is_reviewer,
    poverty_line_set,
)
from gonghui.core import crypto
from gonghui.core.forms import NOT_SUBMITTED, submit_with
from gonghui.members.idnumber import normalize
from gonghui.members.models import Member
from gonghui.members.selectors import access_member_by_id
from gonghui.orgs.selectors import org_scope_path

ARCHIVE_APPLY_DONE = "已为{member}提交困难职工建档申请，等待初审。"
POVERTY_LINES_DONE = "已设置{county}{year}年低保标准：{monthly_amount} 元/人·月。"

AID_PANEL = "assistance/aid_archive_panel.html"
MEMBER_NOT_FOUND = "在本工会及下级工会的会员中找不到该身份证号，请核对，或先登记会员。"


@permission_required(Perm.ASSIST_VIEW)
def archive_list_view(request):
    form = ArchiveFilterForm(request.GET, user=request.user)
    form.is_valid()
    f = form.cleaned_data
    county = f.get("county")
    archives = archive_list(
        user=request.user,
        status=f.get("status", ""),
        level=f.get("level", ""),
        county_id=county.pk if county else None,
        year=f.get("year"),
        q=f.get("q", ""),
    )
    page = Paginator(archives, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assistance/archive_list.html", {"form": form, "page_obj": page})


@permission_required(Perm.ASSIST_VIEW)
def archive_queue(request):
    return render(
        request, "assistance/archive_queue.html", {"queue": review_queue(user=request.user)}
    )


def _member_by_id_number(user, raw: str) -> Member | None:
    number = normalize(raw)
    return (
        Member.objects.filter(
            id_number_hash__in=crypto.lookup_hashes(number),
            org__path__startswith=org_scope_path(user),
        )
        .select_related("org")
        .first()
    )


@permission_required(Perm.ASSIST_MANAGE)
@require_http_methods(["GET", "POST"])
def archive_apply_view(request):
    form = ArchiveApplyForm(request.POST or None)
    household = HouseholdFormSet(request.POST or None, prefix="hh")
    if request.method == "POST" and form.is_valid() and household.is_valid():
        member = _member_by_id_number(request.user, form.cleaned_data["id_number"])
        if member is None:
            form.add_error("id_number", MEMBER_NOT_FOUND)
        else:
            archive, _ = submit_with(
                form,
                lambda _: archive_apply(
                    actor=request.user,
                    member=member,
                    household=household_rows(household),
                    **form.service_fields(),
                ),
            )
            if archive is not NOT_SUBMITTED:
                messages.success(request, ARCHIVE_APPLY_DONE.format(member=member.name))
                return redirect("assistance:archive_detail", pk=archive.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "assistance/archive_apply.html",
        {"form": form, "household": household},
        status=status,
    )


@permission_required(Perm.ASSIST_MANAGE)
@require_http_methods(["GET", "POST"])
def archive_apply_member_view(request, member_id):
    """建档申请 for a member chosen on another page (the honoree page's 「建立困难档案」 of a
    困难劳模): the applicant is fixed, so no ID number is typed or shown in full."""
    member = access_member_by_id(request.user, member_id)
    form = ArchiveApplyForm(request.POST or None)
    del form.fields["id_number"]
    household = HouseholdFormSet(request.POST or None, prefix="hh")
    if request.method == "POST" and form.is_valid() and household.is_valid():
        archive, _ = submit_with(
            form,
            lambda _: archive_apply(
                actor=request.user,
                member=member,
                household=household_rows(household),
                **form.service_fields(),
            ),
        )
        if archive is not NOT_SUBMITTED:
            messages.success(request, ARCHIVE_APPLY_DONE.format(member=member.name))
            return redirect("assistance:archive_detail", pk=archive.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "assistance/archive_apply.html",
        {"form": form, "household": household, "applicant": member},
        status=status,
    )


@cache
def _aid_panel() -> str | None:
    """The aid helper's block on the archive page (help plan, aid records), if it exists: it
    is rendered with `archive` and `request` in the context."""
    try:
        get_template(AID_PANEL)
    except TemplateDoesNotExist:
        return None
    return AID_PANEL


def _detail(request, archive, status=200, **extra):
    user = request.user
    forms_ = {
        "first_form": FirstReviewForm(),
        "final_form": DecisionForm(),
        "objection_form": ObjectionForm(),
        "resolve_form": ObjectionResolveForm(),
        "annual_form": AnnualReviewForm(),
        "exit_form": ExitForm(),
    }
    forms_.update({k: v for k, v in extra.items() if k != "unmasked"})
    can_review = user.has_perm(Perm.ASSIST_REVIEW)
    unmasked = extra.pop("unmasked", None) if "unmasked" in extra else None
    household = list(archive.household.all())
    for person in household:
        person.unmasked = (unmasked or {}).get(person.pk, "")
    ratio = None
    if archive.poverty_line:
        ratio = (archive.per_capita_monthly * 100 / archive.poverty_line).quantize(Decimal("0.1"))
    context = {
        "archive": archive,
        "household": household,
        "unmasked": bool(unmasked),
        "cause_labels": [Cause(c).label for c in archive.causes if c in Cause.values],
        "line_ratio": ratio,
        "aid_panel": _aid_panel(),
        "timeline": archive_timeline(archive),
        "history": archive_history(archive),
        "objections": list(archive.objections.all()),
        "can_first": can_review
        and archive.status == ArchiveStatus.SUBMITTED
        and is_first_reviewer(user, archive),
        "can_final": can_review
        and archive.status == ArchiveStatus.FIRST_PASSED
        and is_final_reviewer(user, archive),
        "can_notice": can_review
        and archive.status == ArchiveStatus.NOTICE
        and is_final_reviewer(user, archive),
        "can_manage": can_review
        and archive.status == ArchiveStatus.ARCHIVED
        and is_reviewer(user, archive),
        "can_reapply": user.has_perm(Perm.ASSIST_MANAGE)
        and archive.status == ArchiveStatus.EXITED
        and archive.history_is_last,
        "can_unmask": user.has_perm(Perm.MEMBER_PII),
        **forms_,
    }
    return render(request, "assistance/archive_detail.html", context, status=status)


def _load(request, pk):
    archive = access_archive_by_id(request.user, pk)
    archive.history_is_last = not type(archive).objects.filter(previous=archive).exists()
    return archive


@permission_required(Perm.ASSIST_VIEW)
def archive_detail(request, pk):
    return _detail(request, _load(request, pk))


@never_cache
@permission_required(Perm.MEMBER_PII)
@require_POST
def archive_unmask_view(request, pk):
    if not request.user.has_perm(Perm.ASSIST_VIEW):
        raise PermissionDenied
    archive = _load(request, pk)
    unmasked = archive_unmask(actor=request.user, archive=archive)
    return _detail(request, archive, unmasked=unmasked)


@permission_required(Perm.ASSIST_VIEW)
def archive_visit_photo(request, pk, photo_id):
    archive = access_archive_by_id(request.user, pk)
    photo = access_visit_photo(request.user, photo_id, archive=archive)
    return HttpResponse(bytes(photo.content), content_type=photo.content_type)


def _done(request, archive, message):
    messages.success(request, message)
    return redirect("assistance:archive_detail", pk=archive.pk)


def _initial_from(archive) -> dict:
    return {
        name: getattr(archive, name)
        for name in ArchiveFieldsForm.base_fields
        if hasattr(archive, name)
    }


@permission_required(Perm.ASSIST_MANAGE)
@require_http_methods(["GET", "POST"])
def archive_reapply_view(request, pk):
    previous = _load(request, pk)
    form = ArchiveFieldsForm(request.POST or None, initial=_initial_from(previous))
    rows = [
        {
            "name": p.name,
            "relation": p.relation,
            "occupation": p.occupation,
            "monthly_income": p.monthly_income,
            "health": p.health,
        }
        for p in previous.household.exclude(relation="self")
    ]
    household = HouseholdFormSet(request.POST or None, prefix="hh", initial=rows)
    if request.method == "POST" and form.is_valid() and household.is_valid():
        archive, _ = submit_with(
            form,
            lambda _: archive_reapply(
                actor=request.user,
                previous=previous,
                household=household_rows(household),
                **form.service_fields(),
            ),
        )
        if archive is not NOT_SUBMITTED:
            return _done(request, archive, f"已提交第{archive.period}期建档申请，等待初审。")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "assistance/archive_apply.html",
        {"form": form, "household": household, "previous": previous},
        status=status,
    )


@permission_required(Perm.ASSIST_REVIEW)
@require_http_methods(["GET", "POST"])
def poverty_lines_view(request):
    form = PovertyLineForm(request.POST or None, user=request.user)
    if request.method == "POST":
        line, _ = submit_with(
            form,
            lambda data: poverty_line_set(
                actor=request.user,
                county=data["county"],
                year=data["year"],
                amount=data["amount"],
            ),
        )
        if line is not NOT_SUBMITTED:
            messages.success(
                request,
                POVERTY_LINES_DONE.format(
                    county=line.county.name, year=line.year, monthly_amount=line.monthly_amount
                ),
            )
            return redirect("assistance:poverty_lines")
    page = Paginator(poverty_lines(user=request.user), 50).get_page(request.GET.get("page"))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "assistance/archive_poverty_lines.html",
        {"form": form, "page_obj": page},
        status=status,
    )
