import random

import pytest

from gonghui.sites.geo import (
    bd09_to_gcj02,
    bounding_box,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    haversine_m,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

# (WGS-84 lat, lng, GCJ-02 lat, lng): the reference vectors of the eviltransform project's tests
# (googollee/eviltransform, python/test_eviltransform.py).
VECTORS = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]


@pytest.mark.parametrize("wlat,wlng,glat,glng", VECTORS)
def test_wgs_to_gcj_matches_reference(wlat, wlng, glat, glng):
    lat, lng = wgs84_to_gcj02(wlat, wlng)
    assert lat == pytest.approx(glat, abs=1e-9)
    assert lng == pytest.approx(glng, abs=1e-9)


@pytest.mark.parametrize("wlat,wlng,glat,glng", VECTORS)
def test_gcj_to_wgs_inverts_to_a_centimetre(wlat, wlng, glat, glng):
    lat, lng = gcj02_to_wgs84(glat, glng)
    assert haversine_m(lat, lng, wlat, wlng) < 0.01


def test_round_trip_across_gansu():
    rng = random.Random(1)
    for _ in range(200):
        lat, lng = rng.uniform(32.6, 42.8), rng.uniform(92.3, 108.7)
        back = gcj02_to_wgs84(*wgs84_to_gcj02(lat, lng))
        assert haversine_m(lat, lng, *back) < 0.01


def test_gcj_offset_in_lanzhou_is_hundreds_of_metres():
    lat, lng = 36.0611, 103.8343
    shifted = wgs84_to_gcj02(lat, lng)
    assert 200 < haversine_m(lat, lng, *shifted) < 800


def test_outside_china_is_unchanged():
    assert gcj02_to_wgs84(48.8566, 2.3522) == (48.8566, 2.3522)


def test_haversine_known_distance():
    # Lanzhou to Tianshui, about 240 km great-circle.
    assert haversine_m(36.0611, 103.8343, 34.5809, 105.7249) == pytest.approx(236_000, rel=0.03)
    assert haversine_m(36.0, 103.0, 36.0, 103.0) == 0


def test_bounding_box_holds_the_circle():
    rng = random.Random(2)
    min_lat, max_lat, min_lng, max_lng = bounding_box(40.0, 95.0, 10_000)
    for _ in range(500):
        lat, lng = rng.uniform(39.8, 40.2), rng.uniform(94.8, 95.2)
        if haversine_m(40.0, 95.0, lat, lng) <= 10_000:
            assert min_lat <= lat <= max_lat and min_lng <= lng <= max_lng


# GCJ-02 ↔ BD-09 and WGS-84 → GCJ-02 at the same point (lat 39.915, lng 116.404): the results
# published in the README and tests of wandergis/coordtransform (MIT), repeated by hutool's
# CoordinateUtilTest and other ports.
COORDTRANSFORM_POINT = (39.915, 116.404)
GCJ_TO_BD = (39.92133699351021, 116.41036949371029)
BD_TO_GCJ = (39.90865673957631, 116.39762729119315)
WGS_TO_GCJ = (39.91640428150164, 116.41024449916938)


def test_gcj_to_bd_matches_reference():
    lat, lng = gcj02_to_bd09(*COORDTRANSFORM_POINT)
    assert lat == pytest.approx(GCJ_TO_BD[0], abs=1e-12)
    assert lng == pytest.approx(GCJ_TO_BD[1], abs=1e-12)


def test_bd_to_gcj_matches_reference():
    lat, lng = bd09_to_gcj02(*COORDTRANSFORM_POINT)
    assert lat == pytest.approx(BD_TO_GCJ[0], abs=1e-12)
    assert lng == pytest.approx(BD_TO_GCJ[1], abs=1e-12)


def test_wgs_to_gcj_matches_the_coordtransform_reference_too():
    lat, lng = wgs84_to_gcj02(*COORDTRANSFORM_POINT)
    assert lat == pytest.approx(WGS_TO_GCJ[0], abs=1e-12)
    assert lng == pytest.approx(WGS_TO_GCJ[1], abs=1e-12)


def test_wgs_to_bd_is_gcj_then_bd():
    lat, lng = wgs84_to_bd09(*COORDTRANSFORM_POINT)
    expected = gcj02_to_bd09(*WGS_TO_GCJ)
    assert haversine_m(lat, lng, *expected) < 1e-6
    # Baidu's offset on top of GCJ-02 is several hundred metres as well.
    assert 300 < haversine_m(*WGS_TO_GCJ, lat, lng) < 1500
    assert wgs84_to_bd09(48.8566, 2.3522) == (48.8566, 2.3522)


def test_round_trips_in_gansu_stay_under_a_metre():
    rng = random.Random(3)
    for _ in range(500):
        lat, lng = rng.uniform(32.6, 42.8), rng.uniform(92.3, 108.7)
        glat, glng = wgs84_to_gcj02(lat, lng)
        # WGS-84 → GCJ-02 → BD-09 → GCJ-02 → WGS-84
        back = gcj02_to_wgs84(*bd09_to_gcj02(*gcj02_to_bd09(glat, glng)))
        assert haversine_m(lat, lng, *back) < 1.0
        assert haversine_m(glat, glng, *bd09_to_gcj02(*gcj02_to_bd09(glat, glng))) < 1.0
