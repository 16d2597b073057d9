"""The province at 10 million members and 120,000 organisations (PostgreSQL): the dashboard of
the province and of one county, and exact search by ID number.

    .venv/bin/python bench/scale.py                               # 10M members, 120,000 orgs
    .venv/bin/python bench/scale.py --members 1000000 --orgs 30000  # quick run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_scale .venv/bin/python bench/scale.py --keep
    .venv/bin/python bench/scale.py --reuse   # time again on the database kept by --keep

A fast generator, since writing 10 million members through Python (SM4 and HMAC per row) takes
about 20 minutes here (`bench/members.py` does it at 1M):

1. the real org tree and demo unions (`bench/members.py`), then base unions added under the
   townships and communities up to `--orgs` (materialised paths computed here, COPY);
2. the members in SQL (`INSERT … SELECT … FROM generate_series`, 1M per statement) with
   their 入会 events. Their ciphertexts and hashes are random bytes of the right sizes, not real
   ones: no timed path decrypts them, and the hash index has its real size and shape;
3. the roll-ups: orgs with `stats_rollup()` while the tables hold no members, then every member
   through the import's own SQL path (`members.metrics.bulk.NewMemberStats`: GROUP BY, spread to the
   ancestors by path prefix, upsert);
4. 300 probe members with real ID numbers, written by `member_create` (hooks included);
5. `VACUUM ANALYZE`, then the timings: the dashboard page `/stats/org/<id>/` through Django's
   test Client (server time: middleware, session, selectors, template) for the province admin and
   for a county admin, and `member_list(q=<ID number>)` for the probes, as the members page calls
   it. Targets: dashboard < 35 ms median, ID search < 3 ms median. The timings run `--repeat`
   times (2 by default) on the same database, each run printed on its own.

`--reuse` skips steps 1–4 when the database already holds the data (it migrates first, so that
a schema change since `--keep` applies; VACUUM ANALYZE only with `--vacuum`), and implies
`--keep`.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from members import (  # noqa: E402 - bench scripts import their sibling
    drop_database,
    machine,
    prepare_database,
    recreate_database,
    setup_django,
    summary,
    timed,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gh_scale"
DASHBOARD_TARGET_MS = 35
SEARCH_TARGET_MS = 3
BATCH = 1_000_000
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CATEGORIES = ["employed"] * 5 + ["migrant"] * 2 + ["nf_courier", "nf_delivery", "dispatched"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000_000)
    parser.add_argument("--orgs", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each dashboard")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="time again on a database kept by --keep"
    )
    parser.add_argument("--repeat", type=int, default=2, help="timing runs, each printed")
    parser.add_argument(
        "--vacuum", action="store_true", help="VACUUM ANALYZE before timing with --reuse"
    )
    return parser.parse_args()


def step(n: int) -> str:
    out = ""
    for _ in range(4):
        n, r = divmod(n, 36)
        out = ALPHABET[r] + out
    return out


def add_base_unions(total: int) -> int:
    """Base unions under the townships and communities, round robin, until `total` orgs."""
    from django.db import connection
    from django.utils import timezone

    from gonghui.orgs.models import Org, OrgStatus, OrgType
    from gonghui.orgs.services import level_for

    missing = total - Org.objects.count()
    if missing <= 0:
        return 0
    parents = list(
        Org.objects.filter(org_type__in=[OrgType.TOWNSHIP, OrgType.COMMUNITY]).order_by("path")
    )
    fields = [f for f in Org._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    now = timezone.now()
    defaults = {f.column: f.get_default() for f in fields}
    defaults.update(created_at=now, updated_at=now, status=OrgStatus.ACTIVE)
    added = {p.pk: 0 for p in parents}
    rows = []
    for n in range(missing):
        parent = parents[n % len(parents)]
        child = parent.numchild + added[parent.pk] + 1
        added[parent.pk] += 1
        row = dict(
            defaults,
            name=f"{parent.name}所属第{child}家企业工会",
            org_type=OrgType.BASE,
            level=level_for(OrgType.BASE, parent),
            division_code=parent.division_code,
            path=parent.path + step(child),
            depth=parent.depth + 1,
            numchild=0,
        )
        rows.append([row[c] for c in columns])
    with connection.cursor() as wrapper:
        with wrapper.cursor.copy(
            f"COPY {Org._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        wrapper.execute(
            f"UPDATE {Org._meta.db_table} o SET numchild = c.n FROM"  # noqa: S608
            f" (SELECT substr(path, 1, length(path) - 4) AS parent, COUNT(*) AS n"
            f"  FROM {Org._meta.db_table} WHERE depth > 1 GROUP BY 1) c WHERE o.path = c.parent"
        )
    return missing


def write_members(n: int) -> None:
    """`n` members and their 入会 events in SQL, BATCH at a time."""
    from django.db import connection
    from django.utils import timezone

    from gonghui.members.models import Member, MembershipEvent
    from gonghui.orgs.models import MEMBER_HOLDING_TYPES, Org

    member, event = Member._meta.db_table, MembershipEvent._meta.db_table
    fields = [f for f in Member._meta.concrete_fields if not f.primary_key]
    surnames = "(ARRAY[" + ",".join(f"'{c}'" for c in SURNAMES) + "])"
    given = "(ARRAY[" + ",".join(f"'{c}'" for c in GIVEN) + "])"
    categories = "(ARRAY[" + ",".join(f"'{c}'" for c in CATEGORIES) + "])"
    generated = {
        "name": f"{surnames}[1 + i %% 20] || {given}[1 + (i / 20) %% 20] || {given}[1 + i %% 19]",
        "id_number_enc": "decode(md5('i' || i) || md5('j' || i) || '000000', 'hex')",
        "id_number_hash": "md5('h' || i) || md5('k' || i)",
        "phone_enc": "decode(md5('p' || i) || md5('q' || i), 'hex')",
        "phone_hash": "md5('ph' || i) || md5('pk' || i)",
        "gender": "CASE WHEN i %% 2 = 0 THEN '1' ELSE '2' END",
        "birth_date": "date '1962-01-01' + (i %% 14600)::int",
        "org_id": "h.org_id",
        "category": f"{categories}[1 + i %% {len(CATEGORIES)}]",
        "joined_on": "date '2005-01-01' + (i %% 7600)::int",
        "card_number": "'B' || lpad(i::text, 16, '0')",
        "status": "CASE WHEN i %% 50 = 0 THEN 'retained' ELSE 'active' END",
        "status_changed_on": "date '2005-01-01' + (i %% 7600)::int",
    }
    now = timezone.now()
    defaults = {f.column: f.get_default() for f in fields}
    defaults.update(created_at=now, updated_at=now)
    columns, values, params = [], [], []
    for f in fields:
        columns.append(f.column)
        if f.column in generated:
            values.append(generated[f.column])
        else:
            values.append("%s")
            params.append(defaults[f.column])
    holders = list(
        Org.objects.filter(org_type__in=MEMBER_HOLDING_TYPES)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_holders (n int PRIMARY KEY, org_id bigint)")
        cursor.executemany("INSERT INTO bench_holders VALUES (%s, %s)", list(enumerate(holders)))
        started = time.perf_counter()
        for first in range(1, n + 1, BATCH):
            last = min(n, first + BATCH - 1)
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {member}")  # noqa: S608
            low = cursor.fetchone()[0] + 1
            cursor.execute(
                f"INSERT INTO {member} ({', '.join(columns)})"  # noqa: S608
                f" SELECT {', '.join(values)} FROM generate_series(%s, %s) AS i"
                f" JOIN bench_holders h ON h.n = (i::bigint * 7919) %% {len(holders)}",
                [*params, first, last],
            )
            cursor.execute(f"SELECT max(id) FROM {member}")  # noqa: S608
            high = cursor.fetchone()[0]
            cursor.execute(
                f"INSERT INTO {event} (member_id, change_type, changed_on, reason, note, org_id,"
                " created_at) SELECT id, '1', joined_on, '', '', org_id, now()"
                f" FROM {member} WHERE id BETWEEN %s AND %s",
                [low, high],
            )
            rate = last / (time.perf_counter() - started)
            print(f"  {last:>12,} members ({rate:,.0f}/s)", flush=True)


def probe_ids(seed: int) -> list[str]:
    """The 300 probe members' ID numbers (the same for a seed, so --reuse finds them)."""
    from gonghui.conftest import id_with_check

    rng = random.Random(seed)
    return [
        id_with_check(
            f"620102{1960 + n % 40}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{n:03d}"
        )
        for n in range(300)
    ]


