"""Workbench pages of service sites: list, detail, form, photos, override, delete, import."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.forms import NOT_SUBMITTED, submit_with
from gonghui.imports.jobs import import_job_create
from gonghui.imports.models import ImportJob, ImportMode
from gonghui.orgs.models import OrgType
from gonghui.sites.forms import ImportForm, OverrideForm, PhotoForm, SiteFilterForm, SiteForm
from gonghui.sites.import_kinds import SITES
from gonghui.sites.imports import template_xlsx
from gonghui.sites.maps import allow_tiles, tile_url
from gonghui.sites.models import Facility
from gonghui.sites.parsing import format_hours
from gonghui.sites.selectors import (
    access_site_by_id,
    access_site_photo,
    site_list,
    site_photo_ids,
    site_ratings,
)
from gonghui.sites.services import (
    site_create,
    site_delete,
    site_photo_add,
    site_photo_remove,
    site_set_override,
    site_update,
)

SITE_CREATE_DONE = "已登记服务阵地「{site}」。"
SITE_EDIT_DONE = "服务阵地信息已保存。"
SITE_DELETE_DONE = "已删除服务阵地「{site}」。"
SITE_OVERRIDE_DONE = "开放状态已改为「{override}」。"
SITE_PHOTO_UPLOAD_DONE = "照片已上传。"
SITE_PHOTO_DELETE_DONE = "照片已删除。"


@permission_required(Perm.SITE_VIEW)
def site_list_view(request):
    form = SiteFilterForm(request.GET)
    form.is_valid()  # invalid filters are dropped, the valid ones kept
    filters = form.cleaned_data
    sites = site_list(
        user=request.user,
        q=filters.get("q", ""),
        site_type=filters.get("site_type", ""),
        facilities=filters.get("facility") or 0,
    )
    page = Paginator(sites, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for site in page:
        site.open_now = site.is_open_at(now)
    return render(request, "sites/list.html", {"form": form, "page_obj": page})


def _detail(request, site, **extra):
    return render(
        request,
        "sites/detail.html",
        {
            "site": site,
            "open_now": site.is_open_at(timezone.now()),
            "ratings": site_ratings(site),
            "photo_ids": site_photo_ids(site),
            "override_form": extra.pop("override_form", None)
            or OverrideForm(initial={"override": site.override}),
            "photo_form": extra.pop("photo_form", None) or PhotoForm(),
            **extra,
        },
    )


@permission_required(Perm.SITE_VIEW)
def site_detail(request, site_id):
    return _detail(request, access_site_by_id(request.user, site_id))


@permission_required(Perm.SITE_VIEW)
def site_photo_view(request, site_id, photo_id):
    site = access_site_by_id(request.user, site_id)
    photo = access_site_photo(request.user, photo_id, site=site)
    return HttpResponse(bytes(photo.data), content_type=photo.content_type)


@permission_required(Perm.SITE_MANAGE)
@require_http_methods(["GET", "POST"])
def site_create_view(request):
    org = request.user.org
    initial = {"crs": "WGS-84", "org": org.pk if org else None}
    if org is not None and org.org_type == OrgType.COUNTY:
        initial["county"] = org.pk
    form = SiteForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        site, _ = submit_with(
            form, lambda _: site_create(actor=request.user, **form.service_kwargs())
        )
        if site is not NOT_SUBMITTED:
            messages.success(request, SITE_CREATE_DONE.format(site=site.name))
            return redirect("sites:detail", site_id=site.pk)
    return allow_tiles(render(request, "sites/form.html", {"form": form, "tile_url": tile_url()}))


@permission_required(Perm.SITE_MANAGE)
@require_http_methods(["GET", "POST"])
def site_edit(request, site_id):
    site = access_site_by_id(request.user, site_id)
    initial = {
        "name": site.name,
        "site_type": site.site_type,
        "org": site.org_id,
        "county": site.county_id,
        "address": site.address,
        "lat": site.lat,
        "lng": site.lng,
        "crs": "WGS-84",
        "phone": site.phone,
        "hours": format_hours(site.hours),
        "facilities": [f.value for f in Facility if site.facilities & f.value],
        "note": site.note,
    }
    form = SiteForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        updated, _ = submit_with(
            form, lambda _: site_update(actor=request.user, site=site, **form.service_kwargs())
        )
        if updated is not NOT_SUBMITTED:
            messages.success(request, SITE_EDIT_DONE)
            return redirect("sites:detail", site_id=site.pk)
    return allow_tiles(
        render(request, "sites/form.html", {"form": form, "site": site, "tile_url": tile_url()})
    )


@permission_required(Perm.SITE_MANAGE)
@require_http_methods(["GET", "POST"])
def site_delete_view(request, site_id):
    site = access_site_by_id(request.user, site_id)
    if request.method == "POST":
        site_delete(actor=request.user, site=site)
        messages.success(request, SITE_DELETE_DONE.format(site=site.name))
        return redirect("sites:list")
    return render(request, "sites/delete.html", {"site": site})


@permission_required(Perm.SITE_MANAGE)
@require_POST
def site_override_view(request, site_id):
    site = access_site_by_id(request.user, site_id)
    form = OverrideForm(request.POST)
    if form.is_valid():
        site = site_set_override(actor=request.user, site=site, **form.cleaned_data)
        messages.success(request, SITE_OVERRIDE_DONE.format(override=site.get_override_display()))
        return redirect("sites:detail", site_id=site.pk)
    return _detail(request, site, override_form=form)


@permission_required(Perm.SITE_MANAGE)
@require_POST
def site_photo_upload(request, site_id):
    site = access_site_by_id(request.user, site_id)
    form = PhotoForm(request.POST, request.FILES)
    photo, _ = submit_with(
        form,
        lambda data: site_photo_add(
            actor=request.user, site=site, upload=data["photo"], caption=data["caption"]
        ),
    )
    if photo is not NOT_SUBMITTED:
        messages.success(request, SITE_PHOTO_UPLOAD_DONE)
        return redirect("sites:detail", site_id=site.pk)
    response = _detail(request, site, photo_form=form)
    response.status_code = 400
    return response


@permission_required(Perm.SITE_MANAGE)
@require_POST
def site_photo_delete(request, site_id, photo_id):
    site = access_site_by_id(request.user, site_id)
    site_photo_remove(
        actor=request.user, photo=access_site_photo(request.user, photo_id, site=site)
    )
    messages.success(request, SITE_PHOTO_DELETE_DONE)
    return redirect("sites:detail", site_id=site.pk)


@permission_required(Perm.SITE_MANAGE)
@require_http_methods(["GET", "POST"])
def site_import_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        job, _ = submit_with(
            form,
            lambda data: import_job_create(
                actor=request.user,
                kind=SITES,
                upload=data["file"],
                mode=ImportMode.ALL,
                options={"crs": data["crs"]},
            ),
        )
        if job is not NOT_SUBMITTED:
            return redirect("imports:job", job_id=job.pk)
    recent = ImportJob.objects.filter(created_by=request.user, kind=SITES)[:10]
    status = 400 if request.method == "POST" else 200
    return render(request, "sites/import.html", {"form": form, "recent": recent}, status=status)


@permission_required(Perm.SITE_VIEW)
def site_import_template(request):
    return FileResponse(template_xlsx(), as_attachment=True, filename="服务阵地导入模板.xlsx")
