"""Benchmark the member import against a plain PostgreSQL COPY of the same file.

    .venv/bin/python bench/import_members.py --rows 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_p_bench .venv/bin/python \
        bench/import_members.py --rows 1000000

Creates (and drops at the end, unless --keep) the database in DATABASE_URL, loads the real org
tree and the demo unions, writes an N-row valid CSV in the federation template (distinct real-
format ID numbers of the unions' counties, phones, names, code-list labels, union names), then in
the same run:

- imports it with `manage.py import_members --mode valid` in a child process (the real path:
  parsing, validation, SM4 encryption, HMAC-SM3 hashes, bulk insert, card numbers, 入会 events,
  roll-ups) and reads that process's peak RSS (`resource.getrusage(RUSAGE_CHILDREN)`);
- COPYs the same file into a bare table of text columns (`COPY … FROM STDIN (FORMAT csv)`);
- prints both times, the ratio (target ≤ 2) and the peak RSS (target < 500 MB).
"""

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.members import drop_database, prepare_database, recreate_database, setup_django  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gh_p_bench"
RATIO_TARGET = 2.0
RSS_TARGET_MB = 500
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
    return parser.parse_args()


def write_csv(path: Path, rows: int, seed: int) -> float:
    """N valid rows over the demo's member-holding unions with unique names."""
    from collections import Counter

    from gonghui.core.demo.members import load_holders
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


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/import_members.py needs a PostgreSQL DATABASE_URL")
    recreate_database(url)
    setup_django(url)

    from django.contrib.auth import get_user_model
    from django.db import connection

    from gonghui.members.models import Member

    path = Path(args.file or f"/tmp/gonghui-import-{args.rows}.csv")
    try:
        prepare_database(args.seed)
        get_user_model().objects.create_superuser("bench", password="bench-pass-2026")
        seconds = write_csv(path, args.rows, args.seed)
        size = path.stat().st_size / 1024 / 1024
        print(f"CSV: {args.rows:,} rows, {size:.0f} MB, written in {seconds:.1f} s")
        connection.close()

        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "import_members", str(path)]
            + ["--mode", "valid", "--user", "bench"],
            check=True,
            env=os.environ,
            capture_output=True,
            text=True,
        )
        import_s = time.perf_counter() - started
        print("import_members said:", done.stdout.strip().splitlines()[-1])
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        imported = Member.objects.count()
        copy_s = copy_seconds(path)
        ratio = import_s / copy_s
        print(
            f"import_members: {import_s:.1f} s ({imported:,} members, {args.rows / import_s:,.0f} rows/s)"
        )
        print(f"plain COPY of the same file: {copy_s:.1f} s")
        verdict = "OK" if ratio <= RATIO_TARGET else "over target"
        print(f"ratio import/COPY: {ratio:.1f}× (target ≤ {RATIO_TARGET:.0f}×: {verdict})")
        verdict = "OK" if peak_mb < RSS_TARGET_MB else "over target"
        print(
            f"peak RSS of the import process: {peak_mb:.0f} MB (target < {RSS_TARGET_MB} MB: {verdict})"
        )
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