def generate(args) -> None:
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from gonghui.accounts.models import User
    from gonghui.accounts.permissions import ROLE_UNION_ADMIN
    from gonghui.members.codes import Category
    from gonghui.members.metrics.bulk import NEW_MEMBERS, NewMemberStats
    from gonghui.members.services import member_create
    from gonghui.metrics.models import OrgStat
    from gonghui.metrics.services import stats_rollup
    from gonghui.orgs.models import Org, OrgType

    prepare_database(args.seed)
    t = time.perf_counter()
    added = add_base_unions(args.orgs)
    print(f"base unions added: {added:,} in {time.perf_counter() - t:.1f} s")
    stats_rollup()  # the orgs' figures, before there are members

    print(f"writing {args.members:,} members and their events (SQL):")
    t = time.perf_counter()
    write_members(args.members)
    print(f"members written in {time.perf_counter() - t:.1f} s")

    t = time.perf_counter()
    with transaction.atomic():
        stats = NewMemberStats()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {NEW_MEMBERS} SELECT id FROM members_member")
        stats.pending = args.members
        stats.apply()
    print(
        f"roll-ups of {args.members:,} members (NewMemberStats, the import's SQL path): "
        f"{time.perf_counter() - t:.1f} s, {OrgStat.objects.count():,} rows"
    )

    province = Org.objects.get(depth=1)
    county = Org.objects.get(name="城关区总工会")
    group = Group.objects.get(name=ROLE_UNION_ADMIN)
    for org in (province, county):
        user = User.objects.create_user(
            username=f"bench_{org.pk}", password="bench-pass-2026", org=org
        )
        user.groups.add(group)
    actor = User.objects.get(username=f"bench_{province.pk}")
    holders = list(Org.objects.filter(org_type=OrgType.BASE, path__startswith=county.path)[:50])
    t = time.perf_counter()
    for n, number in enumerate(probe_ids(args.seed)):
        member_create(
            actor=actor,
            org=holders[n % len(holders)],
            name="测试",
            id_number=number,
            phone=f"139{n:08d}",
            category=Category.EMPLOYED,
            joined_on=date(2020, 1, 1),
        )
    print(f"300 probe members by member_create: {(time.perf_counter() - t) / 0.3:.1f} ms each")


