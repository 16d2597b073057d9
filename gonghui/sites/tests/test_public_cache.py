"""The public site data in the shared cache (`sites.public_cache`): served from the cache, and
built again after any write of a site (the map) or an org (the county list)."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from gonghui.orgs.models import Org
from gonghui.sites.models import Override, Site
from gonghui.sites.public_cache import (
    SITES_VERSION,
    open_sites_geojson_body,
    public_counties,
)
from gonghui.sites.services import site_delete, site_set_override, site_update

SHANGHAI = ZoneInfo("Asia/Shanghai")


def names(body: bytes) -> list[str]:
    return sorted(f["properties"]["name"] for f in json.loads(body)["features"])


def geojson_names(client) -> list[str]:
    response = client.get(reverse("sites_portal:geojson"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return names(response.content)


def test_geojson_is_served_from_the_cache_until_a_site_is_written(make_site, client, staff):
    first = make_site(name="甲站")
    assert geojson_names(client) == ["甲站"]
    # A write that skips save() is not seen: the page comes from the cache.
    Site.objects.filter(pk=first.pk).update(name="改名未经服务")
    assert geojson_names(client) == ["甲站"]
    # Any saved site drops the cached map.
    second = make_site(name="乙站")
    assert geojson_names(client) == ["乙站", "改名未经服务"]
    site_update(
        actor=staff.sysadmin,
        site=second,
        org=second.org,
        county=second.county,
        name="乙站新名",
        site_type=second.site_type,
        address=second.address,
        lat=second.lat,
        lng=second.lng,
        hours="24小时",
    )
    assert geojson_names(client) == ["乙站新名", "改名未经服务"]
    site_set_override(actor=staff.sysadmin, site=second, override=Override.CLOSED)
    assert geojson_names(client) == ["改名未经服务"]
    site_delete(actor=staff.sysadmin, site=Site.objects.get(pk=first.pk))
    assert geojson_names(client) == []


def test_geojson_is_built_per_minute_as_the_lights_change(make_site):
    make_site(name="朝八晚六", hours="周一至周五 08:00-18:00")
    before = datetime(2026, 12, 7, 17, 59, 30, tzinfo=SHANGHAI)  # a Monday
    after = datetime(2026, 12, 7, 18, 0, 5, tzinfo=SHANGHAI)
    assert names(open_sites_geojson_body(at=before)) == ["朝八晚六"]
    assert names(open_sites_geojson_body(at=after)) == []
    assert names(open_sites_geojson_body(at=before)) == ["朝八晚六"]


def test_geojson_body_is_the_selectors_json(make_site):
    from gonghui.sites.selectors import open_sites_geojson

    make_site(name="营业中", facilities=4)
    at = datetime(2026, 12, 7, 10, 0, tzinfo=SHANGHAI)
    assert json.loads(open_sites_geojson_body(at=at)) == open_sites_geojson(at=at)


def test_county_list_is_cached_until_an_org_is_written(db, tree, client):
    before = public_counties()
    assert (tree.chengguan.pk, "城关区总工会") in before
    Org.objects.filter(pk=tree.chengguan.pk).update(name="未经保存的名称")
    assert public_counties() == before
    org = Org.objects.get(pk=tree.chengguan.pk)
    org.name = "城关区总工会（新）"
    org.save()
    assert (tree.chengguan.pk, "城关区总工会（新）") in public_counties()
    response = client.get(reverse("sites_portal:nearby"))
    assert "城关区总工会（新）" in response.text


@pytest.mark.django_db(transaction=True)
def test_a_site_write_drops_the_cached_map_again_on_commit(make_site):
    make_site(name="旧站")
    assert names(open_sites_geojson_body()) == ["旧站"]
    with transaction.atomic():
        make_site(name="新站")
        # Another process reading between the write and its commit sees the old rows and
        # keeps them under a version it makes; the commit must drop that version too.
        cache.set(SITES_VERSION, "made-before-the-commit", None)
        cache.set(f"sites:geojson:made-before-the-commit:{_minute()}", b'{"features": []}')
    assert cache.get(SITES_VERSION) is None
    assert names(open_sites_geojson_body()) == ["新站", "旧站"]


def _minute() -> str:
    from django.utils import timezone

    return f"{timezone.now().replace(second=0, microsecond=0).timestamp():.0f}"


def test_geojson_is_gzipped_for_a_client_that_accepts_it(make_site, client):
    import gzip

    make_site(name="压缩站")
    plain = client.get(reverse("sites_portal:geojson"))
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    packed = client.get(reverse("sites_portal:geojson"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert names(plain.content) == ["压缩站"]


def test_county_centre_is_the_selectors_and_moves_when_a_site_is_added(tree, make_site):
    from gonghui.notices.selectors import ancestor_paths
    from gonghui.sites.public_cache import county_centre_above
    from gonghui.sites.selectors import county_origin_above

    paths = ancestor_paths(tree.base_a.path)
    assert county_centre_above(paths) is None
    make_site(lat=36.0, lng=103.8)
    assert county_centre_above(paths) == county_origin_above(paths)
    make_site(lat=36.2, lng=104.0)
    name, lat, lng = county_centre_above(paths)
    assert (name, round(lat, 6), round(lng, 6)) == ("城关区总工会", 36.1, 103.9)
    assert county_centre_above(ancestor_paths(tree.base_c.path)) is None  # 七里河 has none
