"""Workbench pages of help plans (一户一计划) and aid: an archive's plan page and aid page, the
queue of cap exceptions to decide, the cap settings and the aid ledger of the subtree."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.assistance.codes import ArchiveStatus
from gonghui.assistance.forms.aid import (
    AidRecordForm,
    CapForm,
    ExceptionDecideForm,
    ExceptionRequestForm,
    LedgerFilterForm,
    MeasureForm,
    MeasureStatusForm,
    NoteForm,
)
from gonghui.assistance.models import ExceptionStatus, MeasureStatus
from gonghui.assistance.selectors.aid import (
    access_archive_for_aid,
    access_cap_by_id,
    access_exception_by_id,
    access_measure_by_id,
    aid_ledger,
    archive_aid_records,
    archive_exceptions,
    archive_plan,
    cap_removable,
    caps_for,
    exception_decidable_by,
    household_cap_status,
    household_year_totals,
    ledger_total,
    pending_exceptions_for,
)
from gonghui.assistance.services.aid import (
    MEASURE_STEPS,
    aid_cap_remove,
    aid_cap_set,
    aid_exception_decide,
    aid_exception_request,
    aid_record,
    measure_add,
    measure_note_add,
    measure_update_status,
)
from gonghui.core.forms import NOT_SUBMITTED, form_action, submit, submit_with

AID_MEASURE_ADD_DONE = "已添加帮扶措施「{kind}」。"
AID_MEASURE_STATUS_DONE = "措施状态已改为「{status}」。"
AID_MEASURE_NOTE_DONE = "已记录进展情况。"
AID_RECORD_ADD_DONE = "已登记{form}救助 {amount:.2f} 元（{fund_source}）。"
AID_EXCEPTION_ADD_DONE = "已提交超限救助申请，等待「{approver_org}」审批。"
AID_CAPS_DONE = "已将{where} {year} 年每户救助上限设为 {amount:.2f} 元。"
AID_CAP_DELETE_DONE = "已删除该救助上限，上一级的上限（如有）将适用。"

PAGE_SIZE = settings.MEMBERS_PAGE_SIZE


def _writable(archive) -> bool:
    return archive.status == ArchiveStatus.ARCHIVED


# --- plan ---------------------------------------------------------------------------------------


def _plan_page(request, archive, *, status=200, measure_form=None, failed=None):
    """The plan page; `failed` is (measure id, form) of a status or note form that failed."""
    measures = archive_plan(archive)
    for measure in measures:
        steps = MEASURE_STEPS[MeasureStatus(measure.status)]
        measure.status_form = MeasureStatusForm(prefix=f"m{measure.pk}")
        measure.status_form.fields["status"].choices = [
            (value, label) for value, label in MeasureStatus.choices if value in steps
        ]
        measure.note_form = NoteForm(prefix=f"n{measure.pk}")
        if failed and failed[0] == measure.pk:
            form = failed[1]
            if isinstance(form, MeasureStatusForm):
                form.fields["status"].choices = measure.status_form.fields["status"].choices
                measure.status_form = form
            else:
                measure.note_form = form
    context = {
        "archive": archive,
        "measures": measures,
        "writable": _writable(archive),
        "measure_form": measure_form or MeasureForm(user=request.user, archive=archive),
        "today": timezone.localdate(),
    }
    return render(request, "assistance/aid_plan.html", context, status=status)


@permission_required(Perm.ASSIST_VIEW)
def aid_plan(request, archive_id):
    return _plan_page(request, access_archive_for_aid(request.user, archive_id))


@permission_required(Perm.ASSIST_MANAGE)
@require_POST
def aid_measure_add(request, archive_id):
    archive = access_archive_for_aid(request.user, archive_id)
    form = MeasureForm(request.POST, user=request.user, archive=archive)
    return form_action(
        request,
        form,
        lambda data: measure_add(actor=request.user, archive=archive, **data),
        invalid=lambda status: _plan_page(request, archive, status=status, measure_form=form),
        done=lambda measure: AID_MEASURE_ADD_DONE.format(kind=measure.get_kind_display()),
        then=redirect("assistance:aid_plan", archive_id=archive.pk),
    )


@permission_required(Perm.ASSIST_MANAGE)
@require_POST
def aid_measure_status(request, archive_id, measure_id):
    archive = access_archive_for_aid(request.user, archive_id)
    measure = access_measure_by_id(request.user, measure_id, archive=archive)
    form = MeasureStatusForm(request.POST, prefix=f"m{measure.pk}")
    return form_action(
        request,
        form,
        lambda data: measure_update_status(actor=request.user, measure=measure, **data),
        invalid=lambda status: _plan_page(
            request, archive, status=status, failed=(measure.pk, form)
        ),
        done=lambda changed: AID_MEASURE_STATUS_DONE.format(status=changed.get_status_display()),
        then=redirect("assistance:aid_plan", archive_id=archive.pk),
    )


@permission_required(Perm.ASSIST_MANAGE)
@require_POST
def aid_measure_note(request, archive_id, measure_id):
    archive = access_archive_for_aid(request.user, archive_id)
    measure = access_measure_by_id(request.user, measure_id, archive=archive)
    form = NoteForm(request.POST, prefix=f"n{measure.pk}")
    return form_action(
        request,
        form,
        lambda data: measure_note_add(actor=request.user, measure=measure, **data),
        invalid=lambda status: _plan_page(
            request, archive, status=status, failed=(measure.pk, form)
        ),
        done=AID_MEASURE_NOTE_DONE,
        then=redirect("assistance:aid_plan", archive_id=archive.pk),
    )


# --- aid of one archive -------------------------------------------------------------------------


def _aid_page(request, archive, *, status=200, record_form=None, exception_form=None):
    year = timezone.localdate().year
    records = Paginator(archive_aid_records(archive), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "archive": archive,
        "writable": _writable(archive),
        "cap": household_cap_status(archive, year),
        "page_obj": records,
        "year_totals": household_year_totals(archive),
        "exceptions": archive_exceptions(archive),
        "record_form": record_form or AidRecordForm(),
        "exception_form": exception_form or ExceptionRequestForm(),
    }
    return render(request, "assistance/aid_records.html", context, status=status)


@permission_required(Perm.ASSIST_VIEW)
def aid_records(request, archive_id):
    return _aid_page(request, access_archive_for_aid(request.user, archive_id))


@permission_required(Perm.ASSIST_MANAGE)
@require_POST
def aid_record_add(request, archive_id):
    archive = access_archive_for_aid(request.user, archive_id)
    form = AidRecordForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: aid_record(actor=request.user, archive=archive, **data),
        invalid=lambda status: _aid_page(request, archive, status=status, record_form=form),
        done=lambda record: AID_RECORD_ADD_DONE.format(
            form=record.get_form_display(),
            amount=record.amount,
            fund_source=record.get_fund_source_display(),
        ),
        then=redirect("assistance:aid_records", archive_id=archive.pk),
    )


@permission_required(Perm.ASSIST_MANAGE)
@require_POST
def aid_exception_add(request, archive_id):
    archive = access_archive_for_aid(request.user, archive_id)
    form = ExceptionRequestForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: aid_exception_request(actor=request.user, archive=archive, **data),
        invalid=lambda status: _aid_page(request, archive, status=status, exception_form=form),
        done=lambda exception: AID_EXCEPTION_ADD_DONE.format(
            approver_org=exception.approver_org.name
        ),
        then=redirect("assistance:aid_records", archive_id=archive.pk),
    )


# --- exceptions to decide -----------------------------------------------------------------------


@permission_required(Perm.ASSIST_REVIEW)
def aid_exceptions(request):
    page = Paginator(pending_exceptions_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "assistance/aid_exceptions.html", {"page_obj": page})


@permission_required(Perm.ASSIST_REVIEW)
@require_http_methods(["GET", "POST"])
def aid_exception_decide_view(request, exception_id):
    exception = access_exception_by_id(request.user, exception_id)
    form = ExceptionDecideForm(request.POST or None)
    if request.method == "POST":
        decided, _ = submit_with(
            form,
            lambda data: aid_exception_decide(
                actor=request.user,
                exception=exception,
                approved=data["decision"] == "approve",
                opinion=data["opinion"],
            ),
        )
        if decided is not NOT_SUBMITTED:
            approved = form.cleaned_data["decision"] == "approve"
            messages.success(
                request, "已批准超限救助申请。" if approved else "已退回超限救助申请。"
            )
            return redirect("assistance:aid_exceptions")
    context = {
        "exception": exception,
        "form": form,
        "cap": household_cap_status(exception.archive, exception.year),
        "pending": exception.status == ExceptionStatus.PENDING,
        "can_decide": exception_decidable_by(request.user, exception),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "assistance/aid_exception.html", context, status=status)


# --- caps ---------------------------------------------------------------------------------------


@permission_required(Perm.ASSIST_REVIEW)
@require_http_methods(["GET", "POST"])
def aid_caps(request):
    form = CapForm(request.POST or None, user=request.user)
    if request.method == "POST":
        cap, status = submit(form, aid_cap_set, actor=request.user)
        if status == 200:
            where = cap.org.name if cap.org else "全省默认"
            messages.success(
                request, AID_CAPS_DONE.format(where=where, year=cap.year, amount=cap.amount)
            )
            return redirect("assistance:aid_caps")
    page = Paginator(caps_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for cap in page:
        cap.can_remove = cap_removable(request.user, cap)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "assistance/aid_caps.html", {"form": form, "page_obj": page}, status=status
    )


@permission_required(Perm.ASSIST_REVIEW)
@require_http_methods(["GET", "POST"])
def aid_cap_delete(request, cap_id):
    cap = access_cap_by_id(request.user, cap_id)
    if request.method == "POST":
        aid_cap_remove(actor=request.user, cap=cap)
        messages.success(request, AID_CAP_DELETE_DONE)
        return redirect("assistance:aid_caps")
    return render(request, "assistance/aid_cap_delete.html", {"cap": cap})


# --- ledger -------------------------------------------------------------------------------------


@permission_required(Perm.ASSIST_VIEW)
def aid_ledger_view(request):
    form = LedgerFilterForm(request.GET, user=request.user)
    form.is_valid()  # invalid filters are dropped, the valid ones kept
    filters = form.cleaned_data
    county = filters.get("county")
    records = aid_ledger(
        user=request.user,
        year=filters.get("year"),
        fund_source=filters.get("fund_source", ""),
        county_id=county.pk if county else None,
    )
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assistance/aid_ledger.html",
        {"form": form, "page_obj": page, "total": ledger_total(records)},
    )