def holds_data() -> bool:
    """Whether the database holds a finished generation (its two bench admins are its last
    step but the probes; the probes are checked by the search itself)."""
    from django.db import connection

    if "members_member" not in connection.introspection.table_names():
        return False
    from gonghui.accounts.models import User

    return User.objects.filter(username__startswith="bench_").count() == 2


def time_dashboards(args, orgs, admins) -> None:
    from django.test import Client

    from gonghui.metrics.models import OrgStat

    for org in orgs:
        client = Client(HTTP_HOST="localhost")
        client.force_login(admins[org.pk])
        path = f"/stats/org/{org.pk}/"
        assert client.get(path).status_code == 200
        cpu = []

        def get(c=client, p=path, cpu=cpu):
            started = time.process_time()
            c.get(p)
            cpu.append((time.process_time() - started) * 1000)

        times = timed(get, args.runs, warmup=5)
        members = OrgStat.objects.get(org=org, metric="members", period="").value
        median = sorted(times)[len(times) // 2]
        verdict = "met" if median < DASHBOARD_TARGET_MS else "MISSED"
        print(
            f"dashboard {org.name} ({members:,} members), server time: {summary(times)}"
            f" — target < {DASHBOARD_TARGET_MS} ms: {verdict}\n"
            f"  (CPU of this Python process per request, without PostgreSQL's: median"
            f" {statistics.median(cpu[5:]):.2f} ms)",
            flush=True,
        )


def time_search(user, probes: list[str], total: int) -> None:
    from gonghui.members.selectors import member_list

    queue = iter(probes * 2)

    cpu = []

    def search():
        started = time.process_time()
        found = list(member_list(user=user, q=next(queue)))
        cpu.append((time.process_time() - started) * 1000)
        assert len(found) == 1

    times = timed(search, 300, warmup=10)
    median = sorted(times)[len(times) // 2]
    verdict = "met" if median < SEARCH_TARGET_MS else "MISSED"
    print(
        f"search by ID number at {total:,} members: {summary(times)}"
        f" — target < {SEARCH_TARGET_MS} ms: {verdict}\n"
        f"  (CPU of this Python process per search: median {statistics.median(cpu[10:]):.2f} ms)",
        flush=True,
    )


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/scale.py needs a PostgreSQL DATABASE_URL")
    if not args.reuse:
        recreate_database(url)
    setup_django(url)

    from django.core.management import call_command
    from django.db import connection

    from gonghui.accounts.models import User
    from gonghui.members.models import Member
    from gonghui.orgs.models import Org

    keep = args.keep or args.reuse
    try:
        if args.reuse:
            if not holds_data():
                keep = True  # nothing of ours to drop
                sys.exit(
                    f"--reuse: {url.rsplit('/', 1)[-1]} holds no generated data; run --keep first"
                )
            print(f"machine: {machine()}; reusing the data in {url.rsplit('/', 1)[-1]}")
            call_command("migrate", verbosity=0)
            call_command("createcachetable", verbosity=0)
        else:
            generate(args)
        province = Org.objects.get(depth=1)
        county = Org.objects.get(name="城关区总工会")
        admins = {
            org.pk: User.objects.get(username=f"bench_{org.pk}") for org in (province, county)
        }
        probes = probe_ids(args.seed)
        if not args.reuse or args.vacuum:
            t = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            print(f"VACUUM ANALYZE: {time.perf_counter() - t:.1f} s")
        total = Member.objects.count()
        print(f"rows: {total:,} members, {Org.objects.count():,} orgs", flush=True)
        for run in range(1, args.repeat + 1):
            print(f"timing run {run} of {args.repeat} ({load()}):", flush=True)
            time_dashboards(args, (province, county), admins)
            time_search(admins[province.pk], probes, total)
    finally:
        if not keep:
            connection.close()
            drop_database(url)
    return 0


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


if __name__ == "__main__":
    sys.exit(main())
