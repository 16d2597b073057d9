"""Workbench pages of the allowance ledger: the list with totals, the Excel export (masked),
and batch generation with a preview (count and total) before confirming."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.core.forms import NOT_SUBMITTED, add_application_error, submit_with
from gonghui.honors.care.forms import AllowanceFilterForm, BatchForm
from gonghui.honors.care.selectors import allowance_list, allowance_totals, batch_list
from gonghui.honors.care.services import (
    allowance_batch_generate,
    allowance_batch_plan,
    allowance_export_xlsx,
)

BATCH_DONE = "「{title}」已生成 {n} 笔发放记录。"
PREVIEW_ROWS = 50


def _filters(request) -> dict:
    form = AllowanceFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    return {
        "form": form,
        "kind": data.get("kind") or "",
        "year": data.get("year"),
        "batch_id": data.get("batch"),
    }


@permission_required(Perm.HONOREE_VIEW)
def allowance_list_view(request):
    filters = _filters(request)
    form = filters.pop("form")
    allowances = allowance_list(user=request.user, **filters)
    page = Paginator(allowances, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "honors/care/allowances.html",
        {
            "form": form,
            "page_obj": page,
            "totals": allowance_totals(allowances),
            "batches": batch_list(user=request.user)[:20],
            "query": request.GET.urlencode(),
        },
    )


@permission_required(Perm.HONOREE_VIEW)
def allowance_export_view(request):
    filters = _filters(request)
    filters.pop("form")
    allowances = allowance_list(user=request.user, **filters)
    out = allowance_export_xlsx(
        actor=request.user,
        allowances=allowances,
        filters={k: str(v) for k, v in filters.items() if v},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(out, as_attachment=True, filename=f"待遇发放台账-{stamp}.xlsx")


def _plan_args(data: dict) -> dict:
    return {
        "key": data["key"],
        "org": data["org"],
        "amount": data["amount"],
        "paid_on": data["paid_on"],
        "level": data.get("level") or "",
        "honor_type": data.get("honor_type"),
    }


@permission_required(Perm.ALLOWANCE_MANAGE)
@require_http_methods(["GET", "POST"])
def batch_view(request):
    """GET: the form. POST 预览: who would be paid and the total. POST 确认发放: generate."""
    form = BatchForm(request.POST or None, user=request.user)
    if request.method == "GET":
        return render(request, "honors/care/batch.html", {"form": form})
    if request.POST.get("confirm") == "1":
        result, status = submit_with(
            form, lambda data: allowance_batch_generate(actor=request.user, **data)
        )
        if result is not NOT_SUBMITTED:
            batch, added = result
            messages.success(request, BATCH_DONE.format(title=batch.title, n=added))
            return redirect(f"{_ledger_url()}?batch={batch.pk}")
        return render(request, "honors/care/batch.html", {"form": form}, status=status)
    if not form.is_valid():
        return render(request, "honors/care/batch.html", {"form": form}, status=400)
    try:
        plan = allowance_batch_plan(actor=request.user, **_plan_args(form.cleaned_data))
    except Forbidden:
        raise
    except ApplicationError as exc:
        add_application_error(form, exc)
        return render(request, "honors/care/batch.html", {"form": form}, status=exc.status)
    return render(
        request,
        "honors/care/batch.html",
        {
            "form": form,
            "plan": plan,
            "preview": plan.honorees.select_related("org")[:PREVIEW_ROWS],
        },
    )


def _ledger_url() -> str:
    return reverse("honors:honorees_allowances")
