from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from gonghui.audit.forms import AuditFilterForm
from gonghui.audit.selectors import audit_log_list, audit_rows_labelled
from gonghui.core.decorators import permission_required
from gonghui.core.permissions import Perm


@permission_required(Perm.AUDIT_VIEW)
def audit_list(request):
    form = AuditFilterForm(request.GET)
    form.is_valid()  # invalid filters are dropped, the valid ones kept
    rows = audit_log_list(
        user=request.user,
        action=form.cleaned_data.get("action", ""),
        username=form.cleaned_data.get("username", "").strip(),
    )
    page_obj = Paginator(rows, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.object_list = audit_rows_labelled(user=request.user, rows=page_obj.object_list)
    return render(request, "audit/list.html", {"form": form, "page_obj": page_obj})
