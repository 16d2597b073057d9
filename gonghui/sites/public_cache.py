"""Public site data kept in the shared cache (issue 17: the portal's hot pages under load).

What every visitor of the portal reads alike is computed once and kept in the default cache
(Redis in production, the database table elsewhere):

- the GeoJSON of the sites open now (`/m/sites/geojson/`), per minute (a site's light changes
  on the minute, hours being HH:MM), as the bytes of the response, plain and gzipped, under a
  version of the sites; each process also keeps the last one it served, so a hit costs one
  small read (the version), and one thread of a process builds a missing minute;
- the county list of 附近的驿站 (the active county unions, id and name): one read;
- each county's centre (the mean position of its sites), where the portal home looks from: one
  read.

A write invalidates at once and again on commit (`core.kept.drop`): a saved or deleted site
drops the sites' version and the centres, a saved or deleted org the county list and the
centres (`sites.receivers`); the next reader builds them again. Writes that skip `save()` (a queryset's
`update()`) change nothing that is cached here: the merge of orgs moves sites' owning org,
which neither the map, the county list nor the centres show.
"""

import gzip
import json
import threading
from datetime import datetime
from typing import NamedTuple

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from gonghui.core.kept import drop, version
from gonghui.sites.selectors import county_centres, county_choices, open_sites_geojson

SITES_VERSION = "sites:public:version"
COUNTIES = "sites:counties"
CENTRES = "sites:centres"
# A minute's GeoJSON is read for a minute; the lists live until the next write (a day at most).
GEOJSON_TIMEOUT = 120
LISTS_TIMEOUT = 24 * 3600

_served: dict[str, tuple[bytes, bytes]] = {}  # this process's last GeoJSON: {key: bodies}
_building = threading.Lock()


class County(NamedTuple):
    pk: int
    name: str


def sites_changed() -> None:
    """A site was written: the map's GeoJSON and the county centres are built again."""
    drop(SITES_VERSION, CENTRES)


def counties_changed() -> None:
    """An org was written: the county list and the county centres are read again."""
    drop(COUNTIES, CENTRES)


def open_sites_geojson_body(*, at: datetime | None = None, gzipped: bool = False) -> bytes:
    """The JSON body of `selectors.open_sites_geojson` for the minute of `at` (now); with
    `gzipped`, the same gzip-compressed (a tenth of the size; phones always accept it)."""
    minute = (at or timezone.now()).replace(second=0, microsecond=0)
    key = f"sites:geojson:{version(SITES_VERSION)}:{minute.timestamp():.0f}"
    bodies = _served.get(key)
    if bodies is None:
        with _building:  # the other threads of this process wait for the one building
            bodies = _served.get(key) or cache.get(key)
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
    rows = cache.get(COUNTIES)
    if rows is None:
        rows = list(county_choices().values_list("id", "name"))
        cache.set(COUNTIES, rows, LISTS_TIMEOUT)
    return [County(*row) for row in rows]


def county_centre_above(paths: list[str]) -> tuple[str, float, float] | None:
    """`selectors.county_origin_above` from the cache: (name, lat, lng) of the county among
    `paths` with sites, the mean position of its sites; one aggregate of all sites after each
    write instead of one per page load (the portal home)."""
    centres = cache.get(CENTRES)
    if centres is None:
        centres = county_centres()
        cache.set(CENTRES, centres, LISTS_TIMEOUT)
    return next((centres[p] for p in paths if p in centres), None)
