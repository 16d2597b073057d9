"""The search endpoint of the member pickers (`gonghui.members.pickers`)."""

from django.shortcuts import render
from django.urls import reverse

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.members.pickers import member_pickers, member_search_page
from gonghui.orgs.pick_views import picker_query, resolve_picker
from gonghui.orgs.pickers import page_number


@permission_required(Perm.MEMBER_VIEW)
def pick(request):
    """A page of the members a picker offers that match `q`: the listbox's options (htmx)."""
    _, queryset = resolve_picker(request, member_pickers)
    found = member_search_page(
        queryset, q=picker_query(request), page=page_number(request.GET.get("page"))
    )
    return render(
        request,
        "members/pickers/_member_options.html",
        {"found": found, "token": request.GET.get("t", ""), "url": reverse("members:pick")},
    )
