"""What every page with a site map shares: the configured tiles and the Content-Security-Policy
source they need.

Tiles come only from `GONGHUI_MAP_TILE_URL` (an XYZ template, WGS-84 / CGCS2000 tiles such as
an intranet 天地图 mirror). Without it a map draws our own Gansu outline and the names of the
prefecture and county seats (`static/sites/gansu_seats.geojson`) — points, never county
boundaries, since no outline we can ship is an approved 标准地图.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse

# Above this many markers the map groups them into clusters (Leaflet.markercluster).
CLUSTER_ABOVE = 200


def tile_url() -> str:
    return settings.GONGHUI_MAP_TILE_URL


def tile_source(url_template: str) -> str | None:
    """The Content-Security-Policy source that lets the map load tiles from `url_template`
    (scheme, host and port), or None for a tile server on this site. Leaflet's {s} subdomain
    placeholder in the first label becomes a wildcard: t{s}.example.cn → *.example.cn."""
    parts = urlsplit(url_template)
    if not parts.netloc:
        return None
    labels = parts.netloc.split(".")
    if "{" in labels[0]:
        labels[0] = "*"
    host = ".".join(labels)
    return f"{parts.scheme}://{host}" if parts.scheme else host


def allow_tiles(response: HttpResponse) -> HttpResponse:
    """Let `response` (a page with a map) load images from the tile server, if one is set."""
    source = tile_source(tile_url())
    if source:
        # What django-csp's csp_update decorator sets, but from the setting at request time.
        response._csp_update = {"img-src": [source]}
    return response
