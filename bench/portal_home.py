"""Benchmark the worker portal's home page (/m/) with a logged-in worker, server time.

    .venv/bin/python bench/portal_home.py                   # PostgreSQL gh_d_bench_home
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_x .venv/bin/python bench/portal_home.py
    DATABASE_URL=sqlite:////tmp/home.sqlite3 .venv/bin/python bench/portal_home.py --sites 5000

Creates (and at the end drops, unless --keep) the database named in DATABASE_URL, loads the real
org tree and the demo unions, the demo accounts and workers, --sites sites (the `seed_demo`
generator over all 86 counties), --notices notices from random regional unions plus the demo
ones, and gives the demo non-member a pending join application in 城关区 and the member a
transfer request. Then it times, warm, through Django's test Client (middleware, session,
consent check, template; no network):

- `/m/` as the applicant (我的事项 with his application, notices of 城关区 and above, the three
  sites nearest the centre of 城关区) and as the member (his request, his union's notices and
  sites, and the open 网上练兵 of his union chain — --quizzes of them — with his tries left),
  target median < 50 ms each;
- without a target: `/m/` as a visitor, and the `/m/nearby/` fragment from a point in 兰州.

It first prints the number of queries of one page load per user (`--sql` lists them).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from members import (  # noqa: E402
    drop_database,
    prepare_database,
    recreate_database,
    setup_django,
    summary,
    timed,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gh_d_bench_home"
HOME_TARGET_MS = 50


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=20_000)
    parser.add_argument("--notices", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pages", type=int, default=200, help="page loads to time")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--quizzes", type=int, default=10, help="open 网上练兵 of his chain")
    parser.add_argument("--sql", action="store_true", help="print the queries of one page load")
    return parser.parse_args()


def seed(args) -> tuple:
    """Everything the home reads; returns (applicant, member) workers."""
    from django.db import connection
    from django.utils import timezone

    from gonghui.core import crypto
    from gonghui.demo.accounts import demo_orgs, ensure_demo_accounts
    from gonghui.demo.notices import seed_notices
    from gonghui.demo.sites import demo_sites
    from gonghui.demo.workers import DEMO_WORKERS, ensure_demo_workers
    from gonghui.members.codes import Category
    from gonghui.notices.models import Notice
    from gonghui.orgs.models import Org, OrgType
    from gonghui.portal.models import JoinApplication, MemberRequest, MemberRequestKind, Worker
    from gonghui.sites.models import Site

    t = time.perf_counter()
    Site.objects.bulk_create(demo_sites(args.sites, args.seed), batch_size=5000)
    ensure_demo_accounts()
    ensure_demo_workers()
    seed_notices()
    rng = random.Random(args.seed)
    regional = list(
        Org.objects.filter(
            org_type__in=(OrgType.CITY, OrgType.COUNTY, OrgType.TOWNSHIP)
        ).values_list("pk", flat=True)
    )
    now = timezone.now()
    Notice.objects.bulk_create(
        [
            Notice(
                title=f"通知{n}",
                body="正文" * 50,
                publisher_id=(org_id := rng.choice(regional)),
                target_id=org_id,
                publish_from=now - timedelta(minutes=rng.randint(10, 60 * 24 * 365)),
            )
            for n in range(args.notices)
        ],
        batch_size=5000,
    )
    workers = {
        spec.member: Worker.objects.get(phone_hash=crypto.lookup_hash(spec.phone))
        for spec in DEMO_WORKERS
    }
    applicant, member = workers[False], workers[True]
    JoinApplication.objects.create(
        worker=applicant,
        org=demo_orgs()["street_base"],
        category=Category.NF_DELIVERY,
        employer="美团外卖兰州站",
    )
    if member.member is not None:
        MemberRequest.objects.create(
            worker=member, member=member.member, kind=MemberRequestKind.LEAVE, reason="退休"
        )
        # 网上练兵 open now, hosted along the member's union chain (the home offers 3).
        from gonghui.competitions.models.quiz import Quiz, QuizStatus

        path = member.member.org.path
        hosts = list(Org.objects.filter(path__in=[path[:n] for n in range(4, len(path) + 1, 4)]))
        Quiz.objects.bulk_create(
            Quiz(
                host=rng.choice(hosts),
                title=f"网上练兵{n}",
                status=QuizStatus.PUBLISHED,
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=n + 1),
                attempts_allowed=2,
            )
            for n in range(args.quizzes)
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    print(
        f"seeded: {Site.objects.count():,} sites, {Notice.objects.count():,} notices "
        f"in {time.perf_counter() - t:.1f} s"
    )
    return applicant, member


def client_of(worker):
    from importlib import import_module

    from django.conf import settings
    from django.test import Client

    from gonghui.portal.auth import SESSION_KEY

    client = Client(HTTP_HOST="localhost")
    if worker is not None:
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = worker.pk
        store.create()
        client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    return client


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    setup_django(url)
    from django.db import connection

    try:
        prepare_database(args.seed)
        applicant, member = seed(args)

        def count_queries(label, client, path):
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            print(f"{label} {path}: {len(queries)} queries")
            if args.sql:
                for query in queries:
                    print("   ", query["sql"][:300])

        def page(client, path, expect=None):
            def get():
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
                if expect:
                    assert expect in response.content.decode()

            return get

        for label, worker in (("applicant", applicant), ("member", member), ("visitor", None)):
            count_queries(label, client_of(worker), "/m/")
        met = True
        for label, client, expect in (
            ("applicant", client_of(applicant), "待审核"),
            ("member", client_of(member), None),
        ):
            times = timed(page(client, "/m/", expect=expect), args.pages, warmup=5)
            ok = statistics.median(times) < HOME_TARGET_MS
            met = met and ok
            print(
                f"portal home /m/, {label} (test Client, server time): {summary(times)} — "
                f"target median < {HOME_TARGET_MS} ms: {'met' if ok else 'MISSED'}"
            )
        for label, client, path in (
            ("portal home /m/, visitor", client_of(None), "/m/"),
            (
                "nearby fragment /m/nearby/ (兰州)",
                client_of(None),
                "/m/nearby/?lat=36.06&lng=103.83",
            ),
        ):
            print(f"(no target) {label}: {summary(timed(page(client, path), args.pages // 2))}")
        return 0 if met else 1
    finally:
        connection.close()
        if args.keep:
            print(f"database kept: {url}")
        else:
            drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
