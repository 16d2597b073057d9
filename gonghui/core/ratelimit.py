"""The one rate limiter: fixed-window counters that hold across web processes and restarts.

A window starts with the first attempt and lasts `window` seconds; every attempt in it counts.
The count is one atomic step on the shared store, so N processes counting at once never let
more than `limit` attempts through:

- Redis (the default cache is django-redis, `GONGHUI_CACHE_URL` set): INCR, and EXPIRE on the
  window's first attempt, in one Lua script.
- otherwise the database (SQLite or PostgreSQL), table `core_ratecounter`: one
  INSERT … ON CONFLICT DO UPDATE … RETURNING statement. Django's database cache has no atomic
  increment (its `incr` is a read then a write), which is why it is not used for counting.

Inside a transaction the database count is part of it: a rolled-back attempt does not count.
Values are stored as keyed hashes (HMAC-SM3 with the PII key), never as given.
"""

from dataclasses import dataclass

from django.core.cache import caches
from django.db import connection
from django.db.models import F
from django.utils import timezone

from gonghui.core import crypto
from gonghui.core.models import RateCounter

_REDIS_HIT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
"""
_REDIS_UNDO = """
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end
return 0
"""


def _redis():
    """The raw Redis client when the default cache is django-redis, else None."""
    cache = caches["default"]
    client = getattr(cache, "client", None)
    if client is None or not type(cache).__module__.startswith("django_redis"):
        return None
    return cache, client.get_client(write=True)


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` attempts per value (IP address, phone number, case number) within a
    window of `window` seconds; `scope` names the limit and keeps its counters apart."""

    scope: str
    limit: int
    window: int

    def _key(self, value: str) -> str:
        return f"{self.scope}:{crypto.lookup_hash(f'ratelimit:{self.scope}:{value}')}"

    def count(self, value: str) -> int:
        """Count one attempt by `value`; returns the attempts so far in its window."""
        key = self._key(value)
        redis = _redis()
        if redis is not None:
            cache, client = redis
            return int(client.eval(_REDIS_HIT, 1, cache.make_key(key), self.window))
        now = int(timezone.now().timestamp())
        q = connection.ops.quote_name
        t, k, n, e = q(RateCounter._meta.db_table), q("key"), q("count"), q("expires")
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {t} ({k}, {n}, {e}) VALUES (%s, 1, %s)"  # noqa: S608
                f" ON CONFLICT ({k}) DO UPDATE SET"
                f" {n} = CASE WHEN {t}.{e} <= %s THEN 1 ELSE {t}.{n} + 1 END,"
                f" {e} = CASE WHEN {t}.{e} <= %s THEN excluded.{e} ELSE {t}.{e} END"
                f" RETURNING {n}",
                [key, now + self.window, now, now],
            )
            count = cursor.fetchone()[0]
            if count == 1:
                # A window began: a good moment to drop the counters whose windows ended.
                cursor.execute(f"DELETE FROM {t} WHERE {e} <= %s", [now])  # noqa: S608
        return count

    def hit(self, value: str) -> bool:
        """Count one attempt by `value`; True while it is within the limit."""
        return self.count(value) <= self.limit

    def undo(self, value: str) -> None:
        """Give back one attempt (one refused for another reason, which wrote nothing)."""
        key = self._key(value)
        redis = _redis()
        if redis is not None:
            cache, client = redis
            client.eval(_REDIS_UNDO, 1, cache.make_key(key))
            return
        RateCounter.objects.filter(key=key, count__gt=0).update(count=F("count") - 1)
