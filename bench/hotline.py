"""Benchmark the 12351 hotline at 200,000 cases on PostgreSQL.

    .venv/bin/python bench/hotline.py                    # 200,000 cases
    .venv/bin/python bench/hotline.py --cases 20000      # quick run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_hbench .venv/bin/python bench/hotline.py

Creates (and at the end drops, unless --keep) the database named in DATABASE_URL, loads the real
org tree and the demo unions, writes the cases with COPY, runs VACUUM ANALYZE, then times:

- the supervision sweep `hotline.tasks.sweep(now)`, twice: the first run finds every late case
  and notifies its holder and the level above, the second finds them all already notified;
  target < 2 s each;
- a county union's queue: `Paginator(selectors.case_list(user=<县区总工会 admin>), 20)`, page 1
  rows + count, median of --pages runs, target < 100 ms (also the workbench's open-case queue
  ordered by deadline, and the overdue queue, without a target);
- the province's statistics for one year, `hotline.stats.case_statistics`, target < 300 ms.

The cases are spread over 2025-01-01 to the run's day, held by the county and township unions
(about 40 % / 60 %), with a 一般/较难/复杂 mix; about 5 % are open past their deadline, a few
hundred miss the 30-minute dispatch or 2-hour accept target. Deadlines are approximated
(end of day / +7 / +15 days) rather than computed case by case with the working-day calendar:
no timed query depends on how a deadline was computed. Callers come from a pool of 5,000
(encrypting 200,000 names and phones would dominate the load time and change no timing).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from members import (  # noqa: E402
    copy_rows,
    drop_database,
    explain,
    prepare_database,
    recreate_database,
    setup_django,
    summary,
    timed,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gh_hbench"
SWEEP_TARGET_S = 2
PAGE_TARGET_MS = 100
STATS_TARGET_MS = 300
OVERDUE_SHARE = 0.05


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pages", type=int, default=60, help="queue page loads to time")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE plans")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def holders():
    """(holder, county) pairs: every county union, and every township union with its county."""
    from gonghui.orgs.models import Org, OrgType

    counties = {
        o.path: o for o in Org.objects.filter(org_type=OrgType.COUNTY, depth=3, status="active")
    }
    townships = [
        (t, counties[t.path[: 3 * Org.steplen]])
        for t in Org.objects.filter(org_type=OrgType.TOWNSHIP, status="active")
        if t.path[: 3 * Org.steplen] in counties
    ]
    return [(c, c) for c in counties.values()], townships


class CaseMaker:
    """Draws cases and turns them into COPY rows, column list read from the model (a column
    added later takes its field default)."""

    def __init__(self, seed: int, now: datetime):
        from gonghui.core.crypto import encrypt, lookup_hash
        from gonghui.hotline.models import Case

        fields = Case._meta.concrete_fields
        self.cols = [f.column for f in fields]
        self.defaults = {f.column: f.get_default() for f in fields}
        self.rng = random.Random(seed)
        self.now = now
        surnames = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
        callers = []
        for _ in range(5000):
            name = self.rng.choice(surnames) + self.rng.choice("建国秀英明华丽军强芳")
            phone = f"139{self.rng.randrange(10**8):08d}"
            callers.append((encrypt(name), encrypt(phone), lookup_hash(phone)))
        self.callers = callers

    def rows(self, n: int, counties, townships, centre):
        from zoneinfo import ZoneInfo

        from gonghui.hotline.codes import (
            CaseStatus,
            Category,
            Channel,
            Complexity,
            Kind,
            Rating,
            Result,
        )

        rng, now = self.rng, self.now
        tz = ZoneInfo("Asia/Shanghai")
        start = datetime(2025, 1, 1, tzinfo=tz)
        span = (now - start).total_seconds()
        # Most cases are long past their deadline; keep ~5 % of all open and late.
        open_late = OVERDUE_SHARE / 0.97
        received = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(n))
        per_day: dict = {}
        for pk, at in enumerate(received, start=1):
            local = at.astimezone(tz)
            day = local.date()
            per_day[day] = seq = per_day.get(day, 0) + 1
            complexity = rng.choices(
                [Complexity.SIMPLE, Complexity.HARD, Complexity.COMPLEX], [50, 35, 15]
            )[0]
            days = {Complexity.SIMPLE: 0, Complexity.HARD: 7, Complexity.COMPLEX: 15}[complexity]
            deadline = datetime.combine(
                day + timedelta(days=days), datetime.max.time(), tzinfo=tz
            ).replace(microsecond=0)
            holder, county = rng.choice(counties if rng.random() < 0.4 else townships)
            dispatched = at + timedelta(minutes=rng.choice([5, 10, 15, 20, 25, 28, 40, 60]))
            accepted = dispatched + timedelta(minutes=rng.choice([10, 30, 60, 90, 110, 150]))
            v = {
                "id": pk,
                "number": f"12351-{day:%Y%m%d}-{seq:04d}",
                "channel": rng.choices(list(Channel.values), [80, 12, 5, 3])[0],
                "received_at": at,
                "employer": "某公司",
                "county_id": county.id,
                "kind": rng.choices(list(Kind.values), [40, 50, 10])[0],
                "category": rng.choices(
                    list(Category.values), [30, 12, 10, 8, 6, 5, 4, 3, 4, 12, 6]
                )[0],
                "description": "拖欠工资，请求协调。",
                "workers_affected": rng.randint(1, 30),
                "amount_involved": rng.randint(0, 200) * 1000,
                "complexity": complexity,
                "deadline_from": at,
                "deadline": deadline,
                "holder_id": holder.id,
                "dispatched_at": dispatched,
                "dispatch_in_time": dispatched - at <= timedelta(minutes=30),
                "created_at": at,
                "updated_at": at,
            }
            v["caller_name_enc"], v["caller_phone_enc"], v["caller_phone_hash"] = rng.choice(
                self.callers
            )
            if deadline < now and rng.random() > open_late:
                closed = min(deadline - timedelta(hours=rng.randint(0, 20)), now)
                closed = max(closed, accepted + timedelta(minutes=30))
                recovered = rng.choice([0, 0, 0, 5000, 12000, 30000])
                v.update(
                    status=CaseStatus.EVALUATED if rng.random() < 0.8 else CaseStatus.CLOSED,
                    accepted_at=accepted,
                    accept_in_time=accepted - dispatched <= timedelta(minutes=120),
                    closed_at=closed,
                    result=rng.choice(list(Result.values)),
                    outcome="已协调处理。",
                    money_recovered=recovered,
                    workers_benefited=v["workers_affected"] if recovered else 0,
                )
                if v["status"] == CaseStatus.EVALUATED:
                    v["rating"] = rng.choices(list(Rating.values), [70, 20, 10])[0]
                    v["callback_at"] = closed + timedelta(days=1)
            else:
                # Open: late (an old case) or still running (a recent one).
                state = rng.choices(["received", "dispatched", "accepted"], [2, 8, 90])[0]
                if state == "received":
                    v.update(
                        status=CaseStatus.RECEIVED,
                        holder_id=centre.id,
                        dispatched_at=None,
                        dispatch_in_time=None,
                    )
                elif state == "dispatched":
                    v["status"] = CaseStatus.DISPATCHED
                else:
                    v.update(
                        status=CaseStatus.ACCEPTED,
                        accepted_at=accepted,
                        accept_in_time=accepted - dispatched <= timedelta(minutes=120),
                    )
            yield [v.get(c, self.defaults[c]) for c in self.cols]


def write_cases(n: int, seed: int, now: datetime) -> float:
    from django.db import connection

    from gonghui.hotline.models import Case
    from gonghui.orgs.models import Org

    assert not Case.objects.exists(), "the bench writes ids itself: it needs an empty table"
    counties, townships = holders()
    centre = Org.objects.get(depth=1)
    print(f"  holders: {len(counties)} county unions, {len(townships):,} township unions")
    started = time.perf_counter()
    maker = CaseMaker(seed, now)
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        copy_rows(
            cursor, Case._meta.db_table, maker.cols, maker.rows(n, counties, townships, centre)
        )
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{Case._meta.db_table}', 'id'), %s)", [n]
        )
    return time.perf_counter() - started


def explain_sweep(now) -> str:
    """EXPLAIN ANALYZE the SELECT of each rule's INSERT ... SELECT (the INSERT itself would
    write)."""
    from django.db import connection

    from gonghui.hotline import tasks

    out = []
    with connection.cursor() as cursor:
        for rule, cases in tasks._rules(now):
            rows = tasks._notifications(rule, cases, "holder_id", tasks._case_link(), now)
            sql, params = rows.query.sql_with_params()
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            out.append(f"-- {rule.kind}")
            out.extend("  " + row[0] for row in cursor.fetchall())
    return "\n".join(out)


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/hotline.py needs a PostgreSQL DATABASE_URL")
    recreate_database(url)
    setup_django(url)

    from django.contrib.auth.models import Group
    from django.core.paginator import Paginator
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from gonghui.accounts.models import User
    from gonghui.accounts.permissions import ROLE_UNION_ADMIN
    from gonghui.hotline import selectors
    from gonghui.hotline.codes import OPEN_STATUSES
    from gonghui.hotline.models import Case
    from gonghui.hotline.tasks import sweep
    from gonghui.notifications.models import Notification
    from gonghui.orgs.models import Org

    ok = True
    try:
        prepare_database(args.seed)
        now = timezone.now().replace(microsecond=0)
        print(f"writing {args.cases:,} cases (COPY):")
        seconds = write_cases(args.cases, args.seed, now)
        print(f"cases written in {seconds:.1f} s ({args.cases / seconds:,.0f}/s)")
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"VACUUM ANALYZE: {time.perf_counter() - t:.1f} s")
        open_cases = Case.objects.filter(status__in=OPEN_STATUSES).count()
        late = Case.objects.filter(status__in=OPEN_STATUSES, deadline__lt=now).count()
        print(
            f"rows: {Case.objects.count():,} cases, {open_cases:,} open, {late:,} overdue "
            f"({late / args.cases:.1%})"
        )

        # --- the sweep ---------------------------------------------------------------------
        # The worker process loads the URLconf once (the sweep reverses the case page's URL):
        # about 0.4 s here, not part of a sweep.
        from django.urls import get_resolver

        get_resolver().resolve("/")
        for label in ("first (notifying)", "second (all deduped)"):
            t = time.perf_counter()
            counts = sweep(now)
            elapsed = time.perf_counter() - t
            met = elapsed < SWEEP_TARGET_S
            ok &= met
            print(
                f"sweep, {label}: {elapsed:.2f} s — {counts} — target < {SWEEP_TARGET_S} s: "
                f"{'met' if met else 'MISSED'}"
            )
        print(f"  notifications stored: {Notification.objects.count():,}")

        # --- a county union's queue ---------------------------------------------------------
        busiest = (
            Case.objects.filter(holder__org_type="county")
            .values("holder")
            .order_by()
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        county = Org.objects.get(pk=busiest["holder"])
        user = User.objects.create(username="bench_county", org=county)
        user.groups.set(Group.objects.filter(name=ROLE_UNION_ADMIN))
        user = User.objects.get(pk=user.pk)
        in_scope = Case.objects.filter(holder__path__startswith=county.path).count()
        print(f"queue of {county.name} (busiest county): {in_scope:,} cases in its subtree")

        def page(qs, expected=None):
            p = Paginator(qs, 20).page(1)
            rows = list(p.object_list)
            count = p.paginator.count
            assert expected is None or count == expected
            return rows

        def all_cases():
            page(selectors.case_list(user=user), in_scope)

        def open_queue():
            page(
                selectors.case_list(user=user)
                .filter(status__in=OPEN_STATUSES)
                .order_by("deadline", "id")
            )

        def overdue_queue():
            page(selectors.overdue(user=user, now=now))

        times = timed(all_cases, args.pages)
        met = statistics.median(times) < PAGE_TARGET_MS
        ok &= met
        print(
            f"case_list page 1 + count (all statuses, newest first): {summary(times)} — "
            f"target < {PAGE_TARGET_MS} ms: {'met' if met else 'MISSED'}"
        )
        print(
            "(no target) open-case queue by deadline, page 1 + count: "
            f"{summary(timed(open_queue, max(10, args.pages // 3)))}"
        )
        print(
            "(no target) overdue queue, page 1 + count: "
            f"{summary(timed(overdue_queue, max(10, args.pages // 3)))}"
        )

        from gonghui.notifications.selectors import unread_count

        unread = unread_count(user=user)
        print(
            f"(no target) top-bar badge, unread_count for that county's user ({unread} unread): "
            f"{summary(timed(lambda: unread_count(user=user), args.pages))}"
        )

        # --- statistics ---------------------------------------------------------------------
        try:
            from gonghui.hotline.stats import case_statistics
        except ImportError:
            case_statistics = None
        if case_statistics is None:
            print("stats: not available yet")
        else:
            from datetime import date

            province = Org.objects.get(depth=1)
            admin = User.objects.create(username="bench_province", org=province)
            admin.groups.set(Group.objects.filter(name=ROLE_UNION_ADMIN))
            admin = User.objects.get(pk=admin.pk)
            year = now.year

            def stats():
                return case_statistics(
                    user=admin, org=province, start=date(year, 1, 1), end=date(year, 12, 31)
                )

            total = stats()["total"]
            times = timed(stats, max(10, args.pages // 3))
            met = statistics.median(times) < STATS_TARGET_MS
            ok &= met
            print(
                f"province statistics for {year} ({total:,} cases): {summary(times)} — "
                f"target < {STATS_TARGET_MS} ms: {'met' if met else 'MISSED'}"
            )
        if args.explain:
            Notification.objects.all().delete()
            print("\nEXPLAIN ANALYZE — the sweep's SELECTs (holder rows, before notifying):")
            print(explain_sweep(now))
            print("\nEXPLAIN ANALYZE — county case_list page 1 (count, then rows):")
            print(explain(all_cases))
        return 0 if ok else 1
    finally:
        connection.close()
        if args.keep:
            print(f"database kept: {url}")
        else:
            drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
