"""The cost of one request of each hot page, in-process: CPU ms and database round trips.

    DATABASE_URL=postgres://…/gh_load .venv/bin/python bench/request_cost.py [--repeat 40]

Runs against a database seeded by `bench/load.py --keep` (any size). The demo workers and
`cg_admin` log in through the login forms (Django's test Client), then each page is requested
--warmup times and --repeat times more; for those it prints the median CPU time of this process
per request (`time.process_time`, which a loaded machine disturbs much less than wall time), the
median wall time, and the queries per request (min–max; statements only: a transaction's
BEGIN/COMMIT, as around a session save, are further round trips not counted here). Steady state, as under load: the same sessions ask again and again.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from members import setup_django  # noqa: E402 - bench scripts import their sibling

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gh_load"
PASSWORD = "Gonghui@2026"  # the demo accounts' published password


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--pages", help="comma-separated page names (default: all)")
    return parser.parse_args()


def clients():
    from django.test import Client

    from gonghui.demo.workers import DEMO_WORKERS

    worker = Client(HTTP_HOST="localhost")
    spec = next(s for s in DEMO_WORKERS if s.member)
    answer = worker.post(
        "/m/login/", {"mode": "password", "phone": spec.phone, "password": PASSWORD}
    )
    assert answer.status_code == 302, answer.status_code
    staff = Client(HTTP_HOST="localhost")
    answer = staff.post("/accounts/login/", {"username": "cg_admin", "password": PASSWORD})
    assert answer.status_code == 302, answer.status_code
    return {"worker": worker, "staff": staff}


def pages() -> list[tuple[str, str, str]]:
    from gonghui.orgs.models import Org
    from gonghui.sites.models import Site

    chengguan = Org.objects.get(name="城关区总工会")
    lat, lng = Site.objects.values_list("lat", "lng").order_by("pk").first()
    return [
        ("home", "worker", "/m/"),
        ("nearby", "worker", f"/m/sites/?lat={lat + 0.003:.5f}&lng={lng - 0.002:.5f}"),
        ("card", "worker", "/m/card/"),
        ("mycases", "worker", "/m/12351/mine/"),
        ("geojson", "", "/m/sites/geojson/"),
        ("members", "staff", "/members/"),
        ("queue", "staff", "/hotline/queue/"),
        ("inbox", "staff", "/inbox/"),
        ("dashboard", "staff", f"/stats/org/{chengguan.pk}/"),
    ]


def measure(client, path: str, warmup: int, repeat: int) -> dict:
    from django.db import connection

    count = [0]

    def counting(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    for _ in range(warmup):
        assert client.get(path).status_code == 200, path
    cpu, wall, queries = [], [], []
    for _ in range(repeat):
        count[0] = 0
        with connection.execute_wrapper(counting):
            c0, w0 = time.process_time(), time.perf_counter()
            response = client.get(path, headers={"Accept-Encoding": "gzip"})
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        assert response.status_code == 200, path
        queries.append(count[0])
    return {
        "cpu": statistics.median(cpu) * 1000,
        "wall": statistics.median(wall) * 1000,
        "q": (min(queries), max(queries)),
    }


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "load_settings")
    setup_django(url)
    from django.test import Client

    from gonghui.members.models import Member

    print(f"{Member.objects.count():,} members; load average {os.getloadavg()[0]:.1f}")
    who = clients() | {"": Client(HTTP_HOST="localhost")}
    wanted = set(args.pages.split(",")) if args.pages else None
    for name, role, path in pages():
        if wanted and name not in wanted:
            continue
        r = measure(who[role], path, args.warmup, args.repeat)
        q = r["q"][0] if r["q"][0] == r["q"][1] else f"{r['q'][0]}–{r['q'][1]}"
        print(
            f"{name:10} CPU {r['cpu']:6.1f} ms  wall {r['wall']:6.1f} ms  queries {q}",
            flush=True,
        )
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
