"""What the site maps are given: the seat names we ship, the tiles setting, the form's map."""

import csv
import json
from pathlib import Path

from django.urls import reverse

from gonghui.conftest import login
from gonghui.sites.geo import haversine_m
from gonghui.sites.maps import CLUSTER_ABOVE

SITES = Path(__file__).resolve().parents[1]
SEATS = SITES / "static/sites/gansu_seats.geojson"
DIVISIONS = SITES.parent / "orgs/data/gansu_divisions.csv"


def seats() -> list[dict]:
    return json.loads(SEATS.read_text(encoding="utf-8"))["features"]


def test_every_county_and_prefecture_has_its_seat():
    with DIVISIONS.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["level"] in ("2", "3")]
    # 兰州新区 (statistical only) and 嘉峪关's 市辖区 placeholder have no seat of their own.
    wanted = {r["code"][:6] for r in rows} - {"620171", "620201"}
    shipped = {f["properties"]["code"] for f in seats()}
    assert shipped == wanted and len(shipped) == 100
    counties = [f for f in seats() if f["properties"]["levels"] == ["county"]]
    assert len(counties) == 86


def test_seats_are_points_in_gansu_with_short_labels():
    by_code = {f["properties"]["code"]: f for f in seats()}
    for feature in by_code.values():
        assert feature["geometry"]["type"] == "Point"
        lng, lat = feature["geometry"]["coordinates"]
        assert 32.5 < lat < 42.9 and 92.2 < lng < 108.8
    assert by_code["622927"]["properties"]["label"] == "积石山县"
    assert by_code["622926"]["properties"]["label"] == "东乡县"
    assert by_code["622900"]["properties"]["label"] == "临夏州"
    assert by_code["620200"]["properties"]["levels"] == ["city", "county"]  # 嘉峪关: no counties
    # 城关区's seat is in 兰州's centre (WGS-84), a few hundred metres from the GCJ-02 figure.
    lng, lat = by_code["620102"]["geometry"]["coordinates"]
    assert haversine_m(lat, lng, 36.0576, 103.8343) < 1500


def test_site_form_has_the_map_and_allows_the_tiles(staff, settings):
    client = login(staff.county_admin)
    response = client.get(reverse("sites:create"))
    assert 'id="site-form-map"' in response.text and 'data-tiles=""' in response.text
    assert "sites/site_form.js" in response.text and "gansu_seats.geojson" in response.text
    assert "tiles.example.org" not in response["Content-Security-Policy"]
    settings.GONGHUI_MAP_TILE_URL = "https://t{s}.tiles.example.org/{z}/{x}/{y}.png"
    response = client.get(reverse("sites:create"))
    assert 'data-tiles="https://t{s}.tiles.example.org/{z}/{x}/{y}.png"' in response.text
    assert "https://*.tiles.example.org" in response["Content-Security-Policy"]


def test_portal_map_is_told_when_to_cluster(db, client):
    response = client.get(reverse("sites_portal:map"))
    assert f'data-cluster-above="{CLUSTER_ABOVE}"' in response.text
    assert "leaflet.markercluster.js" in response.text and "gansu_seats.geojson" in response.text
