"""`/healthz` for nginx, monitoring and the drills, and the task worker's heartbeat.

The answer is `{"database": "ok", "replica": "ok", "cache": "ok", "worker": "ok"}` with 200, or
the same keys with "failed" (or "stale" for the worker) and 503. `replica` appears only when
`GONGHUI_REPLICA_URL` is set. No login, no personal data, no error text (only its type, in the
log); a few milliseconds: `SELECT 1` per database, one cache write and read, one cache read.

Worker heartbeat: a `manage.py db_worker` process starts a daemon thread (from
`CoreConfig.ready()`) that writes the time into the shared cache every HEARTBEAT_SECONDS; the
worker counts as alive while the newest beat of any worker is younger than HEARTBEAT_STALE_SECONDS.
The thread beats while a long task runs, so a busy worker is not reported dead; a killed or hung
process, or one that cannot reach the cache, stops beating.
"""

import logging
import threading
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from gonghui.core.dbrouting import REPLICA, replica_configured
from gonghui.core.decorators import public

HEARTBEAT_KEY = "gonghui:worker:heartbeat"
HEARTBEAT_SECONDS = 10
HEARTBEAT_STALE_SECONDS = 60
WORKER_COMMANDS = frozenset({"db_worker"})

logger = logging.getLogger(__name__)


def beat() -> None:
    cache.set(HEARTBEAT_KEY, time.time(), timeout=HEARTBEAT_STALE_SECONDS * 10)


class Heartbeat(threading.Thread):
    """A daemon thread that beats every `every` seconds until `stop()` (or the process ends)."""

    def __init__(self, every: float = HEARTBEAT_SECONDS):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.every = every
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.is_set():
            try:
                beat()
            except Exception as error:  # the worker must not die of a cache outage
                logger.warning("worker heartbeat failed: %s", type(error).__name__)
            finally:
                connections.close_all()  # this thread's connections only (the database cache)
            self._stopped.wait(self.every)

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def start_heartbeat(every: float = HEARTBEAT_SECONDS) -> Heartbeat:
    heartbeat = Heartbeat(every)
    heartbeat.start()
    return heartbeat


def start_heartbeat_in_worker(argv: list[str]) -> Heartbeat | None:
    """Called at start-up: beat when this process is `manage.py db_worker`."""
    if len(argv) > 1 and argv[1] in WORKER_COMMANDS:
        return start_heartbeat()
    return None


def worker_last_beat_age() -> float | None:
    at = cache.get(HEARTBEAT_KEY)
    return None if at is None else max(time.time() - at, 0.0)


def _ping(alias: str) -> None:
    connection = connections[alias]
    if connection.connection is not None and not connection.is_usable():
        connection.close()  # a server restarted since: reconnect rather than report it down
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache_round_trip() -> None:
    token = get_random_string(12)
    cache.set("gonghui:healthz", token, timeout=30)
    if cache.get("gonghui:healthz") != token:
        raise RuntimeError("cache did not return what was written")


def _worker() -> None:
    age = worker_last_beat_age()
    if age is None or age > HEARTBEAT_STALE_SECONDS:
        raise RuntimeError("no recent heartbeat")


def _run(name: str, check: Callable[[], None], failed: str = "failed") -> str:
    try:
        check()
    except Exception as error:
        logger.warning("health check %s failed: %s", name, type(error).__name__)
        return failed
    return "ok"


def health() -> dict[str, str]:
    checks = {"database": _run("database", lambda: _ping("default"))}
    if replica_configured():
        checks["replica"] = _run("replica", lambda: _ping(REPLICA))
    checks["cache"] = _run("cache", _cache_round_trip)
    checks["worker"] = _run("worker", _worker, failed="stale")
    return checks


@public
@never_cache
@require_safe
def healthz(request):
    checks = health()
    status = 200 if all(value == "ok" for value in checks.values()) else 503
    return JsonResponse(checks, status=status)
