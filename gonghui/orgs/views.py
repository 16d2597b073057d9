from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import NOT_SUBMITTED, submit, submit_with
from gonghui.orgs.forms import OrgForm, OrgMergeForm, OrgMoveForm, OrgTargetForm
from gonghui.orgs.handlers import (
    headcount_active,
    headcount_active_rolled_up,
    headcount_holding,
    org_panel,
)
from gonghui.orgs.models import ORG_EDITABLE_FIELDS, Org, OrgStatus
from gonghui.orgs.pick_views import tree_search
from gonghui.orgs.selectors import (
    access_org_by_id,
    org_children,
    org_in_scope,
    scope_top,
)
from gonghui.orgs.services import (
    org_create_child,
    org_dissolve,
    org_merge,
    org_move,
    org_update,
)

ORG_CREATE_DONE = "已新建下级工会「{org}」。"
ORG_EDIT_DONE = "工会信息已保存。"
ORG_DISSOLVE_DONE = "已撤销「{org}」。"
ORG_MOVE_DONE = "已将「{org}」移到「{new_parent}」之下。"
ORG_MERGE_DONE = "已将「{source}」合并到「{target}」。"

MOVE_CONSEQUENCE = "「{org}」及其下级 {orgs} 个工会、{members} 名会员将移到「{target}」之下。"
MERGE_CONSEQUENCE = (
    "「{org}」的会员将转入「{target}」，下级工会移到「{target}」之下，"
    "「{org}」标记为已合并，此操作不可撤销。"
)


@permission_required(Perm.ORG_VIEW)
def home(request):
    """The tree, with a search box over the user's subtree (htmx asks for the results only)."""
    found = tree_search(request)
    if request.htmx and "q" in request.GET:
        return render(request, "orgs/_tree_results.html", {"found": found})
    tops = [
        (top, org_children(user=request.user, org=top), headcount_active_rolled_up(top))
        for top in scope_top(request.user)
    ]
    return render(request, "orgs/home.html", {"tops": tops, "found": found})


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
            "member_count": headcount_active(org),
            # What the apps above the tree hang on it (members, the join QR code …).
            "panel": org_panel(request.user, org),
        },
    )


@permission_required(Perm.ORG_MANAGE)
@require_http_methods(["GET", "POST"])
def create_child(request, org_id):
    parent = access_org_by_id(request.user, org_id)
    form = OrgForm(request.POST or None, initial={"division_code": parent.division_code})
    if request.method == "POST":
        org, _ = submit_with(
            form,
            lambda data: org_create_child(
                actor=request.user,
                parent=parent,
                # An empty division code: the service then takes the parent's.
                **{name: value for name, value in data.items() if value or name != "division_code"},
            ),
        )
        if org is not NOT_SUBMITTED:
            messages.success(request, ORG_CREATE_DONE.format(org=org.name))
            return redirect("orgs:detail", org_id=org.pk)
    return render(request, "orgs/form.html", {"form": form, "org": parent, "creating": True})


@permission_required(Perm.ORG_MANAGE)
@require_http_methods(["GET", "POST"])
def edit(request, org_id):
    org = access_org_by_id(request.user, org_id)
    initial = {name: getattr(org, name) for name in ORG_EDITABLE_FIELDS}
    form = OrgForm(request.POST or None, initial=initial)
    if request.method == "POST":
        updated, _ = submit(form, org_update, actor=request.user, org=org)
        if updated is not NOT_SUBMITTED:
            messages.success(request, ORG_EDIT_DONE)
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
            messages.success(request, ORG_DISSOLVE_DONE.format(org=org.name))
            return redirect("orgs:detail", org_id=org.pk)
    return render(request, "orgs/dissolve.html", {"org": org, "error": error})


def _target_form(request, form_class: type[OrgTargetForm], org: Org) -> OrgTargetForm:
    """The move and merge pages go in three steps: GET shows the picker, GET `step=confirm`
    with a `target` asks for confirmation, POST carries it out. The form is bound from step two
    on; a `target` on the first step (「重新选择」) comes back preselected.

    A target outside the user's subtree answers as a missing one (404, audited), as it did when
    the id was resolved by the view; one inside it that the purpose does not offer (the org's
    own branch, a union of the wrong type) is a form error."""
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "POST" or data.get("step") == "confirm":
        form = form_class(data, user=request.user, org=org)
        picked = data.get("target", "")
        if not form.is_valid() and "target" in form.errors and picked.isdigit():
            access_org_by_id(request.user, int(picked))
        return form
    return form_class(user=request.user, org=org, initial={"target": data.get("target")})


@permission_required(Perm.ORG_MANAGE)
@require_http_methods(["GET", "POST"])
def move(request, org_id):
    """移动 an org, with its whole branch, under a new parent in the user's subtree."""
    org = access_org_by_id(request.user, org_id)
    form = _target_form(request, OrgMoveForm, org)
    if form.is_bound and form.is_valid():
        new_parent = form.cleaned_data["target"]
        if request.method == "GET":
            consequence = MOVE_CONSEQUENCE.format(
                org=org.name,
                target=new_parent.name,
                orgs=Org.objects.get_descendants(org).filter(status=OrgStatus.ACTIVE).count(),
                members=headcount_holding(org),
            )
            return render(
                request,
                "orgs/target_confirm.html",
                {"org": org, "target": new_parent, "consequence": consequence},
            )
        moved, _ = submit_with(
            form, lambda _: org_move(actor=request.user, org=org, new_parent=new_parent)
        )
        if moved is not NOT_SUBMITTED:
            messages.success(
                request, ORG_MOVE_DONE.format(org=org.name, new_parent=new_parent.name)
            )
            return redirect("orgs:detail", org_id=org.pk)
    context = {"org": org, "parent": Org.objects.get_parent(org), "form": form}
    return render(request, "orgs/target_pick.html", context)


@permission_required(Perm.ORG_MANAGE)
@require_http_methods(["GET", "POST"])
def merge(request, org_id):
    """合并 an org into another union in the user's subtree; the org is closed for good."""
    source = access_org_by_id(request.user, org_id)
    form = _target_form(request, OrgMergeForm, source)
    if form.is_bound and form.is_valid():
        target = form.cleaned_data["target"]
        if request.method == "GET":
            consequence = MERGE_CONSEQUENCE.format(org=source.name, target=target.name)
            return render(
                request,
                "orgs/target_confirm.html",
                {"org": source, "target": target, "consequence": consequence, "merging": True},
            )
        merged, _ = submit_with(
            form, lambda _: org_merge(actor=request.user, source=source, target=target)
        )
        if merged is not NOT_SUBMITTED:
            messages.success(request, ORG_MERGE_DONE.format(source=source.name, target=target.name))
            return redirect("orgs:detail", org_id=target.pk)
    context = {"org": source, "form": form, "merging": True}
    return render(request, "orgs/target_pick.html", context)
