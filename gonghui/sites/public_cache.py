"""Public site data kept in the shared cache (issue 17: the portal's hot pages under load).

What every visitor of the portal reads alike is computed once and kept in the default cache
(Redis in production, the database table elsewhere), under a version key:

- the GeoJSON of the sites open now (`/m/sites/geojson/`), per minute (a site's light changes
  on the minute, hours being HH:MM), as the bytes of the response; each process also keeps the
  last one it served, so a hit costs one small read of the version;
- the county list of 附近的驿站 (the active county unions, id and name);
- each county's centre (the mean position of its sites), where the portal home looks from.

A write invalidates on commit: a saved or deleted site drops the sites' version, a saved or
deleted org the counties' (`sites.receivers`); the next reader builds a new version. Writes
that skip `save()` (a queryset's `update()`) change nothing that is cached here: the merge of
orgs moves sites' owning org, which neither the map nor the county list shows.
"""

import gzip
import json
import uuid
from datetime import datetime
from typing import NamedTuple

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from gonghui.sites.selectors import county_centres, county_choices, open_sites_geojson

SITES_VERSION = "sites:public:version"
COUNTIES_VERSION = "sites:counties:version"
# Versions live until the next write; a value past its version is never read again, so it
# only needs to outlive its use.
GEOJSON_TIMEOUT = 120
COUNTIES_TIMEOUT = 24 * 3600

_served: dict[str, tuple[bytes, bytes]] = {}  # this process's last GeoJSON: {key: bodies}


class County(NamedTuple):
    pk: int
    name: str


def _version(key: str) -> str:
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(key, version, None):
            version = cache.get(key) or version
    return version


def _drop(key: str) -> None:
    # At once (this transaction reads its own write), and again after the commit: a reader
    # between the write and its commit still sees the old rows, and may have kept them under a
    # version it made in between.
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def sites_changed() -> None:
    """A site was written: the map's GeoJSON is built again after the commit."""
    _drop(SITES_VERSION)


def counties_changed() -> None:
    """An org was written: the county list is read again after the commit."""
    _drop(COUNTIES_VERSION)


def open_sites_geojson_body(*, at: datetime | None = None, gzipped: bool = False) -> bytes:
    """The JSON body of `selectors.open_sites_geojson` for the minute of `at` (now); with
    `gzipped`, the same gzip-compressed (a tenth of the size; phones always accept it)."""
    minute = (at or timezone.now()).replace(second=0, microsecond=0)
    key = f"sites:geojson:{_version(SITES_VERSION)}:{minute.timestamp():.0f}"
    bodies = _served.get(key)
    if bodies is None:
        bodies = cache.get(key)
        if bodies is None:
            data = open_sites_geojson(at=minute)
            body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
            bodies = (body, gzip.compress(body, compresslevel=6, mtime=0))
            cache.set(key, bodies, GEOJSON_TIMEOUT)
        _served.clear()
        _served[key] = bodies
    return bodies[1] if gzipped else bodies[0]


def public_counties() -> list[County]:
    """The active county unions (`selectors.county_choices`) as (pk, name), in tree order."""
    key = f"sites:counties:{_version(COUNTIES_VERSION)}"
    rows = cache.get(key)
    if rows is None:
        rows = list(county_choices().values_list("id", "name"))
        cache.set(key, rows, COUNTIES_TIMEOUT)
    return [County(*row) for row in rows]


def county_centre_above(paths: list[str]) -> tuple[str, float, float] | None:
    """`selectors.county_origin_above` from the cache: (name, lat, lng) of the county among
    `paths` with sites, the mean position of its sites; one aggregate of all sites per version
    of the sites and the counties instead of one per page load (the portal home)."""
    key = f"sites:centres:{_version(SITES_VERSION)}:{_version(COUNTIES_VERSION)}"
    centres = cache.get(key)
    if centres is None:
        centres = county_centres()
        cache.set(key, centres, COUNTIES_TIMEOUT)
    return next((centres[p] for p in paths if p in centres), None)
