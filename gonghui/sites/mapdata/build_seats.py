"""Build `sites/static/sites/gansu_seats.geojson`: the names the portal map writes at the seats
(驻地) of Gansu's 14 prefectures and 86 counties when no tiles are configured.

Run once by hand, never at run time (see `sites/static/sites/SOURCES.md`)::

    python gonghui/sites/mapdata/build_seats.py

Input: `gonghui/demo/data/county_seats.csv` (cpca 0.5.5's AMap district centres, already
converted to WGS-84; see the SOURCES.md beside it). Output: one Point per row, properties `code`
(6 digits), `name` (full), `label` (short: 积石山保安族东乡族撒拉族自治县 → 积石山县) and `levels`
(`["city"]`, `["county"]`, or both for 嘉峪关, a city without counties). Points, not outlines:
the outlines we can ship are not an approved 标准地图.
"""

import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "gonghui/demo/data/county_seats.csv"
TARGET = ROOT / "gonghui/sites/static/sites/gansu_seats.geojson"
# The nationalities named in Gansu's autonomous prefectures and counties.
NATIONALITIES = ("哈萨克", "蒙古", "东乡", "保安", "撒拉", "裕固", "回", "藏")


def short_label(name: str) -> str:
    for suffix, short in (("自治州", "州"), ("自治县", "县")):
        if name.endswith(suffix):
            stem = name.removesuffix(suffix)
            stripped = True
            while stripped:
                stripped = False
                for nationality in NATIONALITIES:
                    # 东乡族自治县 → 东乡县: the place named after its people keeps the name.
                    if stem.endswith(nationality + "族") and stem != nationality + "族":
                        stem = stem.removesuffix(nationality + "族")
                        stripped = True
            return stem.removesuffix("族") + short
    return name


def main() -> None:
    features = []
    with SOURCE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    prefixes = {row["code"][:4] for row in rows if not row["code"][:6].endswith("00")}
    for row in rows:
        code = row["code"][:6]
        if not code.endswith("00"):
            levels = ["county"]
        elif code[:4] in prefixes:
            levels = ["city"]
        else:
            levels = ["city", "county"]
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(row["lng"]), float(row["lat"])],
                },
                "properties": {
                    "code": code,
                    "name": row["name"],
                    "label": short_label(row["name"]),
                    "levels": levels,
                },
            }
        )
    data = {"type": "FeatureCollection", "features": features}
    TARGET.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
