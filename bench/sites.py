"""Benchmark service sites at 20,000 sites on PostgreSQL.

    .venv/bin/python bench/sites.py                     # 20,000 sites
    .venv/bin/python bench/sites.py --sites 100000      # what-if
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_d_bench .venv/bin/python bench/sites.py

Creates (and at the end drops, unless --keep) the database named in DATABASE_URL, loads the real
org tree and the demo unions, writes the sites with the demo generator (`demo.sites`, the
one `seed_demo` uses, spread over all 86 counties), runs VACUUM ANALYZE, then times:

- `sites.selectors.nearest_sites(lat, lng, limit=20)` from --points random points near the
  sites (a phone somewhere in a town), target median < 20 ms;
- the portal home page `/m/` through Django's test Client (middleware, session, template),
  target median < 50 ms;
- without a target: the nearby page `/m/sites/?lat=…&lng=…` (nearest 20 + county list +
  template), the nearest search with filters (type, two facilities, open now), from a point in
  the desert far from any site, and the public GeoJSON of open sites.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from members import (  # noqa: E402
    drop_database,
    explain,
    prepare_database,
    recreate_database,
    setup_django,
    summary,
    timed,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gh_d_bench"
NEAREST_TARGET_MS = 20
HOME_TARGET_MS = 50


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--points", type=int, default=300, help="nearest searches to time")
    parser.add_argument("--pages", type=int, default=100, help="page loads to time")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE plans")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def verdict(times, target) -> tuple[bool, str]:
    met = statistics.median(times) < target
    return met, f"target < {target} ms: {'met' if met else 'MISSED'}"


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/sites.py needs a PostgreSQL DATABASE_URL")
    recreate_database(url)
    setup_django(url)

    from django.db import connection
    from django.test import Client

    from gonghui.demo.sites import demo_sites
    from gonghui.sites.models import Facility, Site, SiteType
    from gonghui.sites.selectors import nearest_sites

    ok = True
    try:
        prepare_database(args.seed)
        t = time.perf_counter()
        sites = demo_sites(args.sites, args.seed)
        Site.objects.bulk_create(sites, batch_size=5000)
        seconds = time.perf_counter() - t
        print(f"sites written: {Site.objects.count():,} in {seconds:.1f} s")
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"VACUUM ANALYZE: {time.perf_counter() - t:.1f} s")

        rng = random.Random(args.seed)
        coords = list(Site.objects.values_list("lat", "lng"))
        points = [
            (lat + rng.gauss(0, 0.02), lng + rng.gauss(0, 0.02))
            for lat, lng in rng.sample(coords, min(args.points, len(coords)))
        ]
        it = iter(points * 2)

        def nearest():
            lat, lng = next(it)
            assert len(nearest_sites(lat, lng, limit=20)) == 20

        times = timed(nearest, len(points) - 3)
        met, text = verdict(times, NEAREST_TARGET_MS)
        ok &= met
        print(f"nearest 20 from a point near the sites: {summary(times)} — {text}")

        client = Client(HTTP_HOST="localhost")

        def get(path):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        times = timed(lambda: get("/m/"), args.pages)
        met, text = verdict(times, HOME_TARGET_MS)
        ok &= met
        print(f"portal home /m/ (test Client, server time): {summary(times)} — {text}")

        pit = iter(points * 4)

        def nearby_page():
            lat, lng = next(pit)
            get(f"/m/sites/?lat={lat:.6f}&lng={lng:.6f}")

        print(
            f"(no target) nearby page /m/sites/?lat=…&lng=…: {summary(timed(nearby_page, args.pages))}"
        )
        fit = iter(points * 2)
        mask = Facility.WATER | Facility.CHARGING

        def filtered():
            lat, lng = next(fit)
            nearest_sites(
                lat, lng, limit=20, types=[SiteType.STATION], facilities=mask, open_now=True
            )

        print(
            "(no target) nearest 20 驿站 with 饮水+充电, open now: "
            f"{summary(timed(filtered, min(100, len(points) - 3)))}"
        )
        # 库姆塔格沙漠, far west of Dunhuang: the box has to widen several times.
        print(
            "(no target) nearest 20 from the desert (39.0, 92.8): "
            f"{summary(timed(lambda: nearest_sites(39.0, 92.8, limit=20), 30))}"
        )
        print(
            f"(no target) GeoJSON of open sites: {summary(timed(lambda: get('/m/sites/geojson/'), 10, 1))}"
        )
        if args.explain:
            lat, lng = points[0]
            print("\nEXPLAIN ANALYZE — nearest 20 (each box tried):")
            print(explain(lambda: nearest_sites(lat, lng, limit=20)))
        return 0 if ok else 1
    finally:
        connection.close()
        if args.keep:
            print(f"database kept: {url}")
        else:
            drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
