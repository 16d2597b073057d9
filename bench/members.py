"""Benchmark the member registry at provincial scale on PostgreSQL.

    .venv/bin/python bench/members.py                      # 1,000,000 members
    .venv/bin/python bench/members.py --members 100000     # quick run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_bench .venv/bin/python bench/members.py

Creates (and at the end drops, unless --keep) the database named in DATABASE_URL, loads the real
org tree and the demo unions, writes the members with COPY (each with its own ID number, SM4
ciphertexts and HMAC-SM3 hashes, card number and 入会 event), runs VACUUM ANALYZE, then times
the two reads a union officer does all day through the real selector `member_list`:

- exact search by ID number (median of --lookups random members), target < 5 ms;
- first page of a city's member list with its total count (工会管理员 of 兰州市总工会, Django
  Paginator page 1), median of --pages runs, target < 100 ms.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gh_bench"
ID_TARGET_MS = 5
PAGE_TARGET_MS = 100


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--lookups", type=int, default=300, help="ID-number searches to time")
    parser.add_argument("--pages", type=int, default=60, help="first-page loads to time")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE plans")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def sqlite_path(url: str) -> Path | None:
    """The file of a sqlite:/// URL (the other benches need PostgreSQL), else None."""
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def recreate_database(url: str) -> None:
    if path := sqlite_path(url):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    name = conninfo_to_dict(url)["dbname"]
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    if sqlite_path(url):
        return recreate_database(url)
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    name = conninfo_to_dict(url)["dbname"]
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings.base")
    # Bench-only keys, so that no local secrets file is needed or touched.
    os.environ.setdefault("GONGHUI_SECRET_KEY", "bench-secret-key")
    os.environ.setdefault("GONGHUI_PII_KEY", "0f1e2d3c4b5a69788796a5b4c3d2e1f0" * 2)
    os.environ.setdefault("GONGHUI_AUDIT_KEY", "a1b2c3d4e5f60718293a4b5c6d7e8f90" * 2)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{mem_kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, StopIteration):
        ram = "RAM unknown"
    return f"{os.cpu_count()} cores ({cpu}), {ram}, Python {platform.python_version()}"


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


class RowMaker:
    """Turns drafts into COPY rows for members_member and members_membershipevent, column
    lists read from the models (a column added later takes its field default)."""

    def __init__(self, now):
        from gonghui.members.models import Member, MembershipEvent

        fields = Member._meta.concrete_fields
        self.member_cols = [f.column for f in fields]
        self.member_defaults = {f.column: f.get_default() for f in fields}
        fields = [f for f in MembershipEvent._meta.concrete_fields if not f.primary_key]
        self.event_cols = [f.column for f in fields]
        self.event_defaults = {f.column: f.get_default() for f in fields}
        self.event_defaults["created_at"] = now
        self.now = now

    def member(self, pk: int, draft) -> list:
        from gonghui.core.crypto import encrypt, lookup_hash

        values = {
            "id": pk,
            "name": draft.name,
            "id_type": "1",
            "id_number_enc": encrypt(draft.id_number),
            "id_number_hash": lookup_hash(draft.id_number),
            "phone_enc": encrypt(draft.phone),
            "phone_hash": lookup_hash(draft.phone),
            "gender": draft.gender,
            "birth_date": draft.birth_date,
            "ethnicity": draft.ethnicity,
            "education": draft.education,
            "political_status": draft.political_status,
            "employment_status": draft.employment_status,
            "household_type": draft.household_type,
            "tech_level": draft.tech_level,
            "job": draft.job,
            "employer": draft.employer,
            "work_start_year": draft.work_start_year,
            "org_id": draft.holder.id,
            "category": draft.category,
            "joined_on": draft.joined_on,
            "card_number": f"{draft.holder.card_prefix}{pk:010d}",
            "status": draft.status,
            "status_changed_on": draft.status_changed_on,
            "created_at": self.now,
            "updated_at": self.now,
        }
        return [values.get(c, self.member_defaults[c]) for c in self.member_cols]

    def events(self, pk: int, draft) -> list[list]:
        from gonghui.members.codes import ChangeType, MemberStatus

        events = [
            {
                "member_id": pk,
                "change_type": ChangeType.JOIN,
                "changed_on": draft.joined_on,
                "org_id": draft.holder.id,
            }
        ]
        if draft.status == MemberStatus.RETAINED:
            events.append(
                {
                    "member_id": pk,
                    "change_type": ChangeType.RETAIN,
                    "changed_on": draft.status_changed_on,
                    "org_id": draft.holder.id,
                    "note": "退休",
                }
            )
        return [[e.get(c, self.event_defaults[c]) for c in self.event_cols] for e in events]


