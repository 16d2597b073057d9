"""The fault drills' rules (deploy/drills/drillkit.py: the id ledger, the phases a request is
counted in, memory "flat") and the setting the primary-restart drill relies on: a persistent
connection that died with the database is replaced before a request's first query."""

import importlib.util
import os
import subprocess
import sys
import textwrap

from django.conf import settings
from django.db import connection

from gonghui.conftest import _database_url

spec = importlib.util.spec_from_file_location(
    "drillkit", settings.BASE_DIR / "deploy" / "drills" / "drillkit.py"
)
drillkit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(drillkit)
Result = drillkit.Result
MiB = drillkit.MiB


def req(started: float, ended: float, ok: bool = True, kind: str = "staff", db: str = "") -> Result:
    return Result(kind, started, ended, 200 if ok else 500, ok, db)


def test_the_ledger_names_every_acknowledged_id_the_database_lacks():
    assert drillkit.ledger_missing(["A3", "A1", "A2"], ["A1", "A2", "A3", "A9"]) == []
    assert drillkit.ledger_missing(["A3", "A1", "A2", "A1"], ["A2"]) == ["A1", "A3"]
    assert drillkit.ledger_missing([], []) == []


def test_requests_are_counted_in_the_phase_they_started_in():
    marks = [("up", 0.0), ("down", 10.0), ("back", 20.0)]
    results = [req(1, 2), req(9, 11), req(10, 12, ok=False), req(25, 26)]
    phases = drillkit.split_by_time(results, marks)
    assert [len(phases[name]) for name in ("up", "down", "back")] == [2, 1, 1]
    assert drillkit.count(phases["down"]) == {"requests": 1, "failed": 1}


def test_a_request_in_flight_when_a_switch_begins_counts_in_the_switch():
    marks = [("up", 0.0), ("switch", 10.0), ("down", 12.0)]
    in_flight = req(9.5, 10.5, ok=False)
    phases = drillkit.split_by_time([req(1, 2), in_flight, req(11.9, 12.5)], marks, ["switch"])
    assert phases["up"] == [req(1, 2)]
    assert phases["switch"] == [in_flight, req(11.9, 12.5)]
    assert phases["down"] == []  # a strict phase takes only what started in it


def test_restart_phases_keep_the_strict_phases_apart_from_the_window():
    results = [
        req(1, 2),  # ended before the stop
        req(4, 6, ok=False),  # in flight at the stop
        req(7, 7.1, ok=False),  # started while down
        req(8.5, 9),  # first seconds after the primary is back (at 8)
        req(10.5, 11),  # after the window
    ]
    phases = drillkit.restart_phases(results, stopped=5, back=8, settle=2)
    assert [len(p) for p in phases.values()] == [1, 2, 1, 1]
    names = list(phases)
    assert drillkit.count(phases[names[0]])["failed"] == 0
    assert drillkit.count(phases[names[1]])["failed"] == 2
    assert drillkit.count(phases[names[3]])["failed"] == 0


def test_count_tallies_which_database_served_the_reads():
    results = [req(0, 1, db="default,replica"), req(0, 1, db="default"), req(0, 1, db="default")]
    assert drillkit.count(results) == {
        "requests": 3,
        "failed": 0,
        "db=default,replica": 1,
        "db=default": 2,
    }


def test_memory_is_flat_within_a_fifth_plus_two_mebibytes():
    assert drillkit.memory_flat(100 * MiB, 100 * MiB)
    assert drillkit.memory_flat(100 * MiB, 90 * MiB)
    assert drillkit.memory_flat(100 * MiB, 122 * MiB)
    assert not drillkit.memory_flat(100 * MiB, 123 * MiB)
    assert drillkit.memory_flat(5 * MiB, 8 * MiB)  # a small process: a few pages
    assert not drillkit.memory_flat(5 * MiB, 9 * MiB)


CHILD_ENV_DROP = ("GONGHUI_", "DJANGO_", "DATABASE_URL")


def child_env(tmp_path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(CHILD_ENV_DROP)}
    return env | {
        "DJANGO_SETTINGS_MODULE": "gonghui.settings.base",
        "DATABASE_URL": url,
        "GONGHUI_VAR_DIR": str(tmp_path),
    }


def run_child(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_persistent_connections_are_health_checked(tmp_path):
    env = child_env(tmp_path, "postgres://app:pw@db.example:5432/gonghui")
    env["GONGHUI_REPLICA_URL"] = "postgres://app:pw@replica.example:5432/gonghui"
    done = run_child(
        """
        import django
        django.setup()
        from django.conf import settings
        for alias in ("default", "replica"):
            db = settings.DATABASES[alias]
            print(alias, db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"])
        """,
        env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["default 60 True", "replica 60 True"]


def test_a_connection_killed_between_requests_is_replaced_not_failed(db, tmp_path):
    """What a restart of the primary does to an app server's idle persistent connection."""
    if connection.vendor != "postgresql":
        return  # SQLite: no server connection (CONN_MAX_AGE is 0 there)
    done = run_child(
        """
        import os
        import time
        import django
        import psycopg
        django.setup()
        from django.core.signals import request_finished, request_started
        from django.db import connection

        def one_request():
            request_started.send(sender=None)
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    return cursor.fetchone()[0]
            finally:
                request_finished.send(sender=None)

        first = one_request()
        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [first])
            for _ in range(100):
                alive = other.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [first]
                ).fetchone()[0]
                if not alive:
                    break
                time.sleep(0.05)
        print(first, one_request())
        """,
        child_env(tmp_path, _database_url()),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    first, second = done.stdout.split()
    assert first != second
