"""The one rate limiter: fixed windows, an atomic count in the database or in Redis, values
stored only as keyed hashes."""

import uuid
from datetime import timedelta
from unittest import mock

import pytest
import redis
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core.models import RateCounter
from gonghui.core.ratelimit import RateLimit

REDIS_URL = "redis://127.0.0.1:6379/0"
PHONE = "13987654321"

pytestmark = pytest.mark.django_db


def later(seconds: int):
    now = timezone.now() + timedelta(seconds=seconds)
    return mock.patch("django.utils.timezone.now", return_value=now)


def test_the_default_cache_is_the_database_not_a_per_process_memory():
    cache = caches["default"]
    assert type(cache).__name__ == "DatabaseCache"
    cache.set("shared", 1)
    assert cache.get("shared") == 1


def test_a_window_allows_the_limit_then_refuses_until_it_ends():
    limit = RateLimit("test", 3, 60)
    assert [limit.hit(PHONE) for _ in range(5)] == [True, True, True, False, False]
    assert limit.hit("13900000000")  # each value counts on its own
    with later(59):
        assert not limit.hit(PHONE)
    with later(60):
        assert limit.hit(PHONE)  # a new window, starting with this attempt
        assert [limit.count(PHONE) for _ in range(2)] == [2, 3]


def test_undo_gives_one_attempt_back():
    limit = RateLimit("test", 2, 60)
    assert limit.hit(PHONE) and limit.hit(PHONE)
    limit.undo(PHONE)
    assert limit.hit(PHONE)
    assert not limit.hit(PHONE)
    limit.undo("13900000000")  # nothing counted: nothing to give back
    assert RateCounter.objects.filter(key__startswith="test:").count() == 1


def test_the_count_is_one_statement_and_keeps_no_value_in_clear():
    limit = RateLimit("test-scope", 5, 600)
    limit.hit(PHONE)
    with CaptureQueriesContext(connection) as queries:
        assert limit.count(PHONE) == 2
    assert len(queries.captured_queries) == 1
    assert "ON CONFLICT" in queries.captured_queries[0]["sql"]
    (row,) = RateCounter.objects.all()
    assert row.key.startswith("test-scope:") and PHONE not in row.key and len(row.key) < 120


def test_ended_windows_are_deleted_when_a_new_one_begins():
    RateLimit("old", 1, 60).hit("10.0.0.1")
    with later(61):
        RateLimit("new", 1, 60).hit("10.0.0.2")
    assert [row.key.split(":")[0] for row in RateCounter.objects.all()] == ["new"]


@pytest.fixture
def redis_cache(settings):
    prefix = f"gonghui-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_with_redis_the_count_is_incr_with_the_window_as_its_expiry(redis_cache):
    limit = RateLimit("test", 2, 60)
    assert [limit.hit(PHONE) for _ in range(3)] == [True, True, False]
    limit.undo(PHONE)
    assert limit.count(PHONE) == 3
    client = redis.Redis.from_url(REDIS_URL)
    (key,) = client.scan_iter(f"{redis_cache}:*")
    assert PHONE not in key.decode()
    assert 0 < client.ttl(key) <= 60
    assert not RateCounter.objects.exists()  # nothing in the database
