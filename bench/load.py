"""The worker portal and the workbench under load: wrk against gunicorn on PostgreSQL.

    .venv/bin/python bench/load.py --keep                  # seed gh_load (1M members), run, keep it
    .venv/bin/python bench/load.py --reuse                 # run again on the kept database
    .venv/bin/python bench/load.py --reuse --duration 30 --pages home,nearby
    .venv/bin/python bench/load.py --reuse --workers 4 --threads 4     # gthread, 4 × 4
    .venv/bin/python bench/load.py --reuse --profile       # + cProfile of one request per page

1. The database of DATABASE_URL (default gh_load) is re-created and seeded at province scale:
   the org tree and demo unions, --members members written by COPY with real ciphertexts and
   hashes (`bench/members.py`, the `seed_demo` generator), --sites sites (`demo.sites`), then
   `seed_demo --if-empty` (demo accounts and workers, 12351 cases, archives, notices, roll-ups,
   待办). With --reuse a database that already holds members is used as it is.
2. The server is started as `make run` starts it: `gunicorn gonghui.wsgi -c gunicorn.conf.py`,
   the same settings (`bench/load_settings.py` only adds the bench's `/__bench__/hello/` URL),
   on PostgreSQL, bound to 127.0.0.1:--port (access log to /dev/null).
3. Sessions: the demo workers log in on /m/login/ (password) and `cg_admin` (工会管理员 of
   城关区总工会) on /accounts/login/, --sessions times each, as a browser does.
4. For each page: every URL is checked (200 with each session), then wrk runs --warmup seconds
   (discarded) and --duration seconds with --connections connections, rotating URLs and session
   cookies (a Lua script) and sending `Accept-Encoding: gzip, deflate, br` as browsers do,
   counting non-2xx answers. It prints req/s, p50, p99, non-2xx, the load
   average, and the target with met/MISSED: portal pages >= 1,000 req/s with p99 < 100 ms;
   workbench pages >= 300 req/s with p99 < 200 ms. The bare hello view is the ceiling: the same
   gunicorn, settings and middleware, no query, no template.
5. With --profile, one request of each page is profiled in this process (Django test Client,
   the same sessions): queries and the top functions by cumulative time.
"""

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from members import (  # noqa: E402 - bench scripts import their sibling
    drop_database,
    machine,
    prepare_database,
    recreate_database,
    setup_django,
    write_members,
)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gh_load"
PASSWORD = "Gonghui@2026"  # the demo accounts' published password
COUNTY_ADMIN = "cg_admin"
PORTAL = {"rps": 1000, "p99": 100}
WORKBENCH = {"rps": 300, "p99": 200}


@dataclass
class Page:
    name: str
    label: str
    paths: list[str]
    who: str  # "worker", "member", "staff" or "" (no session)
    target: dict | None
    cookies: list[str] = field(default_factory=list)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--sites", type=int, default=20_000)
    parser.add_argument("--cases", type=int, default=500, help="the demo's year of 12351 cases")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reuse", action="store_true", help="use the database if it has members")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--duration", type=int, default=15, help="seconds of each timed run")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py)")
    parser.add_argument("--threads", type=int, help="gthread worker threads (default: sync)")
    parser.add_argument("--sessions", type=int, default=4, help="logins per account")
    parser.add_argument("--points", type=int, default=50, help="附近的驿站 origins")
    parser.add_argument("--pages", help="comma-separated page names (default: all)")
    parser.add_argument("--port", type=int, default=8200)
    parser.add_argument("--profile", action="store_true", help="cProfile one request per page")
    parser.add_argument("--server-log", default=os.devnull, help="gunicorn's error log")
    return parser.parse_args()


