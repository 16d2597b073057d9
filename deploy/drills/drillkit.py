"""What the fault drills share: the local stack's environment, logged-in clients through nginx,
a bounded load loop that records every request, the id ledger, process memory, and the small
rules the drills judge by (pure functions, unit-tested in gonghui/tests/test_drills.py).

Run the drills with the venv's Python (README: "Deploying a province" → "Drills")."""

import json
import os
import re
import subprocess
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

STACK = Path(os.environ.get("GONGHUI_STACK_DIR", "/tmp/gonghui-stack"))
REPO = Path(__file__).resolve().parent.parent.parent
PASSWORD = "Gonghui@2026"  # the demo accounts' published password
STAFF = "cg_admin"
AGENT = "agent"
WORKER_PHONE = "13800138000"
TIMEOUT = 30.0
MiB = 1024 * 1024


# --- pure rules (unit-tested) -------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """One request of the load: when it started and ended (monotonic seconds), what it was."""

    kind: str
    started: float
    ended: float
    status: int  # 0: no answer (connection refused, reset, timeout)
    ok: bool
    read_db: str = ""
    error: str = ""


def ledger_missing(acknowledged: Iterable[str], stored: Iterable[str]) -> list[str]:
    """The acknowledged ids that the database does not hold (sorted): must be empty."""
    return sorted(set(acknowledged) - set(stored))


def split_by_time(
    results: Iterable[Result], marks: list[tuple[str, float]], lenient: Iterable[str] = ()
) -> dict[str, list[Result]]:
    """Results grouped by phase: a request belongs to the last mark at or before its start
    (requests before the first mark to the first phase). `marks` are (phase name, monotonic
    time) in time order. A request still in flight when a `lenient` phase begins (a switch,
    whose failures are only counted) belongs to that phase."""
    phases: dict[str, list[Result]] = {name: [] for name, _ in marks}
    lenient = set(lenient)
    for result in results:
        index = 0
        for i, (_, at) in enumerate(marks):
            if result.started >= at:
                index = i
        following = marks[index + 1] if index + 1 < len(marks) else None
        if following and following[0] in lenient and result.ended >= following[1]:
            index += 1
        phases[marks[index][0]].append(result)
    return phases


def restart_phases(
    results: Iterable[Result], stopped: float, back: float, settle: float
) -> dict[str, list[Result]]:
    """The primary-restart drill's phases: requests that ended before the stop; those in flight
    at the stop or started while the primary was down; those started in the first `settle`
    seconds after it accepts connections again (`back`); and those started later."""
    phases: dict[str, list[Result]] = {
        "before the stop": [],
        "primary down": [],
        f"first {settle:g} s after it is back": [],
        "after the window": [],
    }
    names = list(phases)
    for result in results:
        if result.ended < stopped:
            name = names[0]
        elif result.started < back:
            name = names[1]
        elif result.started < back + settle:
            name = names[2]
        else:
            name = names[3]
        phases[name].append(result)
    return phases


def count(results: Iterable[Result]) -> dict[str, int]:
    """Requests, failures and which database served the reads (X-Gonghui-Read-Db)."""
    out = {"requests": 0, "failed": 0}
    for result in results:
        out["requests"] += 1
        out["failed"] += not result.ok
        if result.read_db:
            key = f"db={result.read_db}"
            out[key] = out.get(key, 0) + 1
    return out


def memory_flat(warm: int, later: int, *, ratio: float = 1.2, slack: int = 2 * MiB) -> bool:
    """A process group's memory is flat when a later sample is at most `ratio` times the sample
    taken after warm-up, plus `slack` bytes (a few pages of a small process such as nginx)."""
    return later <= warm * ratio + slack


# --- the stack ----------------------------------------------------------------------------------


def stack_env() -> dict[str, str]:
    env = {}
    for line in (STACK / "gonghui.env").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = value
    return env


def local_stack(*args: str) -> float:
    """Run deploy/local-stack.sh with `args`; returns the monotonic time when it returned."""
    env = {**os.environ, "GONGHUI_VENV": os.environ.get("GONGHUI_VENV", "/work/main/.venv")}
    subprocess.run([str(REPO / "deploy" / "local-stack.sh"), *args], check=True, env=env)
    return time.monotonic()


def primary_connect():
    import psycopg

    return psycopg.connect(stack_env()["DATABASE_URL"], connect_timeout=5)


def wait_healthy(client: "Client", seconds: float = 60) -> dict:
    """/healthz until it answers 200 (database, replica, cache, worker ok), or the last answer."""
    deadline = time.monotonic() + seconds
    answer: dict = {}
    while time.monotonic() < deadline:
        try:
            response = client.get("/healthz")
            answer = {"status": response.status_code, **response.json()}
            if response.status_code == 200:
                return answer
        except Exception as exc:  # noqa: BLE001 - reported to the caller
            answer = {"error": type(exc).__name__}
        time.sleep(1)
    return answer


