"""Links that open a site in the phone's map apps, to navigate there — URL schemes, no SDK.

Each app wants its own datum: the `geo:` URI (RFC 5870; Android's map apps) takes WGS-84, as
stored; 高德 and 腾讯 take GCJ-02; 百度 takes BD-09 (`coord_type=bd09ll`). The web URLs open the
app when it is installed and its web map otherwise.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from gonghui.sites.geo import gcj02_to_bd09, wgs84_to_gcj02

# The `src`/`referer` the Chinese map apps ask callers to name themselves by.
CALLER = "gonghui"


@dataclass(frozen=True)
class NavigationLink:
    key: str
    label: str
    url: str


def _point(a: float, b: float) -> str:
    return f"{a:.6f},{b:.6f}"


def _query(params: dict[str, str]) -> str:
    # Commas stay readable (the apps' own examples write `lng,lat` that way).
    return urlencode(params, safe=",", quote_via=quote)


def navigation_links(
    *, lat: float, lng: float, name: str, address: str = ""
) -> list[NavigationLink]:
    """The links for a point given in WGS-84, named `name`."""
    glat, glng = wgs84_to_gcj02(lat, lng)
    blat, blng = gcj02_to_bd09(glat, glng)
    # The Tencent marker parameter is itself `key:value;…`: a name must not break it.
    plain = name.replace(";", " ").replace(":", " ")
    geo_label = name.replace("(", " ").replace(")", " ")
    return [
        NavigationLink(
            "amap",
            "高德地图",
            "https://uri.amap.com/marker?"
            + _query(
                {
                    "position": _point(glng, glat),
                    "name": name,
                    "src": CALLER,
                    "coordinate": "gaode",
                    "callnative": "1",
                }
            ),
        ),
        NavigationLink(
            "baidu",
            "百度地图",
            "https://api.map.baidu.com/marker?"
            + _query(
                {
                    "location": _point(blat, blng),
                    "title": name,
                    "content": address or name,
                    "coord_type": "bd09ll",
                    "output": "html",
                    "src": CALLER,
                }
            ),
        ),
        NavigationLink(
            "tencent",
            "腾讯地图",
            "https://apis.map.qq.com/uri/v1/marker?"
            + _query(
                {
                    "marker": f"coord:{_point(glat, glng)};title:{plain}",
                    "referer": CALLER,
                }
            ),
        ),
        NavigationLink(
            "geo",
            "手机自带地图",
            f"geo:{_point(lat, lng)}?q={_point(lat, lng)}({quote(geo_label)})",
        ),
    ]