def produce(queue, holders, n: int, seed: int, today, maker: RowMaker, sample_every: int):
    """In a forked process: draw, encrypt and hash the members, chunk by chunk, so the parent
    only has to COPY. One generator for all rows keeps ID numbers and phones unique."""
    from itertools import islice

    from gonghui.demo.people import MemberGenerator

    try:
        stream = MemberGenerator(seed, today=today).draw(holders)
        pk = 0
        while pk < n:
            members, events, sampled = [], [], []
            for draft in islice(stream, min(CHUNK, n - pk)):
                pk += 1
                members.append(maker.member(pk, draft))
                events.extend(maker.events(pk, draft))
                if pk % sample_every == 0:
                    sampled.append((draft.id_number, draft.name))
            queue.put((members, events, sampled))
        queue.put(None)
    finally:
        queue.close()
        queue.join_thread()
        os._exit(0)  # no finalizers: the parent's database socket must stay open


CHUNK = 20_000


def write_members(n: int, seed: int, samples: int) -> tuple[list[tuple[str, str]], float]:
    """COPY `n` members and their 入会/保留 events; returns a sample of (ID number, name)."""
    import multiprocessing

    from django.db import connection
    from django.utils import timezone

    from gonghui.demo.members import load_holders
    from gonghui.members.models import Member, MembershipEvent

    assert not Member.objects.exists(), "the bench writes ids itself: it needs an empty table"
    maker = RowMaker(timezone.now())
    holders = load_holders()
    connection.close()
    started = time.perf_counter()
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=4)
    worker = context.Process(
        target=produce,
        args=(queue, holders, n, seed, timezone.localdate(), maker, max(1, n // (samples * 4))),
    )
    worker.start()
    sampled: list[tuple[str, str]] = []
    written = 0
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        while (chunk := queue.get()) is not None:
            members, events, some = chunk
            copy_rows(cursor, Member._meta.db_table, maker.member_cols, members)
            copy_rows(cursor, MembershipEvent._meta.db_table, maker.event_cols, events)
            sampled.extend(some)
            written += len(members)
            if written % 100_000 == 0 or written == n:
                rate = written / (time.perf_counter() - started)
                print(f"  {written:>9,} members ({rate:,.0f}/s)", flush=True)
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{Member._meta.db_table}', 'id'), %s)", [n]
        )
    worker.join()
    if worker.exitcode != 0:
        raise RuntimeError(f"member generator failed (exit code {worker.exitcode})")
    return random.Random(seed).sample(sampled, min(samples, len(sampled))), (
        time.perf_counter() - started
    )


def prepare_database(seed: int) -> None:
    """Print the machine and database, migrate, load the org tree and the demo unions."""
    from django.core.management import call_command
    from django.db import connection

    from gonghui.demo.orgs import seed_orgs
    from gonghui.orgs.loader import load_org_tree
    from gonghui.orgs.models import Org

    print(f"machine: {machine()}")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            print(
                f"database: SQLite {cursor.fetchone()[0]} (WAL), {connection.settings_dict['NAME']}"
            )
        else:
            cursor.execute(
                "SELECT version(), current_setting('shared_buffers'), current_setting('work_mem')"
            )
            version, shared_buffers, work_mem = cursor.fetchone()
            print(
                f"database: {version.split(' on ')[0]}, shared_buffers {shared_buffers}, "
                f"work_mem {work_mem}"
            )
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the shared cache (as `make run`)
    print(f"migrate: {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    load_org_tree()
    seed_orgs(seed)
    print(f"org tree + demo unions: {Org.objects.count():,} orgs, {time.perf_counter() - t:.1f} s")


def timed(fn, runs: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def summary(times: list[float]) -> str:
    q = statistics.quantiles(times, n=20)
    return (
        f"median {statistics.median(times):.2f} ms, p95 {q[18]:.2f} ms, "
        f"min {min(times):.2f} ms, max {max(times):.2f} ms (n={len(times)})"
    )


def explain(fn) -> str:
    """EXPLAIN ANALYZE every query that `fn` runs, exactly as Django sent it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    out = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            out.append(query["sql"])
            out.extend("  " + row[0] for row in cursor.fetchall())
    return "\n".join(out)


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/members.py needs a PostgreSQL DATABASE_URL")
    recreate_database(url)
    setup_django(url)

    from django.conf import settings
    from django.core.paginator import Paginator
    from django.db import connection

    from gonghui.accounts.models import User
    from gonghui.demo.accounts import demo_orgs
    from gonghui.members.models import Member, MembershipEvent
    from gonghui.members.selectors import member_list
    from gonghui.orgs.models import Org

    try:
        prepare_database(args.seed)
        print(f"writing {args.members:,} members (COPY):")
        sample, seconds = write_members(args.members, args.seed, args.lookups)
        id_numbers = [number for number, _ in sample]
        names = [name for _, name in sample]
        print(f"members written in {seconds:.1f} s ({args.members / seconds:,.0f}/s)")
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"VACUUM ANALYZE: {time.perf_counter() - t:.1f} s")

        province = Org.objects.get(depth=1)
        lanzhou = Org.objects.get(name="兰州市总工会")
        prov_admin = User.objects.create(username="bench_prov", org=province)
        lz_admin = User.objects.create(username="bench_lz", org=lanzhou)
        lz_members = Member.objects.filter(org__path__startswith=lanzhou.path).count()
        print(
            f"rows: {Member.objects.count():,} members, "
            f"{MembershipEvent.objects.count():,} membership events, "
            f"{Org.objects.count():,} orgs; 兰州市总工会 subtree: {lz_members:,} members"
        )

        lookups = iter(id_numbers * 2)

        def search_by_id():
            number = next(lookups)
            found = list(member_list(user=prov_admin, q=number))
            assert len(found) == 1, number

        def first_page():
            page = Paginator(member_list(user=lz_admin), settings.MEMBERS_PAGE_SIZE).page(1)
            rows = list(page.object_list)
            assert page.paginator.count == lz_members and len(rows) == settings.MEMBERS_PAGE_SIZE

        def province_page():
            page = Paginator(member_list(user=prov_admin), settings.MEMBERS_PAGE_SIZE).page(1)
            list(page.object_list)
            assert page.paginator.count == args.members

        # A small scope: the demo 基层工会 under 酒泉路街道 (the base_admin account's union).
        base_union = demo_orgs()["street_base"]
        base_admin = User.objects.create(username="bench_base", org=base_union)
        base_members = Member.objects.filter(org=base_union).count()

        def base_page():
            page = Paginator(member_list(user=base_admin), settings.MEMBERS_PAGE_SIZE).page(1)
            list(page.object_list)
            assert page.paginator.count == base_members

        name_queries = iter(names * 2)

        def search_by_name():
            page = Paginator(
                member_list(user=lz_admin, q=next(name_queries)), settings.MEMBERS_PAGE_SIZE
            ).page(1)
            list(page.object_list)

        prefix_queries = iter(names * 2)

        def search_by_name_prefix():
            # What-if: member_list matches names with LIKE '%x%' (no index can serve it);
            # a prefix match (names are typed from the surname) can use the name_like index.
            qs = (
                Member.objects.filter(
                    org__path__startswith=lanzhou.path, name__startswith=next(prefix_queries)
                )
                .select_related("org")
                .order_by("-id")
            )
            list(Paginator(qs, settings.MEMBERS_PAGE_SIZE).page(1).object_list)

        id_times = timed(search_by_id, len(id_numbers))
        page_times = timed(first_page, args.pages)
        province_times = timed(province_page, max(10, args.pages // 3))
        base_times = timed(base_page, max(10, args.pages // 3))
        name_times = timed(search_by_name, max(10, args.pages // 3))
        prefix_times = timed(search_by_name_prefix, max(10, args.pages // 3))
        id_ok = statistics.median(id_times) < ID_TARGET_MS
        page_ok = statistics.median(page_times) < PAGE_TARGET_MS
        print(
            f"search by ID number (member_list q=<id>, province scope): {summary(id_times)}"
            f" — target < {ID_TARGET_MS} ms: {'met' if id_ok else 'MISSED'}"
        )
        print(
            f"兰州市 first page + count (Paginator page 1, {lz_members:,} rows): "
            f"{summary(page_times)} — target < {PAGE_TARGET_MS} ms: "
            f"{'met' if page_ok else 'MISSED'}"
        )
        print(
            f"(no target) province first page + count ({args.members:,} rows): "
            f"{summary(province_times)}"
        )
        print(
            f"(no target) one 基层工会's first page + count ({base_members:,} rows): "
            f"{summary(base_times)}"
        )
        print(f"(no target) 兰州市 search by full name, page 1 + count: {summary(name_times)}")
        print(f"(what-if) the same with a prefix match (name__startswith): {summary(prefix_times)}")
        if args.explain:
            print("\nEXPLAIN ANALYZE — 兰州市 first page (count, then rows):")
            print(explain(first_page))
            print("\nEXPLAIN ANALYZE — search by ID number:")
            print(explain(search_by_id))
            print("\nEXPLAIN ANALYZE — province first page (count, then rows):")
            print(explain(province_page))
            print("\nEXPLAIN ANALYZE — one 基层工会's first page (count, then rows):")
            print(explain(base_page))
            print("\nEXPLAIN ANALYZE — 兰州市 search by name (count, then rows):")
            print(explain(search_by_name))
            print("\nEXPLAIN ANALYZE — what-if: 兰州市 search by name prefix (count, then rows):")
            print(explain(search_by_name_prefix))
        return 0 if id_ok and page_ok else 1
    finally:
        connection.close()
        if args.keep:
            print(f"database kept: {url}")
        else:
            drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
