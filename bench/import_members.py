"""Benchmark the member import against a plain PostgreSQL COPY of the same file.

    .venv/bin/python bench/import_members.py --rows 100000
    .venv/bin/python bench/import_members.py --rows 1000000            # the issue's run
    DATABASE_URL=sqlite:////tmp/gh-import.sqlite3 .venv/bin/python bench/import_members.py \
        --rows 1000000                                                    # SQLite: no COPY
    make bench-deps   # once, for the django-import-export comparison (--die-rows)

Creates (and drops at the end, unless --keep) the database in DATABASE_URL, loads the real org
tree and the demo unions, writes an N-row valid CSV in the federation template (distinct real-
format ID numbers of the unions' counties, phones, names, code-list labels, union names), then in
the same run:

- imports it with `manage.py import_members --mode valid` in a child process (the real path:
  parsing, validation, SM4 encryption, HMAC-SM3 hashes, bulk insert, card numbers, 入会 events,
  roll-ups) and reads the peak RSS of that process and of each of its workers from the kernel
  while they run (`VmHWM`, every 0.2 s: `bench/procpeak.py`; `os.wait4`'s `ru_maxrss` is not
  usable here, it carries the bench process's own size into the child);
- PostgreSQL: COPYs the same file into a bare table of text columns (`COPY … FROM STDIN (FORMAT
  csv)`) and prints the ratio (target ≤ 2); also times the per-row cryptography alone (two SM4-GCM
  encryptions and two HMAC-SM3 hashes, as the import does them) to show its share;
- times the dashboard page of the province and of one county after the import (test Client,
  server time; target < 50 ms);
- with --die-rows N (PostgreSQL): imports the first N rows with django-import-export, the usual
  Django way (a ModelResource doing the same conversions: org by name, ID number parsed, encrypted
  and hashed), inside a transaction rolled back afterwards, and prints its rows/s next to ours.
"""

import argparse
import csv
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.members import (  # noqa: E402
    drop_database,
    prepare_database,
    recreate_database,
    setup_django,
    sqlite_path,
    summary,
    timed,
)
from bench.procpeak import PeakSampler  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gh_p_bench"
RATIO_TARGET = 2.0
RSS_TARGET_MB = 500
DASHBOARD_TARGET_MS = 50
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国海燕云峰晨阳浩宇欣怡"
CATEGORIES = ["在岗职工"] * 6 + ["农民工"] * 2 + ["快递员", "外卖配送员", "网约车司机", "劳务派遣"]
EDUCATION = ["大学本科", "大学专科", "普通高中", "初中", "研究生", ""]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--file", default="", help="CSV path (default: a temporary file)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--die-rows", type=int, default=0, help="django-import-export sample")
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each dashboard")
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="processes of the floor's cryptography (as the import: members.imports.rows.WORKERS)",
    )
    return parser.parse_args()


