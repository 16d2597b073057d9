"""Benchmark the statistics roll-ups at provincial scale on PostgreSQL.

    .venv/bin/python bench/stats.py                      # 1,000,000 members
    .venv/bin/python bench/stats.py --members 100000     # quick run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_bench_stats .venv/bin/python bench/stats.py

Creates (and at the end drops, unless --keep) the database named in DATABASE_URL, loads the org
tree and demo unions and COPYs the members with `bench/members.py`'s generator, then times:

- `rollup_stats` (full rebuild from the raw tables) and `check_stats` (recount and compare);
- the dashboard reads `org_figures` and `org_breakdown` for the province and one county
  (median; the issue's target for a dashboard is < 50 ms);
- `member_create` with its roll-up hooks (median), and `stats_refresh_orgs` of one base union
  (what an import calls at its end).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from members import (  # noqa: E402 - bench scripts import their sibling
    drop_database,
    prepare_database,
    recreate_database,
    setup_django,
    summary,
    timed,
    write_members,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gh_bench_stats"
DASHBOARD_TARGET_MS = 50


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=50, help="timed runs of each read")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/stats.py needs a PostgreSQL DATABASE_URL")
    recreate_database(url)
    setup_django(url)

    from django.db import connection, transaction

    from gonghui.accounts.models import User
    from gonghui.conftest import id_with_check
    from gonghui.demo.accounts import demo_orgs
    from gonghui.members.codes import Category
    from gonghui.members.services import member_create
    from gonghui.metrics.models import OrgStat
    from gonghui.metrics.services import stats_differences, stats_refresh_orgs, stats_rollup
    from gonghui.orgs.models import Org, OrgType
    from gonghui.stats.selectors import org_breakdown, org_figures

    try:
        prepare_database(args.seed)
        print(f"writing {args.members:,} members (COPY):")
        _, seconds = write_members(args.members, args.seed, 10)
        print(f"members written in {seconds:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

        t = time.perf_counter()
        rows = stats_rollup()
        print(f"rollup_stats: {rows:,} rows in {time.perf_counter() - t:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE stats_orgstat")
        t = time.perf_counter()
        differences = stats_differences()
        print(f"check_stats: {len(differences)} differences in {time.perf_counter() - t:.1f} s")

        province = Org.objects.get(depth=1)
        county = Org.objects.filter(org_type=OrgType.COUNTY, name="城关区总工会").first()
        user = User.objects.create(username="bench_stats", org=province)
        for label, org in (("province", province), (county.name, county)):
            n = OrgStat.objects.filter(org=org).count()
            figures = timed(lambda org=org: org_figures(user=user, org=org), args.runs)
            breakdown = timed(
                lambda org=org: org_breakdown(user=user, org=org, metric="members"), args.runs
            )
            met = max(statistics.median(figures), statistics.median(breakdown))
            print(
                f"{label} ({n} rows, {org_figures(user=user, org=org)['members']:,} members): "
                f"org_figures {summary(figures)}; org_breakdown {summary(breakdown)}"
                f" — target < {DASHBOARD_TARGET_MS} ms: "
                f"{'met' if met < DASHBOARD_TARGET_MS else 'MISSED'}"
            )

        base = demo_orgs()["street_base"]
        counter = iter(range(100_000))

        def create_member():
            n = next(counter)
            with transaction.atomic():
                member_create(
                    actor=user,
                    org=base,
                    name="压测",
                    id_number=id_with_check(f"62010219700101{n:03d}"[:17]),
                    phone=f"199{n:08d}",
                    category=Category.EMPLOYED,
                )

        creates = timed(create_member, min(200, args.runs * 2), warmup=0)
        print(f"member_create with roll-up hooks: {summary(creates)}")
        refresh = timed(lambda: stats_refresh_orgs(org_ids=[base.pk]), 20, warmup=1)
        print(f"stats_refresh_orgs(one base union): {summary(refresh)}")
        print(f"check_stats after the writes: {len(stats_differences())} differences")
    finally:
        connection.close()
        if not args.keep:
            drop_database(url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