# --- clients ------------------------------------------------------------------------------------


class Client:
    """One keep-alive HTTPS session through nginx (the stack's self-signed certificate)."""

    def __init__(self):
        import requests
        import urllib3

        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        self.base = stack_env()["GONGHUI_STACK_URL"]
        self.session = requests.Session()
        # Per request too: REQUESTS_CA_BUNDLE in the environment would override the session's.
        self.session.verify = False
        self.session.trust_env = False
        self.token = ""

    def get(self, path: str, **kwargs):
        return self.session.get(self.base + path, timeout=TIMEOUT, allow_redirects=False, **kwargs)

    def post(self, path: str, **kwargs):
        headers = {"Referer": self.base + path, "Origin": self.base, **kwargs.pop("headers", {})}
        return self.session.post(
            self.base + path, timeout=TIMEOUT, allow_redirects=False, headers=headers, **kwargs
        )

    def form_login(self, path: str, fields: dict) -> None:
        page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        answer = self.post(path, data={"csrfmiddlewaretoken": token.group(1), **fields})
        if answer.status_code != 302:
            raise RuntimeError(f"login on {path}: {answer.status_code}")
        # Read routing: the login wrote, so the browser reads the primary for 5 s; a load of
        # many requests behaves like a browser after that.
        self.session.cookies.pop("gh_primary", None)

    def api_login(self, username: str) -> None:
        answer = self.session.post(
            self.base + "/api/v1/auth/token",
            json={"username": username, "password": PASSWORD},
            timeout=TIMEOUT,
        )
        answer.raise_for_status()
        self.token = answer.json()["token"]


def staff_client() -> Client:
    client = Client()
    client.form_login("/accounts/login/", {"username": STAFF, "password": PASSWORD})
    return client


def worker_client() -> Client:
    client = Client()
    client.form_login(
        "/m/login/", {"mode": "password", "phone": WORKER_PHONE, "password": PASSWORD}
    )
    return client


def agent_client() -> Client:
    client = Client()
    client.api_login(AGENT)
    return client


# --- the requests of the load -------------------------------------------------------------------


def case_payload() -> dict:
    """A 12351 call registered by the agent: no personal data but a made-up name and a
    test number (the case table stores them encrypted)."""
    return {
        "channel": "phone",
        "received_at": time.strftime(
            "%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(time.time() + 8 * 3600)
        ),
        "caller_name": "演练来电",
        "caller_phone": "13900000000",
        "kind": "consult",
        "category": "wages",
        "complexity": "simple",
        "description": f"故障演练 {uuid.uuid4().hex[:12]}",
    }


def timed(kind: str, call: Callable, ok: Callable[[object], bool]) -> tuple[Result, object]:
    started = time.monotonic()
    try:
        response = call()
    except Exception as exc:  # noqa: BLE001 - a failed request is a result of the drill
        return Result(kind, started, time.monotonic(), 0, False, error=type(exc).__name__), None
    return (
        Result(
            kind,
            started,
            time.monotonic(),
            response.status_code,
            ok(response),
            response.headers.get("X-Gonghui-Read-Db", ""),
        ),
        response,
    )


def is_2xx(response) -> bool:
    return 200 <= response.status_code < 300


@dataclass
class Load:
    """Threads sending requests until `stop` is set; every request is kept in `results`, every
    acknowledged write's id in `ledger`."""

    threads: int
    mix: list[str]  # request kinds, taken in turn by each thread
    results: list[Result] = field(default_factory=list)
    ledger: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    running: threading.Event = field(default_factory=threading.Event)  # cleared: paused
    lock: threading.Lock = field(default_factory=threading.Lock)
    staff_pages: tuple[str, ...] = ("/members/", "/stats/", "/inbox/", "/sites/")
    worker_pages: tuple[str, ...] = ("/m/", "/m/card/", "/m/12351/mine/")

    def run_one(self, kind: str, n: int, clients: dict[str, Client]) -> Result:
        if kind == "write":
            agent = clients["agent"]
            result, response = timed(
                kind,
                lambda: agent.session.post(
                    agent.base + "/api/v1/hotline/cases",
                    json=case_payload(),
                    headers={"Authorization": f"Bearer {agent.token}"},
                    timeout=TIMEOUT,
                ),
                lambda r: r.status_code == 201,
            )
            if result.ok:
                with self.lock:
                    self.ledger.append(response.json()["number"])
            return result
        if kind == "staff":
            path = self.staff_pages[n % len(self.staff_pages)]
            return timed(kind, lambda: clients["staff"].get(path), is_2xx_or_own_redirect)[0]
        if kind == "worker":
            path = self.worker_pages[n % len(self.worker_pages)]
            return timed(kind, lambda: clients["worker"].get(path), is_2xx)[0]
        if kind == "replica":  # the reads read routing sends to the replica
            path = ("/members/", "/sites/")[n % 2]
            return timed(kind, lambda: clients["staff"].get(path), is_2xx)[0]
        raise ValueError(kind)

    def worker(self, index: int, clients: dict[str, Client]) -> None:
        n = index
        while not self.stop.is_set():
            self.running.wait()
            result = self.run_one(self.mix[n % len(self.mix)], n, clients)
            with self.lock:
                self.results.append(result)
            n += 1

    def start(self) -> list[threading.Thread]:
        kinds = set(self.mix)
        pool = []
        for index in range(self.threads):
            clients = {}
            if {"staff", "replica"} & kinds:
                clients["staff"] = staff_client()
            if "worker" in kinds:
                clients["worker"] = worker_client()
            if "write" in kinds:
                clients["agent"] = agent_client()
            thread = threading.Thread(target=self.worker, args=(index, clients), daemon=True)
            pool.append(thread)
        self.running.set()
        for thread in pool:
            thread.start()
        return pool

    def finish(self, pool: list[threading.Thread]) -> None:
        self.stop.set()
        self.running.set()
        for thread in pool:
            thread.join(timeout=TIMEOUT + 5)


