"""Read routing: a streaming replica serves the reads that tolerate a second of staleness.

With `GONGHUI_REPLICA_URL` set, settings add the `replica` alias and `ReplicaRouter`. A read goes
to the replica only when all of these hold (otherwise it goes to `default`, the primary):

- it happens inside a request (commands, the task worker and tests outside a request: primary);
- the request is a GET or HEAD of a view that may read stale data: its URL name is in
  `GONGHUI_REPLICA_VIEWS` or the view is decorated with `replica_reads` (dashboards, statistics,
  exports, lists);
- nothing was written in this request yet (a write through the ORM marks the request, and every
  read after it goes to the primary), and no transaction is open on the primary (a service's
  reads inside its transaction, `select_for_update` above all);
- the browser does not carry the `gh_primary` cookie, which a request that wrote sets for
  `GONGHUI_REPLICA_STICKY_SECONDS` (default 5): the page after a form's redirect sees the write;
- the model is not one of `PRIMARY_ONLY_APPS` (sessions, accounts, login attempts, the task
  queue, the cache table): who is logged in and what he may do is always read from the primary;
- the replica answers: a replica that does not is skipped for `REPLICA_RETRY_SECONDS` by this
  process, so reads fall back to the primary while it is down.

Writes always go to the primary; `migrate` never runs on the replica (it is a copy).
"""

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import DatabaseError

REPLICA = "replica"
STICKY_COOKIE = "gh_primary"
# Apps always read from the primary: the session and the logged-in account (a login or a revoked
# grant must count at once), login lockouts, the task queue and the database cache.
PRIMARY_ONLY_APPS = frozenset(
    {
        "sessions",
        "auth",
        "accounts",
        "axes",
        "admin",
        "contenttypes",
        "django_tasks_database",
        "django_cache",
        "core",
    }
)
# Writes that do not make the request's later reads go to the primary: the session saved on
# every request, login attempts, the cache table.
UNTRACKED_WRITE_APPS = frozenset({"sessions", "axes", "django_cache"})
REPLICA_RETRY_SECONDS = 5.0

logger = logging.getLogger(__name__)


@dataclass
class RoutingState:
    """What the router knows about the current request."""

    stale_ok: bool = False
    wrote: bool = False
    served: set[str] = field(default_factory=set)


routing_state: ContextVar[RoutingState | None] = ContextVar("routing_state", default=None)
_replica_down_until = 0.0


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_reads(view: Callable) -> Callable:
    """Mark a view whose reads may come from the replica (like the `GONGHUI_REPLICA_VIEWS`
    allow-list, for a view that is easier to mark where it is written)."""
    view.replica_reads = True
    return view


def replica_available() -> bool:
    """Whether the replica answers; a failure is remembered for REPLICA_RETRY_SECONDS so that a
    stopped replica costs one failed connection attempt per process and period, not per read."""
    global _replica_down_until
    if time.monotonic() < _replica_down_until:
        return False
    connection = connections[REPLICA]
    try:
        if connection.connection is None:
            connection.ensure_connection()
        elif not connection.is_usable():
            connection.close()
            connection.ensure_connection()
    except DatabaseError:
        connection.close()
        _replica_down_until = time.monotonic() + REPLICA_RETRY_SECONDS
        logger.warning("replica unavailable; reading from the primary")
        return False
    return True


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        state = routing_state.get()
        alias = DEFAULT_DB_ALIAS
        if (
            state is not None
            and state.stale_ok
            and not state.wrote
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            alias = REPLICA
        if state is not None:
            state.served.add(alias)
        return alias

    def db_for_write(self, model, **hints) -> str:
        state = routing_state.get()
        if state is not None and model._meta.app_label not in UNTRACKED_WRITE_APPS:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica is a copy of the primary: an object read from either relates to any other.
        aliases = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints) -> bool:
        return db != REPLICA


def _view_may_read_stale(request, view_func) -> bool:
    if request.method not in ("GET", "HEAD") or request.COOKIES.get(STICKY_COOKIE):
        return False
    if getattr(view_func, "replica_reads", False):
        return True
    match = request.resolver_match
    return match is not None and match.view_name in settings.GONGHUI_REPLICA_VIEWS


class ReadRoutingMiddleware:
    """Holds the request's `RoutingState`; decides, once the view is known, whether its reads
    may come from the replica; after a write, sets the cookie that keeps the browser's next
    requests on the primary. Without a replica it does nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        state = RoutingState()
        token = routing_state.set(state)
        try:
            response = self.get_response(request)
        finally:
            routing_state.reset(token)
        if state.wrote:
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.GONGHUI_REPLICA_STICKY_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        if settings.GONGHUI_READ_ROUTING_HEADER:
            response["X-Gonghui-Read-Db"] = ",".join(sorted(state.served)) or "-"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        state = routing_state.get()
        if state is not None and _view_may_read_stale(request, view_func):
            state.stale_ok = replica_available()
        return None
