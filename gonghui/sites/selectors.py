"""Reads of service sites. Staff reads are scoped to the org subtree; the portal's reads are
public (sites are places anyone may walk into) and never show more than the map does."""

import json
import math
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Avg, Count, F, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core.access import access_in_scope
from gonghui.core.errors import NotFound
from gonghui.orgs.models import Org, OrgStatus, OrgType
from gonghui.orgs.selectors import org_scope_path
from gonghui.sites.geo import EARTH_RADIUS_M, bounding_box, haversine_m
from gonghui.sites.models import (
    Site,
    SitePhoto,
    SiteRating,
    SiteType,
    facility_labels,
    is_open,
)

SITE_NOT_FOUND = "找不到该服务阵地，或您无权查看。"
PHOTO_NOT_FOUND = "找不到该照片。"

# The nearest-site search starts with a box this wide and doubles it until enough sites
# lie within the radius: in a city the first box is enough, in the Gobi a few more are needed.
FIRST_RADIUS_M = 5_000
HALF_EARTH_M = 3.15 * EARTH_RADIUS_M


def with_rating(qs: QuerySet[Site]) -> QuerySet[Site]:
    return qs.annotate(rating_avg=Avg("ratings__score"), rating_count=Count("ratings"))


def filter_sites(
    qs: QuerySet[Site], *, types: list[str] | None = None, facilities: int = 0
) -> QuerySet[Site]:
    if types:
        qs = qs.filter(site_type__in=types)
    if facilities:
        qs = qs.alias(has=F("facilities").bitand(facilities)).filter(has=facilities)
    return qs


def site_list(
    *,
    user: User,
    q: str = "",
    site_type: str = "",
    county_id: int | None = None,
    facilities: int = 0,
) -> QuerySet[Site]:
    """Sites whose owning org is in the user's subtree."""
    qs = Site.objects.filter(org__path__startswith=org_scope_path(user)).select_related(
        "org", "county"
    )
    qs = filter_sites(qs, types=[site_type] if site_type else None, facilities=facilities)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(address__contains=q))
    if county_id:
        qs = qs.filter(county_id=county_id)
    return qs.order_by("-id")


def access_site_by_id(user: User, site_id) -> Site:
    """The site if its org is in the user's subtree; the same NotFound whether missing or out of
    scope, and an out-of-scope attempt is audited."""
    scoped = Site.objects.select_related("org", "county").filter(
        org__path__startswith=org_scope_path(user)
    )
    return access_in_scope(
        with_rating(scoped),
        actor=user,
        message=SITE_NOT_FOUND,
        org_of=lambda site: site.org,
        pk=site_id,
    )


def public_site_by_id(site_id) -> Site:
    site = with_rating(Site.objects.select_related("county")).filter(pk=site_id).first()
    if site is None:
        raise NotFound(SITE_NOT_FOUND)
    return site


def access_site_photo(user: User, photo_id, *, site: Site) -> SitePhoto:
    """A photo of `site` (already accessed by the user); one of a site outside the user's
    subtree answers as missing, audited."""
    return access_in_scope(
        SitePhoto.objects.filter(site__org__path__startswith=org_scope_path(user)),
        actor=user,
        message=PHOTO_NOT_FOUND,
        org_of=lambda photo: photo.site.org,
        within={"site": site},
        pk=photo_id,
    )


def site_photo(photo_id, *, site_id) -> SitePhoto:
    photo = SitePhoto.objects.filter(pk=photo_id, site_id=site_id).first()
    if photo is None:
        raise NotFound(PHOTO_NOT_FOUND)
    return photo


def site_photo_ids(site: Site) -> list[int]:
    return list(site.photos.values_list("pk", flat=True))


def site_ratings(site: Site, *, limit: int = 50) -> QuerySet[SiteRating]:
    return site.ratings.all()[:limit]


def rated_this_month(*, member, site: Site) -> bool:
    from gonghui.sites.services import month_of

    if member is None:
        return False
    month = month_of(timezone.localdate())
    return SiteRating.objects.filter(member=member, site=site, month=month).exists()


def county_choices() -> QuerySet[Org]:
    """Every active county union: the portal's location fallback and the site form's choices."""
    return Org.objects.filter(org_type=OrgType.COUNTY, status=OrgStatus.ACTIVE).order_by("path")


def county_origin(county_id) -> tuple[float, float] | None:
    """A county's reference point: the mean position of its sites (None if it has none)."""
    row = Site.objects.filter(county_id=county_id).aggregate(lat=Avg("lat"), lng=Avg("lng"))
    if row["lat"] is None:
        return None
    return row["lat"], row["lng"]


def county_origin_above(paths: list[str]) -> tuple[str, float, float] | None:
    """(name, lat, lng) of the county among the orgs of `paths` (a union's own and ancestor
    paths) with its reference point, as `county_origin`, in one query; None if none has sites."""
    rows = (
        Site.objects.filter(county__path__in=paths)
        .values("county__name")
        .annotate(lat=Avg("lat"), lng=Avg("lng"))
        .order_by()[:1]
    )
    return next(((r["county__name"], r["lat"], r["lng"]) for r in rows), None)