def is_2xx_or_own_redirect(response) -> bool:
    """/stats/ redirects a staff user to his own union's dashboard (302 within the site)."""
    if response.status_code == 302:
        return response.headers.get("Location", "").startswith("/stats/")
    return is_2xx(response)


def stored_case_numbers(numbers: list[str]) -> list[str]:
    with primary_connect() as conn:
        rows = conn.execute(
            "SELECT number FROM hotline_case WHERE number = ANY(%s)", [numbers]
        ).fetchall()
    return [row[0] for row in rows]


def print_counts(title: str, phases: dict[str, list[Result]]) -> None:
    print(title)
    for name, results in phases.items():
        counts = count(results)
        errors = sorted({f"{r.kind}:{r.status or r.error}" for r in results if not r.ok})
        print(
            f"  {name:<28} {json.dumps(counts, ensure_ascii=False)}"
            + (f" {errors}" if errors else "")
        )


class Verdict:
    """Checks printed as they are made; `exit_code()` is 1 if any failed."""

    def __init__(self):
        self.failed: list[str] = []

    def check(self, name: str, ok: bool, seen: object = "") -> None:
        print(f"{'OK    ' if ok else 'FAILED'} {name}" + (f"  [{seen}]" if seen != "" else ""))
        if not ok:
            self.failed.append(name)

    def exit_code(self) -> int:
        print("全部通过" if not self.failed else "未通过: " + "; ".join(self.failed))
        return 1 if self.failed else 0


# --- process memory -----------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def _descendants(pid: int, tree: dict[int, list[int]]) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(tree.get(current, []))
    return out


def _pid_file(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, IndexError, ValueError):
        return None


def memory_of(pid: int) -> tuple[int, int] | None:
    """(RSS, private) of one process in bytes. Private memory (USS: the pages no other process
    maps) leaves out what PostgreSQL's processes share — the buffer pool, which fills up to
    shared_buffers as the data is read or replayed, and is counted again in every backend's
    RSS; a leak shows in private memory."""
    try:
        rss = private = 0
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(("Private_Clean:", "Private_Dirty:")):
                private += int(line.split()[1]) * 1024
        return rss, private
    except OSError:
        return None


def stack_groups() -> dict[str, list[int]]:
    """The processes of the stack by group: each gunicorn (master and workers), each loop (its
    supervising shell and the Python process), both PostgreSQL clusters (postmaster and every
    backend), Redis, nginx (master and workers)."""
    tree = _children()
    run = STACK / "run"
    groups: dict[str, list[int]] = {}
    roots = {
        "gunicorn :8301": run / "web-8301.pid",
        "gunicorn :8302": run / "web-8302.pid",
        "db_worker": run / "db_worker.pid",
        "audit_seal": run / "audit_seal.pid",
        "hotline_sweep": run / "hotline_sweep.pid",
        "postgres primary (all backends)": STACK / "pg/primary/postmaster.pid",
        "postgres replica (all backends)": STACK / "pg/replica/postmaster.pid",
        "redis": run / "redis.pid",
        "nginx": run / "nginx.pid",
    }
    for name, pid_file in roots.items():
        pid = _pid_file(pid_file)
        groups[name] = _descendants(pid, tree) if pid else []
    return groups


def sample_memory() -> dict[str, dict]:
    """Per group: RSS and private (USS) totals (bytes) and each process's RSS."""
    out = {}
    for name, pids in stack_groups().items():
        each = {pid: m for pid in pids if (m := memory_of(pid)) is not None}
        out[name] = {
            "rss": sum(m[0] for m in each.values()),
            "private": sum(m[1] for m in each.values()),
            "processes": {pid: m[0] for pid, m in each.items()},
        }
    return out
