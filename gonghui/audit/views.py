from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gonghui.audit.exports import audit_export_xlsx
from gonghui.audit.filters import AuditLogFilter
from gonghui.audit.selectors import (
    access_audit_log_by_id,
    audit_entry,
    audit_log_list,
    audit_rows_labelled,
)
from gonghui.core.decorators import permission_required
from gonghui.core.errors import ApplicationError
from gonghui.core.permissions import Perm

FILTERS_INVALID = "筛选条件有误，请按提示改正后再查询。"


def _filtered(request) -> tuple[AuditLogFilter, bool]:
    """The FilterSet over the user's log, and whether its filters are valid (none is)."""
    data = request.GET.copy()
    data.pop("page", None)
    log = AuditLogFilter(data or None, queryset=audit_log_list(user=request.user))
    return log, not log.is_bound or log.is_valid()


@permission_required(Perm.AUDIT_VIEW)
def audit_list(request):
    log, valid = _filtered(request)
    # Bad filters list nothing (a wrong date would otherwise show every day) and say why.
    rows = log.qs if valid else log.queryset.none()
    page_obj = Paginator(rows, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.object_list = audit_rows_labelled(user=request.user, rows=page_obj.object_list)
    return render(
        request,
        "audit/list.html",
        {
            "form": log.form,
            "page_obj": page_obj,
            "filters_invalid": "" if valid else FILTERS_INVALID,
        },
    )


@permission_required(Perm.AUDIT_VIEW)
def audit_detail(request, log_id):
    row = access_audit_log_by_id(request.user, log_id)
    entry = audit_entry(user=request.user, row=row)
    return render(request, "audit/detail.html", {"entry": entry, "row": entry.row})


@permission_required(Perm.AUDIT_VIEW)
def audit_export(request):
    """The filtered rows as XLSX (masked, capped, audited); a refusal goes back to the list
    with the same filters and says why."""
    log, valid = _filtered(request)
    back = f"{reverse('audit:list')}?{request.GET.urlencode()}"
    if not valid:
        messages.error(request, FILTERS_INVALID)
        return redirect(back)
    try:
        out = audit_export_xlsx(
            actor=request.user, rows=log.qs, filters=log.applied() if log.is_bound else {}
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(out, as_attachment=True, filename=f"审计日志-{stamp}.xlsx")