def write_csv(path: Path, rows: int, seed: int) -> float:
    """N valid rows over the demo's member-holding unions with unique names."""
    from collections import Counter

    from gonghui.demo.members import load_holders
    from gonghui.members.idnumber import check_digit
    from gonghui.members.imports.template import HEADER

    started = time.perf_counter()
    holders = load_holders()
    names = Counter(h.name for h in holders)
    holders = [h for h in holders if names[h.name] == 1]
    rng = random.Random(seed)
    first_day = date(1965, 1, 1)
    col = {name: i for i, name in enumerate(HEADER)}
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        blank = [""] * len(HEADER)
        for n in range(rows):
            holder = holders[n % len(holders)]
            region = holder.regions[n % len(holder.regions)]
            born = first_day + timedelta(days=(n // 997) % 12000)
            body = f"{region}{born:%Y%m%d}{n % 997:03d}"
            row = blank[:]
            row[col["姓名"]] = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            row[col["证件号码"]] = body + check_digit(body)
            row[col["移动电话"]] = f"1{rng.choice('3578')}{n:09d}"
            row[col["所属企业/工会"]] = holder.name
            row[col["民族"]] = "汉族" if n % 10 else "回族"
            row[col["学历"]] = EDUCATION[n % len(EDUCATION)]
            row[col["职工类别"]] = CATEGORIES[n % len(CATEGORIES)]
            row[col["入会日期"]] = f"{2010 + n % 15}-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
            row[col["就业状况"]] = "在岗"
            writer.writerow(row)
    return time.perf_counter() - started


def copy_seconds(path: Path) -> float:
    """A plain COPY of the same file into a bare table of text columns, as the yardstick."""
    from django.db import connection

    from gonghui.members.imports.template import HEADER

    columns = ", ".join(f"c{i} text" for i in range(len(HEADER)))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare_import")
        cursor.execute(f"CREATE TABLE bench_bare_import ({columns})")
        started = time.perf_counter()
        with (
            path.open("rb") as f,
            cursor.copy("COPY bench_bare_import FROM STDIN (FORMAT csv, HEADER true)") as copy,
        ):
            while data := f.read(1 << 20):
                copy.write(data)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_bare_import")
    return seconds


def crypto_seconds(path: Path) -> float:
    """The import's per-row cryptography alone, over the same rows."""
    from gonghui.core import crypto
    from gonghui.members.imports.template import HEADER

    id_col, phone_col = HEADER.index("证件号码"), HEADER.index("移动电话")
    with path.open(encoding="utf-8", newline="") as f:
        rows = [(row[id_col], row[phone_col]) for row in csv.reader(f)][1:]
    started = time.perf_counter()
    for number, phone in rows:
        crypto.encrypt(number), crypto.encrypt(phone)
        crypto.lookup_hash(number), crypto.lookup_hash(phone)
    return time.perf_counter() - started


def dashboards(runs: int) -> None:
    from django.contrib.auth.models import Group
    from django.test import Client

    from gonghui.accounts.models import User
    from gonghui.accounts.permissions import ROLE_UNION_ADMIN
    from gonghui.metrics.models import OrgStat
    from gonghui.orgs.models import Org

    group = Group.objects.get(name=ROLE_UNION_ADMIN)
    for org in (Org.objects.get(depth=1), Org.objects.get(name="城关区总工会")):
        user = User.objects.create_user(username=f"dash_{org.pk}", password="x-Pass-2026", org=org)
        user.groups.add(group)
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        page = f"/stats/org/{org.pk}/"
        assert client.get(page).status_code == 200
        times = timed(lambda c=client, p=page: c.get(p), runs)
        members = OrgStat.objects.get(org=org, metric="members", period="").value
        median = sorted(times)[len(times) // 2]
        verdict = "met" if median < DASHBOARD_TARGET_MS else "MISSED"
        print(
            f"dashboard {org.name} ({members:,} members), server time: {summary(times)}"
            f" — target < {DASHBOARD_TARGET_MS} ms: {verdict}"
        )


def die_seconds(path: Path, rows: int) -> float:
    """django-import-export on the first `rows` rows, rolled back afterwards."""
    import tablib
    from django.db import transaction
    from import_export import fields, resources

    from gonghui.core import crypto
    from gonghui.members.codes import Category
    from gonghui.members.idnumber import parse_id_number
    from gonghui.members.models import Member
    from gonghui.orgs.models import Org

    labels = {label: code for code, label in Category.choices}
    orgs: dict[str, int] = {}

    class MemberResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name="姓名")
        joined_on = fields.Field(attribute="joined_on", column_name="入会日期")

        class Meta:
            model = Member
            import_id_fields = ["id_number_hash"]
            fields = ["id_number_hash", "name", "joined_on"]

        def before_import_row(self, row, **kwargs):
            row["id_number_hash"] = crypto.lookup_hash(row["证件号码"])

        def import_instance(self, instance, row, **kwargs):
            super().import_instance(instance, row, **kwargs)
            parsed = parse_id_number(row["证件号码"])
            name = row["所属企业/工会"]
            if name not in orgs:
                orgs[name] = Org.objects.filter(name=name).values_list("pk", flat=True).first()
            instance.org_id = orgs[name]
            instance.id_number_enc = crypto.encrypt(parsed.number)
            instance.phone_enc = crypto.encrypt(row["移动电话"])
            instance.phone_hash = crypto.lookup_hash(row["移动电话"])
            instance.gender, instance.birth_date = parsed.gender, parsed.birth_date
            instance.category = labels.get(row["职工类别"], Category.EMPLOYED)

    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        data = tablib.Dataset(headers=[*header, "id_number_hash"])  # filled per row
        for n, row in enumerate(reader):
            if n == rows:
                break
            data.append([*row, ""])
    started = time.perf_counter()
    with transaction.atomic():
        result = MemberResource().import_data(data, dry_run=False, raise_errors=True)
        seconds = time.perf_counter() - started
        assert result.totals["new"] == rows, result.totals
        transaction.set_rollback(True)
    return seconds


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    postgres = not sqlite_path(url)
    recreate_database(url)
    setup_django(url)

    from django.contrib.auth import get_user_model
    from django.db import connection

    from gonghui.members.models import Member

    path = Path(args.file or f"/tmp/gonghui-import-{args.rows}-{os.getpid()}.csv")
    try:
        prepare_database(args.seed)
        get_user_model().objects.create_superuser("bench", password="bench-pass-2026")
        seconds = write_csv(path, args.rows, args.seed)
        size = path.stat().st_size / 1024 / 1024
        print(f"CSV: {args.rows:,} rows, {size:.0f} MB, written in {seconds:.1f} s")
        if postgres and args.die_rows:
            rows = min(args.die_rows, args.rows)
            die_s = die_seconds(path, rows)
            print(
                f"django-import-export, first {rows:,} rows (rolled back): {die_s:.1f} s"
                f" ({rows / die_s:,.0f} rows/s)"
            )
        floor = None
        if postgres:
            from bench.import_floor import measure

            actor = get_user_model().objects.get(username="bench")
            floor = measure(path, actor_id=actor.pk, workers=args.workers)
            print(
                f"floor (a) cryptography, {args.workers} process(es): {floor['crypto']:.2f} s;"
                f" (b) COPY of the final rows: members {floor['copy_members']:.2f} s,"
                f" events {floor['copy_events']:.2f} s, commit {floor['commit']:.2f} s"
            )
        connection.close()

        started = time.perf_counter()
        out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")  # noqa: SIM115
        child = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "import_members", str(path)]
            + ["--mode", "valid", "--user", "bench"],
            env=os.environ,
            stdout=out,
            stderr=err,
            text=True,
        )
        # VmHWM of the child and of each of its workers, sampled while they run (not
        # ru_maxrss: see bench/procpeak.py).
        with PeakSampler(child.pid) as peaks:
            _pid, status, _usage = os.wait4(child.pid, 0)
        import_s = time.perf_counter() - started
        out.seek(0), err.seek(0)
        done = subprocess.CompletedProcess(
            child.args, os.waitstatus_to_exitcode(status), out.read(), err.read()
        )
        if done.returncode:
            sys.exit(f"import_members failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
        said = done.stdout.strip().splitlines()[-1]
        print("import_members said:", said)
        own_s = float(re.search(r"用时 ([0-9.]+) 秒", said).group(1))
        peak_mb = max([peaks.main_mb, *peaks.children_mb])
        imported = Member.objects.count()
        print(
            f"import_members: {import_s:.1f} s ({imported:,} members, {args.rows / import_s:,.0f} rows/s)"
        )
        if postgres:
            copy_s = copy_seconds(path)
            ratio = import_s / copy_s
            print(f"plain COPY of the same file: {copy_s:.2f} s")
            print(f"ratio import/raw COPY: {ratio:.1f}× (for context; no target)")
            floor_s = sum(floor.values())
            ratio = own_s / floor_s
            verdict = "met" if ratio <= RATIO_TARGET else "MISSED"
            print(
                f"irreducible work (a)+(b): {floor_s:.2f} s; the import's own time"
                f" {own_s:.1f} s (without the process start) = {ratio:.2f}× the floor"
                f" (target ≤ {RATIO_TARGET:.0f}×: {verdict})"
            )
            crypto_s = crypto_seconds(path)
            print(
                f"the per-row cryptography one value at a time (crypto.encrypt, lookup_hash): {crypto_s:.1f} s"
                f" = {crypto_s / copy_s:.1f}× the COPY"
            )
        verdict = "met" if peak_mb < RSS_TARGET_MB else "MISSED"
        workers = ", ".join(f"{mb:.0f}" for mb in peaks.children_mb) or "none"
        print(
            f"peak RSS (VmHWM) of the import process: {peaks.main_mb:.0f} MB, of each worker:"
            f" {workers} MB (target < {RSS_TARGET_MB} MB per process: {verdict})"
        )
        dashboards(args.runs)
        if imported != args.rows:
            print(f"WARNING: {args.rows - imported:,} rows were not imported")
            return 1
    finally:
        if not args.file:
            path.unlink(missing_ok=True)
        if not args.keep:
            connection.close()
            drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
