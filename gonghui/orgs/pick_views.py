"""The search endpoints of the org pickers and of the tree page's search box."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.decorators import record_permission_denial
from gonghui.orgs.models import OrgStatus
from gonghui.orgs.pickers import org_pickers, org_search_page, page_number
from gonghui.orgs.pickers.registry import PickerRegistry, Purpose
from gonghui.orgs.selectors import orgs_in_scope


def picker_query(request) -> str:
    """The typed text: `q`, or the picker box's own `<field>_q` that htmx sends by its name."""
    if "q" in request.GET:
        return request.GET["q"]
    return next((v for k, v in request.GET.items() if k.endswith("_q")), "")


def resolve_picker(request, registry: PickerRegistry) -> tuple[Purpose, object]:
    """The purpose and queryset of the request's token, for this user; a user without the
    purpose's permission is refused (and audited) like on the form's own page."""
    purpose, queryset = registry.resolve(request.GET.get("t", ""), request.user)
    if not request.user.has_perm(purpose.permission):
        record_permission_denial(actor=request.user, path=request.path, perm=purpose.permission)
        raise PermissionDenied
    return purpose, queryset


@permission_required(Perm.ORG_VIEW)
def pick(request):
    """A page of the orgs a picker offers that match `q`: the listbox's options (htmx)."""
    _, queryset = resolve_picker(request, org_pickers)
    found = org_search_page(
        queryset, q=picker_query(request), page=page_number(request.GET.get("page"))
    )
    return render(
        request,
        "orgs/pickers/_org_options.html",
        {"found": found, "token": request.GET.get("t", ""), "url": reverse("orgs:pick")},
    )


def tree_search(request):
    """The tree page's search: active unions of the user's subtree, by name or code."""
    return org_search_page(
        orgs_in_scope(request.user).filter(status=OrgStatus.ACTIVE),
        q=request.GET.get("q", ""),
        page=page_number(request.GET.get("page")),
    )
