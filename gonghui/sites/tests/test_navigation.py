"""The links to the phone's map apps: each app's parameters, in each app's datum."""

from urllib.parse import parse_qs, urlsplit

from gonghui.sites.geo import gcj02_to_bd09, haversine_m, wgs84_to_gcj02
from gonghui.sites.navigation import navigation_links

# 东岗西路 in 兰州, WGS-84.
LAT, LNG = 36.0580, 103.8400
NAME = "东岗西路户外劳动者驿站"


def links(**kwargs):
    return {
        link.key: link
        for link in navigation_links(
            **{"lat": LAT, "lng": LNG, "name": NAME, "address": "城关区东岗西路1号", **kwargs}
        )
    }


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_the_four_links_in_order():
    assert [(link.key, link.label) for link in links().values()] == [
        ("amap", "高德地图"),
        ("baidu", "百度地图"),
        ("tencent", "腾讯地图"),
        ("geo", "手机自带地图"),
    ]


def test_amap_takes_gcj02_lng_first():
    url = links()["amap"].url
    assert url.startswith("https://uri.amap.com/marker?")
    q = query(url)
    glng, glat = map(float, q["position"].split(","))
    assert haversine_m(glat, glng, *wgs84_to_gcj02(LAT, LNG)) < 0.2
    assert haversine_m(glat, glng, LAT, LNG) > 200  # really shifted, not the WGS-84 point
    assert q["name"] == NAME and q["coordinate"] == "gaode" and q["src"] == "gonghui"


def test_baidu_takes_bd09_lat_first():
    url = links()["baidu"].url
    assert url.startswith("https://api.map.baidu.com/marker?")
    q = query(url)
    blat, blng = map(float, q["location"].split(","))
    assert haversine_m(blat, blng, *gcj02_to_bd09(*wgs84_to_gcj02(LAT, LNG))) < 0.2
    assert q["coord_type"] == "bd09ll" and q["output"] == "html" and q["src"] == "gonghui"
    assert q["title"] == NAME and q["content"] == "城关区东岗西路1号"


def test_tencent_takes_gcj02_in_its_marker_parameter():
    url = links()["tencent"].url
    assert url.startswith("https://apis.map.qq.com/uri/v1/marker?")
    q = query(url)
    coord, title = q["marker"].split(";")
    glat, glng = map(float, coord.removeprefix("coord:").split(","))
    assert haversine_m(glat, glng, *wgs84_to_gcj02(LAT, LNG)) < 0.2
    assert title == f"title:{NAME}" and q["referer"] == "gonghui"


def test_a_name_cannot_break_the_tencent_marker_or_the_query():
    tencent = query(links(name="驿站;title:假&x=1")["tencent"].url)
    assert tencent["marker"].count(";") == 1 and "x" not in tencent
    assert query(links(name="甲&乙=丙")["amap"].url)["name"] == "甲&乙=丙"


def test_geo_uri_is_wgs84_with_a_label():
    url = links()["geo"].url
    assert url.startswith("geo:36.058000,103.840000?q=36.058000,103.840000(")
    assert "%E9%A9%BF%E7%AB%99" in url  # 驿站, percent-encoded
    assert links(name="驿站(东岗)")["geo"].url.count("(") == 1
