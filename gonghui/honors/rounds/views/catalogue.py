"""Catalogue pages (系统管理员): the honor types, new and edit."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.forms import form_action
from gonghui.honors.rounds.forms import FilterForm, HonorTypeForm
from gonghui.honors.rounds.selectors import access_honor_type_by_id, honor_type_list
from gonghui.honors.rounds.services import honor_type_create, honor_type_update

TYPE_SAVED = "荣誉类型「{title}」已保存。"


@permission_required(Perm.HONOR_VIEW)
def type_list(request):
    form = FilterForm(request.GET)
    form.is_valid()
    types = honor_type_list(user=request.user, q=form.cleaned_data.get("q", ""))
    page = Paginator(types, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "honors/rounds/types.html", {"form": form, "page_obj": page})


@permission_required(Perm.HONOR_CATALOGUE)
@require_http_methods(["GET", "POST"])
def type_create(request):
    form = HonorTypeForm(request.POST or None, user=request.user)
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: honor_type_create(actor=request.user, **data),
            invalid=lambda status: render(
                request, "honors/rounds/type_form.html", {"form": form}, status=status
            ),
            done=lambda ht: TYPE_SAVED.format(title=ht.title),
            then=redirect("honors:types"),
        )
    return render(request, "honors/rounds/type_form.html", {"form": form})


@permission_required(Perm.HONOR_CATALOGUE)
@require_http_methods(["GET", "POST"])
def type_edit(request, type_id):
    ht = access_honor_type_by_id(request.user, type_id)
    initial = {
        name: getattr(ht, name)
        for name in (
            "title",
            "level",
            "conferring_body",
            "subject",
            "cycle_years",
            "regulation",
            "regulation_version",
            "materials",
            "materials_enforced",
            "form_layout",
            "active",
        )
    }
    initial["conferrer"] = ht.conferrer_id
    form = HonorTypeForm(request.POST or None, user=request.user, editing=True, initial=initial)
    ctx = {"form": form, "honor_type": ht}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: honor_type_update(actor=request.user, honor_type=ht, **data),
            invalid=lambda status: render(
                request, "honors/rounds/type_form.html", ctx, status=status
            ),
            done=lambda result: TYPE_SAVED.format(title=result.title),
            then=redirect("honors:types"),
        )
    return render(request, "honors/rounds/type_form.html", ctx)
