"""Sessions saved at most once a minute (core.sessions.SessionMiddleware): the idle timeout still
slides, a second request within the minute writes nothing, a changed session is saved at once."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.core import sessions
from gonghui.core.sessions import SAVED_AT, SessionMiddleware

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self, monkeypatch, start: int = 1_800_000_000):
        self.value = start
        monkeypatch.setattr(sessions, "now", lambda: self.value)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def _view(change: dict | None = None, status: int = 200):
    def view(request):
        request.session.get("anything")  # a page that reads the session, as every login does
        for key, value in (change or {}).items():
            request.session[key] = value
        return HttpResponse("ok", status=status)

    return view


def _request(session_key: str | None):
    request = RequestFactory().get("/")
    if session_key:
        request.COOKIES[settings.SESSION_COOKIE_NAME] = session_key
    return request


def _run(session_key: str | None, **kwargs):
    request = _request(session_key)
    response = SessionMiddleware(_view(**kwargs))(request)
    return request, response


def _session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


def _row(key: str) -> Session:
    return Session.objects.get(session_key=key)


def _new_session(clock) -> str:
    request, response = _run(None, change={"user": "x"})
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == request.session.session_key
    return request.session.session_key


def test_a_new_session_is_saved_with_its_stamp(clock):
    key = _new_session(clock)
    assert _row(key).get_decoded()[SAVED_AT] == clock.value


def test_a_second_request_within_the_minute_writes_nothing(clock):
    key = _new_session(clock)
    expiry = _row(key).expire_date
    clock.value += 59
    with CaptureQueriesContext(connection) as queries:
        request, response = _run(key)
    assert _session_writes(queries.captured_queries) == []
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert _row(key).expire_date == expiry
    assert _row(key).get_decoded()[SAVED_AT] == clock.value - 59
    # It read the session, so the answer still varies on the cookie (Django's rule).
    assert "Cookie" in response["Vary"]


def test_the_expiry_slides_once_the_minute_is_over(clock):
    key = _new_session(clock)
    expiry = _row(key).expire_date
    clock.value += 60
    with CaptureQueriesContext(connection) as queries:
        request, response = _run(key)
    assert len(_session_writes(queries.captured_queries)) == 1
    row = _row(key)
    assert row.expire_date > expiry
    assert row.get_decoded()[SAVED_AT] == clock.value
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == key
    # The idle timeout is still 30 minutes from this save.
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert request.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_a_changed_session_is_saved_at_once(clock):
    key = _new_session(clock)
    clock.value += 5
    with CaptureQueriesContext(connection) as queries:
        _run(key, change={"portal_worker_id": 7})
    assert len(_session_writes(queries.captured_queries)) == 1
    data = _row(key).get_decoded()
    assert data["portal_worker_id"] == 7
    assert data[SAVED_AT] == clock.value


def test_a_session_without_a_stamp_is_saved_on_its_next_request(clock):
    """Sessions saved before this middleware carry no stamp: they are refreshed once."""
    request, _ = _run(None, change={"user": "x"})
    key = request.session.session_key
    store = request.session.__class__(key)
    store.pop(SAVED_AT)
    store.save()
    assert SAVED_AT not in _row(key).get_decoded()
    _run(key)
    assert _row(key).get_decoded()[SAVED_AT] == clock.value


def test_a_server_error_saves_nothing(clock):
    key = _new_session(clock)
    clock.value += 120
    with CaptureQueriesContext(connection) as queries:
        _run(key, status=500)
    assert _session_writes(queries.captured_queries) == []
    assert _row(key).get_decoded()[SAVED_AT] == clock.value - 120


def test_an_unknown_session_key_creates_nothing(clock):
    _, response = _run("x" * 32)
    assert not Session.objects.exists()
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""  # Django deletes it


def test_a_request_that_never_reads_the_session_does_not_vary_on_it(clock):
    key = _new_session(clock)
    clock.value += 10
    request = _request(key)
    response = SessionMiddleware(lambda r: HttpResponse("ok"))(request)
    assert "Vary" not in response
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_logged_in_pages_write_the_session_once_a_minute(client, staff, clock):
    client.force_login(staff.county_admin)
    url = reverse("members:list")
    assert client.get(url).status_code == 200  # the login's session gets its stamp
    key = client.session.session_key
    expiry = _row(key).expire_date
    clock.value += 30
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert _session_writes(queries.captured_queries) == []
    assert _row(key).expire_date == expiry
    clock.value += 30
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(_session_writes(queries.captured_queries)) == 1
    assert _row(key).expire_date > expiry


def test_settings_use_the_middleware_not_save_every_request():
    assert "gonghui.core.sessions.SessionMiddleware" in settings.MIDDLEWARE
    assert "django.contrib.sessions.middleware.SessionMiddleware" not in settings.MIDDLEWARE
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.GONGHUI_SESSION_SAVE_INTERVAL == 60
