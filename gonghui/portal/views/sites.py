"""Portal pages of service sites: 附近的驿站, the map, a site's page with 会员评家.

The sites are the sites app's: these pages only call its selectors and services (namespace
`sites_portal`, at `/m/sites/`).
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import public
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import CleanTextForm
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.portal.auth import current_worker, worker_required
from gonghui.sites.forms import RatingForm
from gonghui.sites.maps import CLUSTER_ABOVE, allow_tiles, tile_url
from gonghui.sites.models import Facility, SiteType
from gonghui.sites.navigation import navigation_links
from gonghui.sites.public_cache import open_sites_geojson_body, public_counties
from gonghui.sites.selectors import (
    county_origin,
    nearest_sites,
    public_site_by_id,
    rated_this_month,
    site_photo,
    site_photo_ids,
    site_ratings,
)
from gonghui.sites.services import site_rate

RATING_DONE = "感谢您的评价！"

app_name = "sites_portal"

NEARBY_LIMIT = 20


class NearbyForm(CleanTextForm):
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    county = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, choices=())
    type = forms.ChoiceField(required=False, choices=[("", "全部类型"), *SiteType.choices])
    facility = forms.TypedMultipleChoiceField(required=False, coerce=int, choices=Facility.choices)
    open = forms.BooleanField(required=False)

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", "选择县区")] + [(c.pk, c.name) for c in counties]


def _county_select(form) -> str | None:
    """The county <select> as its widget renders it, built in one pass: the widget renders each
    of the 86 options through a template, which cost more than the rest of the page. None when
    the field has an error: the widget then renders it, with its aria attributes."""
    field = form["county"]
    if field.errors:
        return None
    value = field.value()
    chosen = "" if value is None else str(value)
    options = format_html_join(
        "\n",
        '  <option value="{}"{}>{}</option>\n',
        (
            (str(v), mark_safe(" selected") if str(v) == chosen else "", label)
            for v, label in field.field.choices
        ),
    )
    return format_html('<select name="county" id="id_county">\n{}\n</select>', options)


@public
def nearby(request):
    counties = public_counties()
    form = NearbyForm(request.GET or None, counties=counties)
    origin, where, results, filter_count = None, "", [], 0
    if form.is_valid():
        data = form.cleaned_data
        filter_count = bool(data["type"]) + len(data["facility"]) + bool(data["open"])
        if data["lat"] is not None and data["lng"] is not None:
            origin, where = (data["lat"], data["lng"]), "您的位置"
        elif data["county"]:
            origin = county_origin(data["county"])
            where = next(
                (c.name.removesuffix("总工会") for c in counties if c.pk == data["county"]), ""
            )
        if origin:
            results = nearest_sites(
                *origin,
                limit=NEARBY_LIMIT,
                types=[data["type"]] if data["type"] else None,
                facilities=sum(data["facility"]),
                open_now=data["open"],
            )
    return render(
        request,
        "portal/sites/nearby.html",
        {
            "form": form,
            "county_select": _county_select(form),
            "origin": origin,
            "where": where,
            "results": results,
            "searched": bool(request.GET),
            "filter_count": filter_count,
            "facilities": Facility.choices,
            "chosen_facilities": form.cleaned_data.get("facility", []) if form.is_valid() else [],
            "tab": "sites",
        },
    )


@public
def site_map(request):
    return allow_tiles(
        render(
            request,
            "portal/sites/map.html",
            {"tile_url": tile_url(), "cluster_above": CLUSTER_ABOVE, "tab": "sites"},
        )
    )


def _accepts_gzip(request) -> bool:
    codings = request.headers.get("Accept-Encoding", "")
    return any(c.split(";")[0].strip().lower() == "gzip" for c in codings.split(","))


@public
def geojson(request):
    """Every site open now as GeoJSON points (WGS-84): the map's markers, open to anyone.
    Built once a minute (and after a site is written) for everyone: `sites.public_cache`."""
    gzipped = _accepts_gzip(request)
    response = HttpResponse(
        open_sites_geojson_body(gzipped=gzipped), content_type="application/json"
    )
    if gzipped:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    response["Cache-Control"] = "public, max-age=60"
    return response


def _can_rate(worker) -> tuple[bool, str]:
    if worker is None:
        return False, "登录后，工会会员可以为阵地打分评价。"
    if worker.member is None or worker.member.status not in HOLDING_STATUSES:
        return False, "只有会籍有效的工会会员才能评价。入会后即可参与会员评家。"
    return True, ""


def _detail(request, site, form=None, status=200):
    worker = current_worker(request)
    can_rate, why_not = _can_rate(worker)
    rated = can_rate and rated_this_month(member=worker.member, site=site)
    return render(
        request,
        "portal/sites/detail.html",
        {
            "site": site,
            "open_now": site.is_open_at(timezone.now()),
            "photo_ids": site_photo_ids(site),
            "navigation": navigation_links(
                lat=site.lat, lng=site.lng, name=site.name, address=site.address
            ),
            "ratings": site_ratings(site, limit=10),
            "can_rate": can_rate and not rated,
            "rated": rated,
            "why_not": why_not,
            "form": form or RatingForm(),
            "tab": "sites",
        },
        status=status,
    )


@public
def site_detail(request, site_id):
    return _detail(request, public_site_by_id(site_id))


@worker_required
@require_POST
def site_rate_view(request, site_id):
    site = public_site_by_id(site_id)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            site_rate(worker=current_worker(request), site=site, **form.cleaned_data)
        except ApplicationError as exc:
            # Only the comment's own error sits by its field; the rest lead the section.
            form.add_error("comment" if exc.field == "comment" else None, exc.message)
        else:
            messages.success(request, RATING_DONE)
            return redirect("sites_portal:detail", site_id=site.pk)
    return _detail(request, site, form=form, status=400)


@public
def site_photo_view(request, site_id, photo_id):
    photo = site_photo(photo_id, site_id=site_id)
    response = HttpResponse(bytes(photo.data), content_type=photo.content_type)
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("", nearby, name="nearby"),
    path("map/", site_map, name="map"),
    path("geojson/", geojson, name="geojson"),
    path("<int:site_id>/", site_detail, name="detail"),
    path("<int:site_id>/rate/", site_rate_view, name="rate"),
    path("<int:site_id>/photos/<int:photo_id>/", site_photo_view, name="photo"),
]
