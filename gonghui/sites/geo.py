"""Coordinates: great-circle distance, and conversions between WGS-84, GCJ-02 and BD-09.

Sites are stored in WGS-84 (what a phone's GPS and `navigator.geolocation` report). Addresses
copied from AMap/Tencent/Google China maps come in GCJ-02 (the "Mars" offset, up to ~0.5 km);
they are converted on import. The forward formula is the public one from the eviltransform
project (https://github.com/googollee/eviltransform, BSD-2-Clause); it has no closed inverse, so
`gcj02_to_wgs84` inverts it by fixed-point iteration to well under a centimetre. Baidu's maps
add their own offset on top of GCJ-02 (BD-09); `gcj02_to_bd09` is the public formula (as in the
wandergis/coordtransform project, MIT) and `bd09_to_gcj02` its usual inverse (~1e-6°), only
used to link to those maps' URLs — nothing is ever stored in GCJ-02 or BD-09.
"""

import math

EARTH_RADIUS_M = 6_371_008.8
# Krasovsky 1940 ellipsoid, as the GCJ-02 formula uses it.
_A = 6378245.0
_EE = 0.00669342162296594323
# Baidu's constant: pi * 3000 / 180.
_X_PI = math.pi * 3000.0 / 180.0


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def in_china(lat: float, lng: float) -> bool:
    """The rough box inside which GCJ-02 applies an offset at all."""
    return 0.8293 <= lat <= 55.8271 and 72.004 <= lng <= 137.8347


def _offset(lat: float, lng: float) -> tuple[float, float]:
    x, y = lng - 105.0, lat - 35.0
    common = (20 * math.sin(6 * x * math.pi) + 20 * math.sin(2 * x * math.pi)) * 2 / 3
    dlat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x)) + common
    dlat += (20 * math.sin(y * math.pi) + 40 * math.sin(y / 3 * math.pi)) * 2 / 3
    dlat += (160 * math.sin(y / 12 * math.pi) + 320 * math.sin(y * math.pi / 30)) * 2 / 3
    dlng = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x)) + common
    dlng += (20 * math.sin(x * math.pi) + 40 * math.sin(x / 3 * math.pi)) * 2 / 3
    dlng += (150 * math.sin(x / 12 * math.pi) + 300 * math.sin(x / 30 * math.pi)) * 2 / 3
    rad = math.radians(lat)
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = dlat * 180 / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlng = dlng * 180 / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return dlat, dlng


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    if not in_china(lat, lng):
        return lat, lng
    dlat, dlng = _offset(lat, lng)
    return lat + dlat, lng + dlng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """Invert `wgs84_to_gcj02`: the offset varies slowly, so each step gains ~3 digits."""
    if not in_china(lat, lng):
        return lat, lng
    wlat, wlng = lat, lng
    for _ in range(30):
        glat, glng = wgs84_to_gcj02(wlat, wlng)
        dlat, dlng = glat - lat, glng - lng
        wlat, wlng = wlat - dlat, wlng - dlng
        if abs(dlat) < 1e-10 and abs(dlng) < 1e-10:
            break
    return wlat, wlng


def gcj02_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    z = math.sqrt(lng * lng + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def bd09_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    x, y = lng - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def wgs84_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    """What Baidu's maps call a WGS-84 point (inside China; outside, the point as it is)."""
    if not in_china(lat, lng):
        return lat, lng
    return gcj02_to_bd09(*wgs84_to_gcj02(lat, lng))


def bounding_box(lat: float, lng: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) of a box holding every point within `radius_m`."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    coslat = max(math.cos(math.radians(min(89.0, abs(lat) + dlat))), 1e-6)
    dlng = min(180.0, dlat / coslat)
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng
