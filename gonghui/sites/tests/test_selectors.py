import random
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.sites.geo import haversine_m
from gonghui.sites.models import Facility, Override, Site, SiteType
from gonghui.sites.parsing import parse_hours
from gonghui.sites.selectors import (
    county_origin,
    county_origin_above,
    nearest_sites,
    open_sites_geojson,
    site_list,
)

SH = ZoneInfo("Asia/Shanghai")
MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=SH)
MONDAY_NIGHT = datetime(2026, 11, 23, 22, 0, tzinfo=SH)
TYPES = list(SiteType.values)


@pytest.fixture
def scattered(tree):
    """400 sites over Gansu (bulk-created: the selectors only read), deterministic."""
    rng = random.Random(7)
    sites = []
    for n in range(400):
        # Most in a few clusters, some spread out over the desert.
        if n % 4:
            clat, clng = rng.choice([(36.06, 103.83), (34.58, 105.72), (39.73, 98.49)])
            lat, lng = clat + rng.gauss(0, 0.15), clng + rng.gauss(0, 0.15)
        else:
            lat, lng = rng.uniform(32.6, 42.8), rng.uniform(92.3, 108.7)
        sites.append(
            Site(
                name=f"阵地{n}",
                site_type=TYPES[n % len(TYPES)],
                org=tree.chengguan,
                county=tree.chengguan,
                address="地址",
                lat=lat,
                lng=lng,
                hours=parse_hours("24小时" if n % 3 else "周一至周五 08:00-18:00"),
                facilities=rng.randrange(0, 512),
                override=Override.CLOSED if n % 17 == 0 else Override.AUTO,
            )
        )
    Site.objects.bulk_create(sites)
    return list(Site.objects.all())


def brute_force(sites, lat, lng, *, limit, types=None, facilities=0, open_now=False, at=None):
    rows = []
    for s in sites:
        if types and s.site_type not in types:
            continue
        if facilities and s.facilities & facilities != facilities:
            continue
        if open_now and not s.is_open_at(at):
            continue
        rows.append((haversine_m(lat, lng, s.lat, s.lng), s.pk))
    return [pk for _, pk in sorted(rows)[:limit]]


POINTS = [(36.06, 103.83), (34.6, 105.7), (40.5, 95.0), (33.0, 108.5), (42.5, 93.0)]


@pytest.mark.parametrize("lat,lng", POINTS)
def test_nearest_matches_brute_force(scattered, lat, lng):
    got = nearest_sites(lat, lng, limit=20, at=MONDAY_NOON)
    assert [n.site.pk for n in got] == brute_force(scattered, lat, lng, limit=20)
    distances = [n.distance_m for n in got]
    assert distances == sorted(distances)


@pytest.mark.parametrize("lat,lng", POINTS[:3])
def test_nearest_with_filters_matches_brute_force(scattered, lat, lng):
    mask = Facility.WATER | Facility.CHARGING
    kwargs = dict(types=["station", "home", "driver"], facilities=mask, open_now=True)
    got = nearest_sites(lat, lng, limit=10, at=MONDAY_NIGHT, **kwargs)
    expected = brute_force(scattered, lat, lng, limit=10, at=MONDAY_NIGHT, **kwargs)
    assert [n.site.pk for n in got] == expected
    assert expected  # the filters leave something to find
    for n in got:
        assert n.is_open and n.site.facilities & mask == mask


def test_nearest_returns_all_when_fewer_than_limit(scattered):
    got = nearest_sites(36.0, 104.0, limit=1000, at=MONDAY_NOON)
    assert len(got) == 400


def test_open_now_hides_closed_and_overridden(make_site):
    open_one = make_site(name="开着", lat=36.06, lng=103.83, hours="24小时")
    make_site(name="关着", lat=36.0601, lng=103.8301, hours="24小时", override=Override.CLOSED)
    make_site(name="白天", lat=36.0602, lng=103.8302, hours="周一至周五 08:00-18:00")
    names = [n.site.name for n in nearest_sites(36.06, 103.83, open_now=True, at=MONDAY_NIGHT)]
    assert names == [open_one.name]
    lights = {n.site.name: n.is_open for n in nearest_sites(36.06, 103.83, at=MONDAY_NOON)}
    assert lights == {"开着": True, "关着": False, "白天": True}


def test_facility_filter_is_all_of(make_site, staff):
    make_site(name="水电", facilities=Facility.WATER | Facility.CHARGING)
    make_site(name="只有水", facilities=Facility.WATER)
    mask = Facility.WATER | Facility.CHARGING
    assert [s.name for s in site_list(user=staff.sysadmin, facilities=mask)] == ["水电"]
    assert {s.name for s in site_list(user=staff.sysadmin, facilities=Facility.WATER)} == {
        "水电",
        "只有水",
    }


def test_site_list_is_scoped(make_site, staff, tree):
    make_site(name="城关的", org=tree.base_a)
    make_site(name="七里河的", org=tree.qilihe)
    assert [s.name for s in site_list(user=staff.county_admin)] == ["城关的"]
    assert {s.name for s in site_list(user=staff.city_admin)} == {"城关的", "七里河的"}
    assert list(site_list(user=staff.tianshui_admin)) == []


def test_site_list_query_count_is_constant(make_site, staff):
    for n in range(5):
        make_site(name=f"站{n}")
    with CaptureQueriesContext(connection) as ctx:
        rows = list(site_list(user=staff.sysadmin))
        [(s.org.name, s.county.name) for s in rows]
    assert len(ctx.captured_queries) == 1


def test_county_origin_is_mean_of_its_sites(make_site, tree):
    make_site(lat=36.0, lng=103.8)
    make_site(lat=36.2, lng=104.0)
    lat, lng = county_origin(tree.chengguan.pk)
    assert (lat, lng) == (pytest.approx(36.1), pytest.approx(103.9))
    assert county_origin(tree.qilihe.pk) is None


def test_geojson_lists_open_sites_only(make_site):
    a = make_site(name="营业", lat=36.06, lng=103.83, facilities=Facility.WATER)
    make_site(name="暂停", override=Override.CLOSED)
    make_site(name="白天", hours="周一 08:00-09:00")
    data = open_sites_geojson(at=MONDAY_NIGHT)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 1
    feature = data["features"][0]
    assert feature["id"] == a.pk
    assert feature["geometry"] == {"type": "Point", "coordinates": [103.83, 36.06]}
    assert feature["properties"]["name"] == "营业"
    assert feature["properties"]["facilities"] == ["饮水"]


def _paths(org):
    return [org.path[:end] for end in range(4, len(org.path) + 1, 4)]


def test_county_origin_above_finds_the_county_among_a_unions_ancestors(tree, make_site):
    make_site(lat=36.0, lng=103.8)
    make_site(lat=36.2, lng=104.0)
    make_site(lat=34.5, lng=105.7, org=tree.qinzhou, county=tree.qinzhou)
    name, lat, lng = county_origin_above(_paths(tree.base_a))
    assert name == "城关区总工会"
    assert (round(lat, 6), round(lng, 6)) == (36.1, 103.9)
    assert county_origin_above(_paths(tree.base_c)) is None  # 七里河 has none
