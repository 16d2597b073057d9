"""The dashboard's choropleth: which outlines a dashboard draws and which union each one is.

- a province dashboard colours the city (市州) outlines by its child city unions;
- a city dashboard colours its county (区县) outlines by its child county unions;
- below that (counties, and a city without counties such as 嘉峪关 or 兰州新区) there is no
  map: the ranked bar chart of the child unions stands in for it.

Outlines are matched to unions by the first 6 digits of `Org.division_code`, or by name when an
org has no code (兰州市 ↔ 兰州市总工会). The outlines are vendored GeoJSON files (see
`static/stats/SOURCES.md`); only their `properties` are read here, once.
"""

import functools
import json
from pathlib import Path

from gonghui.orgs.models import Org, OrgType

STATIC = Path(__file__).resolve().parent / "static" / "stats"
CITY_GEOJSON = "stats/gansu_cities.geojson"
COUNTY_GEOJSON = "stats/gansu_counties.geojson"

# Feature names that do not start the org's name as they are (兰州市 ↔ 兰州…, 临夏回族自治州).
MAP_NAME_SUFFIXES = ("回族自治州", "藏族自治州", "市", "州", "区", "县")
# The 55 minority nationalities, longest first: 临夏回族自治州 → 临夏州, 东乡族自治县 → 东乡县.
NATIONALITIES = sorted(
    [
        "蒙古",
        "回",
        "藏",
        "维吾尔",
        "苗",
        "彝",
        "壮",
        "布依",
        "朝鲜",
        "满",
        "侗",
        "瑶",
        "白",
        "土家",
        "哈尼",
        "哈萨克",
        "傣",
        "黎",
        "傈僳",
        "佤",
        "畲",
        "高山",
        "拉祜",
        "水",
        "东乡",
        "纳西",
        "景颇",
        "柯尔克孜",
        "土",
        "达斡尔",
        "仫佬",
        "羌",
        "布朗",
        "撒拉",
        "毛南",
        "仡佬",
        "锡伯",
        "阿昌",
        "普米",
        "塔吉克",
        "怒",
        "乌孜别克",
        "俄罗斯",
        "鄂温克",
        "德昂",
        "保安",
        "裕固",
        "京",
        "塔塔尔",
        "独龙",
        "鄂伦春",
        "赫哲",
        "门巴",
        "珞巴",
        "基诺",
    ],
    key=len,
    reverse=True,
)
UNION_SUFFIXES = ("总工会", "工会")


def short_place(name: str) -> str:
    """The usual short form of an autonomous area's name, others unchanged:
    临夏回族自治州 → 临夏州, 积石山保安族东乡族撒拉族自治县 → 积石山县, 东乡族自治县 → 东乡县."""
    for kind in ("州", "县", "旗"):
        if not name.endswith("自治" + kind):
            continue
        stem = name.removesuffix("自治" + kind)
        while True:
            ending = next((n + "族" for n in NATIONALITIES if stem.endswith(n + "族")), None)
            if ending is None or len(stem) - len(ending) < 2:
                break
            stem = stem.removesuffix(ending)
        return stem.removesuffix("族") + kind
    return name


def short_name(org_name: str) -> str:
    """A union's name for a chart axis or a map label (the tooltip and the tables keep the
    full name): 临夏回族自治州总工会 → 临夏州, 城关区总工会 → 城关区, 兰州甲公司工会 → 兰州甲公司."""
    for suffix in UNION_SUFFIXES:
        if org_name.endswith(suffix) and len(org_name) > len(suffix) + 1:
            org_name = org_name.removesuffix(suffix)
            break
    return short_place(org_name)


@functools.cache
def features(geojson: str) -> tuple[dict, ...]:
    """The `properties` ({"name", "adcode", …}) of a vendored GeoJSON file's features."""
    path = STATIC / geojson.removeprefix("stats/")
    with path.open(encoding="utf-8") as source:
        return tuple(feature["properties"] for feature in json.load(source)["features"])


def city_features() -> tuple[dict, ...]:
    return features(CITY_GEOJSON)


def county_features(city: Org) -> list[dict]:
    """The county outlines of a city union's city (by its division code), [] for a union
    whose code is no city's (兰州新区 620171 is a statistical area inside 兰州市)."""
    code = city.division_code or ""
    if len(code) < 6 or code[4:6] != "00" or code[2:4] == "00":
        return []
    return [f for f in features(COUNTY_GEOJSON) if str(f["adcode"])[:4] == code[:4]]


def _matches(feature_name: str, org: Org, adcode: str) -> bool:
    if org.division_code:
        # An org with a code is matched by it only: 兰州新区总工会 (620171) is not 兰州市.
        return org.division_code[:6] == adcode
    stem = feature_name
    for suffix in MAP_NAME_SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix) + 1:
            stem = stem.removesuffix(suffix)
            break
    return org.name.startswith(stem)


def map_label(name: str, *, level: str) -> str:
    """A feature's label on the map: 临夏回族自治州 → 临夏州; on the city map 兰州市 → 兰州 too
    (the southeast of Gansu is crowded). County names keep 市/县/区: 临夏市 is not 临夏县."""
    label = short_place(name)
    if level == "city" and label.endswith("市") and len(label) > 2:
        label = label.removesuffix("市")
    return label


def map_regions(
    *, children: list[dict], features: list[dict] | tuple[dict, ...], level: str = "city"
) -> list[dict]:
    """Every feature with the child union it shows (None and 0 when none matches).
    `children` are rows of `dashboard.child_figures` (already of the map's org type)."""
    regions = []
    for feature in features:
        name, adcode = feature["name"], str(feature.get("adcode", ""))
        match = next((row for row in children if _matches(name, row["org"], adcode)), None)
        regions.append(
            {
                "name": name,
                "label": map_label(name, level=level),
                "org": match["org"] if match else None,
                "members": match["figures"]["members"] if match else 0,
                "new_forms": match["figures"]["new_forms"] if match else 0,
            }
        )
    return regions


def org_map(*, org: Org, children: list[dict]) -> dict | None:
    """The map of a dashboard, or None where there is none::

        {"level": "city" | "county", "geojson": static path, "codes": [adcode, ...],
         "regions": map_regions(...), "unmapped": [child union, ...]}

    `codes` are the outlines to draw (the county file holds all of Gansu's counties);
    `unmapped` are the child unions no outline shows (industrial unions, 兰州新区…)."""
    if org.org_type == OrgType.PROVINCE:
        level, geojson, shown = "city", CITY_GEOJSON, list(city_features())
        child_type = OrgType.CITY
    elif org.org_type == OrgType.CITY:
        level, geojson, shown = "county", COUNTY_GEOJSON, county_features(org)
        child_type = OrgType.COUNTY
        if len(shown) < 2:  # 嘉峪关 has no counties: one outline says nothing
            return None
    else:
        return None
    rows = [row for row in children if row["org"].org_type == child_type]
    regions = map_regions(children=rows, features=shown, level=level)
    on_map = {r["org"].pk for r in regions if r["org"]}
    if not on_map:  # no child union has an outline: a map of zeros says nothing
        return None
    return {
        "level": level,
        "geojson": geojson,
        "codes": [str(f["adcode"]) for f in shown],
        "regions": regions,
        "unmapped": [row["org"] for row in children if row["org"].pk not in on_map],
    }