def has_members(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            return conn.execute("SELECT EXISTS (SELECT 1 FROM members_member)").fetchone()[0]
    except psycopg.Error:
        return False


def seed_base(args) -> None:
    """The org tree, demo unions, members (COPY) and sites."""

    from gonghui.demo.sites import demo_sites
    from gonghui.sites.models import Site

    prepare_database(args.seed)
    print(f"writing {args.members:,} members (COPY, real ciphertexts and hashes):", flush=True)
    _, seconds = write_members(args.members, args.seed, samples=10)
    print(f"members written in {seconds:.1f} s", flush=True)
    t = time.perf_counter()
    Site.objects.bulk_create(demo_sites(args.sites, args.seed), batch_size=5000)
    print(f"sites: {Site.objects.count():,} in {time.perf_counter() - t:.1f} s", flush=True)


def seed_rest(args) -> None:
    """`seed_demo --if-empty` on top (accounts, workers, cases, archives, roll-ups, 待办), with
    a year of 12351 cases cut to --cases (through the services they take ~0.3 s each here)."""
    from unittest import mock

    from django.core.management import call_command
    from django.db import connection

    t = time.perf_counter()
    with (
        open(os.devnull, "w") as quiet,
        mock.patch("gonghui.demo.hotline_year.case_count", lambda members: args.cases),
    ):
        call_command("seed_demo", "--if-empty", members=0, seed=args.seed, stdout=quiet)
    print(f"seed_demo --if-empty ({args.cases:,} cases): {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE: {time.perf_counter() - t:.1f} s", flush=True)


def server_env(url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="load_settings",
        GONGHUI_BIND="",  # the command line's --bind
    )
    return env


def start_server(args, url: str) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "gonghui.wsgi",
        "-c",
        "gunicorn.conf.py",
        "--pythonpath",
        str(ROOT / "bench"),
        "--bind",
        f"127.0.0.1:{args.port}",
        "--access-logfile",
        os.devnull,
        "--error-logfile",
        args.server_log,
    ]
    if args.workers:
        command += ["--workers", str(args.workers)]
    if args.threads:
        command += ["--worker-class", "gthread", "--threads", str(args.threads)]
    server = subprocess.Popen(command, cwd=ROOT, env=server_env(url), start_new_session=True)
    import requests

    for _ in range(300):
        try:
            if requests.get(f"http://127.0.0.1:{args.port}/__bench__/hello/", timeout=2).ok:
                return server
        except requests.RequestException:
            pass
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}")
        time.sleep(0.2)
    stop_server(server)
    sys.exit("gunicorn did not answer within a minute")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def cookie_header(session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def login(base: str, path: str, fields: dict) -> str:
    """Log in through the page's form, as a browser does; returns the Cookie header."""
    import requests

    session = requests.Session()
    page = session.get(base + path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, f"no CSRF token on {path}"
    answer = session.post(
        base + path,
        data={"csrfmiddlewaretoken": token.group(1), **fields},
        headers={"Referer": base + path},
        allow_redirects=False,
    )
    assert answer.status_code == 302, f"login on {path}: {answer.status_code}"
    return cookie_header(session)


def sessions(args) -> dict[str, list[str]]:
    from gonghui.demo.workers import DEMO_WORKERS

    base = f"http://127.0.0.1:{args.port}"
    out = {"worker": [], "member": [], "staff": [], "": [""]}
    for _ in range(args.sessions):
        for spec in DEMO_WORKERS:
            cookie = login(
                base, "/m/login/", {"mode": "password", "phone": spec.phone, "password": PASSWORD}
            )
            out["worker"].append(cookie)
            if spec.member:
                out["member"].append(cookie)
        out["staff"].append(
            login(base, "/accounts/login/", {"username": COUNTY_ADMIN, "password": PASSWORD})
        )
    return out


def origins(n: int, seed: int) -> list[tuple[float, float]]:
    """Points where a phone asks for 附近的驿站: near random sites (a few hundred metres off)."""
    from gonghui.sites.models import Site

    rng = random.Random(seed)
    coords = list(Site.objects.values_list("lat", "lng"))
    return [
        (round(lat + rng.gauss(0, 0.005), 5), round(lng + rng.gauss(0, 0.005), 5))
        for lat, lng in rng.sample(coords, min(n, len(coords)))
    ]


def pages(args) -> list[Page]:
    nearby = [f"/m/sites/?lat={lat}&lng={lng}" for lat, lng in origins(args.points, args.seed)]
    out = [
        Page("hello", "bare Django hello (ceiling)", ["/__bench__/hello/"], "", None),
        Page("home", "portal home /m/ (logged in)", ["/m/"], "worker", PORTAL),
        Page("nearby", "附近的驿站 /m/sites/?lat&lng", nearby, "worker", PORTAL),
        Page("card", "会员电子卡 /m/card/", ["/m/card/"], "member", PORTAL),
        Page("mycases", "我的工单 /m/12351/mine/", ["/m/12351/mine/"], "worker", PORTAL),
        Page("geojson", "sites GeoJSON /m/sites/geojson/", ["/m/sites/geojson/"], "", PORTAL),
        Page("members", "城关 member list /members/", ["/members/"], "staff", WORKBENCH),
        Page("queue", "城关 case queue /hotline/queue/", ["/hotline/queue/"], "staff", WORKBENCH),
        Page("inbox", "城关 待办 /inbox/", ["/inbox/"], "staff", WORKBENCH),
    ]
    if args.pages:
        wanted = set(args.pages.split(","))
        out = [p for p in out if p.name in wanted or p.name == "hello"]
    return out


LUA = """
paths = {%(paths)s}
cookies = {%(cookies)s}
counter = 0
bad = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counter = math.random(1, 100000) end
function request()
  counter = counter + 1
  local headers = {["Accept-Encoding"] = "gzip, deflate, br"}
  local cookie = cookies[(counter %% #cookies) + 1]
  if cookie ~= "" then headers["Cookie"] = cookie end
  return wrk.format("GET", paths[(counter %% #paths) + 1], headers)
end
function response(status, headers, body)
  if status < 200 or status > 299 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("BENCH requests=%%d duration_us=%%d p50_us=%%d p99_us=%%d bad=%%d errors=%%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), total,
    summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout))
end
"""


def lua_list(values: list[str]) -> str:
    return ", ".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)


def wrk(args, page: Page, seconds: int, script: Path) -> dict:
    script.write_text(LUA % {"paths": lua_list(page.paths), "cookies": lua_list(page.cookies)})
    out = subprocess.run(
        [
            "wrk",
            f"-t{args.wrk_threads}",
            f"-c{args.connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{args.port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    values = {k: int(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
    values["rps"] = values["requests"] / (values["duration_us"] / 1e6)
    return values


def check(args, page: Page) -> None:
    import requests

    for path in page.paths[:5]:
        for cookie in page.cookies:
            answer = requests.get(
                f"http://127.0.0.1:{args.port}{path}",
                headers={"Cookie": cookie} if cookie else {},
                allow_redirects=False,
            )
            assert answer.status_code == 200, f"{page.name} {path}: {answer.status_code}"


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def others() -> str:
    """The busiest other processes right now, so a reader knows what shared the CPU."""
    out = subprocess.run(
        ["ps", "-eo", "pcpu,args", "--sort=-pcpu", "--no-headers"], capture_output=True, text=True
    ).stdout.splitlines()
    busiest = []
    for line in out[:6]:
        cpu, _, command = line.strip().partition(" ")
        words = [Path(w).name if w.startswith("/") else w for w in command.split()[:4]]
        busiest.append(f"{' '.join(words)[:60]} {cpu}%")
    return "; ".join(busiest)


def verdict(result: dict, target: dict | None) -> str:
    if target is None:
        return "(ceiling)"
    met = result["rps"] >= target["rps"] and result["p99_us"] / 1000 < target["p99"]
    return (
        f"target >= {target['rps']:,} req/s, p99 < {target['p99']} ms: {'met' if met else 'MISSED'}"
    )


def profile(page: Page) -> None:
    """One request of `page` in this process, under cProfile: its queries and top functions."""
    import cProfile
    import io
    import pstats

    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    cookie = page.cookies[0]
    for part in filter(None, cookie.split("; ")):
        name, value = part.split("=", 1)
        client.cookies[name] = value
    path = page.paths[0]
    client.get(path)  # warm
    waits: list[float] = []

    def timed_query(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            waits.append(time.perf_counter() - started)

    t = time.perf_counter()
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    ms = (time.perf_counter() - t) * 1000
    with connection.execute_wrapper(timed_query):
        client.get(path, headers={"Accept-Encoding": "gzip"})
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(path)
    profiler.disable()
    print(
        f"  profile {page.name} {path}: {response.status_code}, {len(response.content):,} bytes,"
        f" {ms:.1f} ms in-process; {len(waits)} queries ({sum(waits) * 1000:.1f} ms waiting on"
        " them, next load)"
    )
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(12)
    lines = [x for x in stream.getvalue().splitlines() if x.strip()][-13:]
    print("\n".join("    " + x for x in lines))


def main() -> int:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/load.py needs wrk: `make bench-deps` (Debian package wrk)")
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/load.py needs a PostgreSQL DATABASE_URL")
    os.environ["DJANGO_SETTINGS_MODULE"] = "load_settings"
    reuse = args.reuse and has_members(url)
    if not reuse:
        recreate_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from gonghui.members.models import Member
    from gonghui.portal.models import Worker
    from gonghui.sites.models import Site

    server = None
    try:
        if reuse:
            print(f"machine: {machine()}")
            print(f"reusing {url}")
        else:
            seed_base(args)
        if not Worker.objects.exists():  # a run stopped while seeding goes on from here
            seed_rest(args)
        call_command("createcachetable")
        print(
            f"data: {Member.objects.count():,} members, {Site.objects.count():,} sites; "
            f"server: gunicorn ×{args.workers or 'conf'}"
            f"{f' gthread ×{args.threads}' if args.threads else ' sync'}; "
            f"wrk -t{args.wrk_threads} -c{args.connections}, {args.warmup} s warm-up + "
            f"{args.duration} s"
        )
        connection.close()
        server = start_server(args, url)
        accounts = sessions(args)
        todo = pages(args)
        for page in todo:
            page.cookies = accounts[page.who]
            check(args, page)
        print(f"load average before: {loadavg()}; busiest: {others()}")
        missed = 0
        hello_rps = None
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "page.lua"
            for page in todo:
                wrk(args, page, args.warmup, script)
                result = wrk(args, page, args.duration, script)
                hello_rps = hello_rps or result["rps"]
                text = verdict(result, page.target)
                missed += "MISSED" in text
                print(
                    f"{page.label}: {result['rps']:,.0f} req/s "
                    f"({result['rps'] / hello_rps:.0%} of hello), "
                    f"p50 {result['p50_us'] / 1000:.1f} ms, p99 {result['p99_us'] / 1000:.1f} ms, "
                    f"non-2xx {result['bad']}, socket errors {result['errors']}, "
                    f"load {loadavg()} — {text}",
                    flush=True,
                )
        print(f"load average after: {loadavg()}; busiest: {others()}")
        if args.profile:
            stop_server(server)
            server = None
            for page in todo:
                profile(page)
        return 1 if missed else 0
    finally:
        if server is not None:
            stop_server(server)
        connection.close()
        if args.keep:
            print(f"database kept: {url} (again: bench/load.py --reuse)")
        else:
            drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
