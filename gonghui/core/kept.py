"""Values computed once and kept in the shared cache (Redis in production, the database table
elsewhere) under a version that any write of their sources drops.

A reader asks for `kept(key, version_key, compute, timeout)`: one read of the version, one of
the value; `compute` runs only on a miss. A writer calls `drop(version_key)`: the version is
dropped at once (the writer's own transaction reads its write) and again after the commit (a
reader between the write and its commit still saw the old rows and may have kept them under the
version it found), so the next reader starts a new version. `timeout` bounds what a write that
skips the receivers (a queryset's `update()`) could leave behind.
"""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
_MISSING = object()


def version(key: str) -> str:
    """The current version under `key`, a new one if there is none."""
    value = cache.get(key)
    if value is None:
        value = uuid.uuid4().hex
        if not cache.add(key, value, None):
            value = cache.get(key) or value
    return value


def drop(*keys: str) -> None:
    """Drop the versions (or plain values) under `keys`: at once and again on commit."""
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def kept(key: str, version_key: str, compute: Callable[[], T], timeout: int) -> T:
    """The value of `compute()` kept under `key` for the current version of `version_key`."""
    full = f"{key}:{version(version_key)}"
    value = cache.get(full, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full, value, timeout)
    return value
