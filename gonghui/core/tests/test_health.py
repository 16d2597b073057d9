"""/healthz: database, cache and the worker's heartbeat; 503 naming what failed."""

import json
import time

import pytest
from django.core.cache import cache
from django.db.utils import OperationalError
from django.test import Client

from gonghui.core import health


@pytest.fixture(autouse=True)
def _no_beat(request):
    if not request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    cache.delete(health.HEARTBEAT_KEY)


def _get(client=None):
    response = (client or Client()).get("/healthz")
    return response, json.loads(response.content)


def test_all_ok_with_a_recent_heartbeat():
    health.beat()
    response, body = _get()
    assert response.status_code == 200
    assert body == {"database": "ok", "cache": "ok", "worker": "ok"}
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_no_heartbeat_is_503_naming_the_worker():
    response, body = _get()
    assert response.status_code == 503
    assert body == {"database": "ok", "cache": "ok", "worker": "stale"}


def test_an_old_heartbeat_is_stale():
    cache.set(health.HEARTBEAT_KEY, time.time() - health.HEARTBEAT_STALE_SECONDS - 5)
    response, body = _get()
    assert response.status_code == 503
    assert body["worker"] == "stale"


def test_a_database_that_fails_is_503(monkeypatch):
    health.beat()

    ping = health._ping

    def broken(alias):
        if alias == "default":
            raise OperationalError("server closed the connection")
        ping(alias)

    monkeypatch.setattr(health, "_ping", broken)
    response, body = _get()
    assert response.status_code == 503
    assert body["database"] == "failed"
    assert "server closed" not in response.content.decode()


def test_a_cache_that_fails_is_503(monkeypatch):
    health.beat()

    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "set", broken)
    response, body = _get()
    assert response.status_code == 503
    assert body["cache"] == "failed"


def test_anyone_may_ask_but_only_read():
    health.beat()
    client = Client()
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_beats_until_stopped():
    heartbeat = health.start_heartbeat(every=0.05)
    try:
        for _ in range(200):  # a wait for the thread, not a timing
            if health.worker_last_beat_age() is not None:
                break
            time.sleep(0.05)
        assert health.worker_last_beat_age() is not None
    finally:
        heartbeat.stop()
    assert not heartbeat.is_alive()
    cache.delete(health.HEARTBEAT_KEY)
    time.sleep(0.2)
    assert health.worker_last_beat_age() is None


def test_only_the_worker_command_starts_the_heartbeat(monkeypatch):
    monkeypatch.setattr(health, "start_heartbeat", lambda: "started")
    assert health.start_heartbeat_in_worker(["manage.py", "runserver"]) is None
    assert health.start_heartbeat_in_worker(["gunicorn", "gonghui.wsgi"]) is None
    assert health.start_heartbeat_in_worker(["manage.py"]) is None
    assert health.start_heartbeat_in_worker(["manage.py", "db_worker", "--interval", "1"]) == (
        "started"
    )