def county_centres() -> dict[str, tuple[str, float, float]]:
    """{county path: (name, lat, lng)} of every county with sites, as `county_origin_above`
    computes them, in one query (kept in the cache by `public_cache.county_centre_above`)."""
    rows = (
        Site.objects.values("county__path", "county__name")
        .annotate(lat=Avg("lat"), lng=Avg("lng"))
        .order_by()
    )
    return {r["county__path"]: (r["county__name"], r["lat"], r["lng"]) for r in rows}


@dataclass
class NearbySite:
    site: Site
    distance_m: float
    is_open: bool

    @property
    def distance_text(self) -> str:
        if self.distance_m < 1000:
            return f"{round(self.distance_m / 10) * 10:.0f} 米"
        return f"{self.distance_m / 1000:.1f} 公里"


def nearest_sites(
    lat: float,
    lng: float,
    *,
    limit: int = 20,
    types: list[str] | None = None,
    facilities: int = 0,
    open_now: bool = False,
    at: datetime | None = None,
) -> list[NearbySite]:
    """The `limit` sites nearest to (lat, lng), nearest first, with their distance and light.

    A box around the point is read through the (lat, lng) index, ids and coordinates only; only
    sites within the box's inscribed circle are certain to be nearer than any site outside it,
    so the box widens until that circle holds `limit` matching sites (or covers the earth).
    Exact distances are haversine, in Python, so the same code runs on SQLite and PostgreSQL;
    whole rows are loaded only for the nearest candidates.
    """
    at = at or timezone.now()
    base = filter_sites(Site.objects.all(), types=types, facilities=facilities)
    radius = FIRST_RADIUS_M
    while True:
        whole = radius >= HALF_EARTH_M
        qs = base
        if not whole:
            min_lat, max_lat, min_lng, max_lng = bounding_box(lat, lng, radius)
            qs = qs.filter(lat__gte=min_lat, lat__lte=max_lat, lng__gte=min_lng, lng__lte=max_lng)
        near = []
        for pk, site_lat, site_lng in qs.values_list("id", "lat", "lng"):
            distance = haversine_m(lat, lng, site_lat, site_lng)
            if whole or distance <= radius:
                near.append((distance, pk))
        near.sort()
        # Too few candidates: widen at once, loading no rows for them.
        found = (
            _load_nearest(near, limit=limit, open_now=open_now, at=at)
            if (whole or len(near) >= limit)
            else []
        )
        if len(found) >= limit or whole:
            return found
        # Sites per area being roughly even, `limit` of them need about this much more radius.
        have = len(found) if len(near) >= limit else len(near)
        radius *= 4 if have == 0 else min(8.0, max(2.0, 1.3 * math.sqrt(limit / have)))


_NEARBY_FIELDS = (
    "id",
    "name",
    "site_type",
    "address",
    "lat",
    "lng",
    "hours",
    "facilities",
    "override",
    "phone",
)


def _load_nearest(near, *, limit, open_now, at) -> list[NearbySite]:
    found: list[NearbySite] = []
    batch = max(limit * 2, 40)
    for start in range(0, len(near), batch):
        chunk = near[start : start + batch]
        rows = Site.objects.only(*_NEARBY_FIELDS).in_bulk([pk for _, pk in chunk])
        for distance, pk in chunk:
            site = rows[pk]
            light = site.is_open_at(at)
            if open_now and not light:
                continue
            found.append(NearbySite(site, distance, light))
            if len(found) == limit:
                return found
    return found


def open_sites_geojson(*, at: datetime | None = None) -> dict:
    """Every site open now, as a GeoJSON FeatureCollection of points ([lng, lat], WGS-84)."""
    at = at or timezone.now()
    type_labels = dict(SiteType.choices)
    # The hours come as text and each distinct text is decoded once: most sites share a few
    # timetables, and decoding 20,000 JSON values one by one took most of a second.
    decoded: dict[str, dict] = {}
    rows = (
        Site.objects.order_by("id")
        .annotate(hours_text=Cast("hours", TextField()))
        .values_list(
            "id",
            "name",
            "site_type",
            "address",
            "lat",
            "lng",
            "hours_text",
            "override",
            "facilities",
        )
    )
    features = []
    for pk, name, site_type, address, site_lat, site_lng, text, override, mask in rows:
        hours = decoded.get(text)
        if hours is None:
            hours = decoded[text] = json.loads(text)
        if not is_open(hours, override, at):
            continue
        features.append(
            {
                "type": "Feature",
                "id": pk,
                "geometry": {"type": "Point", "coordinates": [site_lng, site_lat]},
                "properties": {
                    "name": name,
                    "type": type_labels.get(site_type, site_type),
                    "address": address,
                    "facilities": facility_labels(mask),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
