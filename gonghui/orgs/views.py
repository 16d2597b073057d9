from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import add_application_error
from gonghui.members.selectors import active_member_count
from gonghui.orgs.forms import ORG_FIELDS, OrgForm
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import access_org_by_id, org_children, org_in_scope, scope_top
from gonghui.orgs.services import org_create_child, org_dissolve, org_update


@permission_required(Perm.ORG_VIEW)
def home(request):
    tops = [(top, org_children(user=request.user, org=top)) for top in scope_top(request.user)]
    return render(request, "orgs/home.html", {"tops": tops})


@permission_required(Perm.ORG_VIEW)
def children(request, org_id):
    """The children of one tree node, loaded by htmx when the node is opened."""
    org = access_org_by_id(request.user, org_id)
    return render(
        request, "orgs/_children.html", {"children": org_children(user=request.user, org=org)}
    )


@permission_required(Perm.ORG_VIEW)
def detail(request, org_id):
    org = access_org_by_id(request.user, org_id)
    return render(
        request,
        "orgs/detail.html",
        {
            "org": org,
            "ancestors": [
                a for a in Org.objects.get_ancestors(org) if org_in_scope(request.user, a)
            ],
            "children": org_children(user=request.user, org=org) if org.is_active else [],
            "member_count": active_member_count(org=org),
        },
    )


@permission_required(Perm.ORG_MANAGE)
@require_http_methods(["GET", "POST"])
def create_child(request, org_id):
    parent = access_org_by_id(request.user, org_id)
    form = OrgForm(request.POST or None, initial={"division_code": parent.division_code})
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        if not fields["division_code"]:
            del fields["division_code"]  # the service then takes the parent's
        try:
            org = org_create_child(actor=request.user, parent=parent, **fields)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"已新建下级工会「{org.name}」。")
            return redirect("orgs:detail", org_id=org.pk)
    return render(request, "orgs/form.html", {"form": form, "org": parent, "creating": True})


@permission_required(Perm.ORG_MANAGE)
@require_http_methods(["GET", "POST"])
def edit(request, org_id):
    org = access_org_by_id(request.user, org_id)
    initial = {name: getattr(org, name) for name in ORG_FIELDS}
    form = OrgForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            org_update(actor=request.user, org=org, **form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "工会信息已保存。")
            return redirect("orgs:detail", org_id=org.pk)
    return render(request, "orgs/form.html", {"form": form, "org": org, "creating": False})


@permission_required(Perm.ORG_MANAGE)
@require_http_methods(["GET", "POST"])
def dissolve(request, org_id):
    """GET asks for confirmation; POST dissolves."""
    org = access_org_by_id(request.user, org_id)
    error = ""
    if request.method == "POST":
        try:
            org_dissolve(actor=request.user, org=org)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, f"已撤销「{org.name}」。")
            return redirect("orgs:detail", org_id=org.pk)
    return render(request, "orgs/dissolve.html", {"org": org, "error": error})
