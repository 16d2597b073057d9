"""The dashboard maps: county outlines of a city, matching by code, short labels, ranking."""

import pytest
from django.urls import reverse

from gonghui.conftest import _add
from gonghui.metrics.tests.conftest import person
from gonghui.orgs.models import OrgType
from gonghui.stats.maps import (
    COUNTY_GEOJSON,
    city_features,
    county_features,
    features,
    map_regions,
    org_map,
    short_name,
    short_place,
)
from gonghui.stats.tests.test_dashboard import login, page, people  # noqa: F401 (fixture)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("临夏回族自治州总工会", "临夏州"),
        ("甘南藏族自治州总工会", "甘南州"),
        ("积石山保安族东乡族撒拉族自治县总工会", "积石山县"),
        ("东乡族自治县总工会", "东乡县"),
        ("肃北蒙古族自治县总工会", "肃北县"),
        ("阿克塞哈萨克族自治县总工会", "阿克塞县"),
        ("兰州市总工会", "兰州市"),
        ("城关区总工会", "城关区"),
        ("兰州甲公司工会", "兰州甲公司"),
        ("兰州新区总工会", "兰州新区"),
    ],
)
def test_short_names(name, short):
    assert short_name(name) == short


def test_short_place_keeps_ordinary_names():
    assert short_place("张家川回族自治县") == "张家川县"
    assert short_place("兰州市") == "兰州市"
    assert short_place("甘南藏族自治州") == "甘南州"


def test_the_county_file_covers_every_city_of_the_city_file():
    counties = features(COUNTY_GEOJSON)
    codes = [str(f["adcode"]) for f in counties]
    assert len(codes) == len(set(codes)) == 87  # 86 counties and 嘉峪关 (no county of its own)
    assert all(len(c) == 6 and c.startswith("62") for c in codes)
    assert {c[:4] for c in codes} == {str(f["adcode"])[:4] for f in city_features()}
    assert "620881" in codes and "620824" not in codes  # 华亭县 became 华亭市 in 2018


def test_a_code_matches_by_code_only(tree):
    """兰州新区总工会 (620171) starts with 兰州 but is not 兰州市 on the map."""
    new_area = _add(tree.province, "兰州新区总工会", OrgType.CITY, "620171000000")
    rows = [
        {"org": new_area, "figures": {"members": 9, "new_forms": 0}},
        {"org": tree.lanzhou, "figures": {"members": 3, "new_forms": 0}},
    ]
    regions = {r["name"]: r for r in map_regions(children=rows, features=city_features())}
    assert regions["兰州市"]["org"] == tree.lanzhou and regions["兰州市"]["members"] == 3


def test_cities_without_counties_have_no_map(tree):
    new_area = _add(tree.province, "兰州新区总工会", OrgType.CITY, "620171000000")
    jiayuguan = _add(tree.province, "嘉峪关市总工会", OrgType.CITY, "620200000000")
    assert county_features(new_area) == []
    assert [f["name"] for f in county_features(jiayuguan)] == ["嘉峪关市"]
    for city in (new_area, jiayuguan):
        child = _add(city, "某街道工会", OrgType.TOWNSHIP)
        row = {"org": child, "figures": {"members": 1, "new_forms": 0}}
        assert org_map(org=city, children=[row]) is None
    assert len(county_features(tree.lanzhou)) == 8


def test_unions_without_an_outline_are_named_under_the_map(client, staff, tree, people):  # noqa: F811
    industrial = _add(tree.lanzhou, "兰州市建设系统工会", OrgType.INDUSTRY)
    industrial.refresh_from_db()
    response = page(login(client, staff.city_admin), tree.lanzhou)
    assert [o.name for o in response.context["map"]["unmapped"]] == ["兰州市建设系统工会"]
    assert "兰州市建设系统工会没有对应的区县区域，不在地图上" in response.content.decode()


def test_the_children_chart_is_ranked_with_short_names(
    client,
    staff,
    tree,
    people,  # noqa: F811
    make_member,
):
    response = page(login(client, staff.sysadmin), tree.province)
    bars = response.context["charts"]["children"]
    assert [b["value"] for b in bars] == sorted((b["value"] for b in bars), reverse=True)
    assert [b["short"] for b in bars] == ["兰州市", "天水市"]
    assert bars[0]["name"] == "兰州市总工会"
    assert bars[0]["url"] == reverse("stats:org", args=[tree.lanzhou.pk])
    # 七里河 comes after 城关 in the tree; with more members it comes first in the chart.
    make_member(tree.base_c, id_number=person(1991, 11))
    make_member(tree.base_c, id_number=person(1992, 12))
    bars = page(client, tree.lanzhou).context["charts"]["children"]
    assert [(b["short"], b["value"]) for b in bars] == [("七里河区", 4), ("城关区", 3)]
