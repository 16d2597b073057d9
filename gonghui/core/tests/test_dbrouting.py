"""The read router's decisions (gonghui/core/dbrouting.py), without a database."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import get_resolver, resolve

from gonghui.accounts.models import User
from gonghui.core import dbrouting
from gonghui.core.dbrouting import (
    STICKY_COOKIE,
    ReadRoutingMiddleware,
    ReplicaRouter,
    RoutingState,
    routing_state,
)
from gonghui.members.models import Member

router = ReplicaRouter()


@pytest.fixture
def state():
    current = RoutingState()
    token = routing_state.set(current)
    yield current
    routing_state.reset(token)


def test_outside_a_request_every_read_goes_to_the_primary():
    assert routing_state.get() is None
    assert router.db_for_read(Member) == "default"


def test_a_request_that_may_read_stale_data_reads_members_from_the_replica(state):
    state.stale_ok = True
    assert router.db_for_read(Member) == "replica"
    assert state.served == {"replica"}


def test_other_requests_read_from_the_primary(state):
    assert router.db_for_read(Member) == "default"
    assert state.served == {"default"}


def test_who_is_logged_in_is_always_read_from_the_primary(state):
    state.stale_ok = True
    assert router.db_for_read(Session) == "default"
    assert router.db_for_read(User) == "default"


def test_reads_after_a_write_go_to_the_primary(state):
    state.stale_ok = True
    assert router.db_for_write(Member) == "default"
    assert state.wrote
    assert router.db_for_read(Member) == "default"


def test_saving_the_session_does_not_count_as_a_write(state):
    state.stale_ok = True
    router.db_for_write(Session)
    assert not state.wrote
    assert router.db_for_read(Member) == "replica"


def test_reads_inside_a_transaction_on_the_primary_stay_there(state, monkeypatch):
    state.stale_ok = True
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    assert router.db_for_read(Member) == "default"


def test_nothing_migrates_on_the_replica():
    assert router.allow_migrate("default", "members")
    assert not router.allow_migrate("replica", "members")


def test_objects_of_either_database_relate():
    member, org = Member(), Member()
    member._state.db, org._state.db = "replica", "default"
    assert router.allow_relation(member, org)


def test_every_view_name_of_the_allow_list_exists():
    names = set()

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern, prefix + (f"{pattern.namespace}:" if pattern.namespace else ""))
            elif pattern.name:
                names.add(prefix + pattern.name)

    walk(get_resolver())
    assert names >= settings.GONGHUI_REPLICA_VIEWS, settings.GONGHUI_REPLICA_VIEWS - names


# --- the middleware -------------------------------------------------------------------------


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(dbrouting, "replica_configured", lambda: True)
    monkeypatch.setattr(dbrouting, "replica_available", lambda: True)


def _run(request, view, *, write=False):
    """Pass `request` through the middleware to `view`; returns (response, state seen)."""
    seen = {}

    def get_response(request):
        middleware.process_view(request, view, (), {})
        seen["state"] = routing_state.get()
        if write:
            router.db_for_write(Member)
        return HttpResponse("ok")

    middleware = ReadRoutingMiddleware(get_response)
    request.resolver_match = resolve(request.path)
    return middleware(request), seen["state"]


def _view(request):
    return HttpResponse()


def test_a_listed_page_may_read_from_the_replica(with_replica):
    _, state = _run(RequestFactory().get("/members/"), _view)
    assert state.stale_ok


def test_a_page_not_listed_reads_from_the_primary(with_replica):
    _, state = _run(RequestFactory().get("/inbox/"), _view)
    assert not state.stale_ok


def test_a_decorated_view_may_read_from_the_replica(with_replica):
    _, state = _run(RequestFactory().get("/inbox/"), dbrouting.replica_reads(lambda r: None))
    assert state.stale_ok


def test_a_post_reads_from_the_primary(with_replica):
    _, state = _run(RequestFactory().post("/members/"), _view)
    assert not state.stale_ok


def test_a_write_sets_the_cookie_that_keeps_the_browser_on_the_primary(with_replica):
    response, _ = _run(RequestFactory().post("/members/"), _view, write=True)
    cookie = response.cookies[STICKY_COOKIE]
    assert cookie["max-age"] == settings.GONGHUI_REPLICA_STICKY_SECONDS
    assert cookie["httponly"]
    request = RequestFactory().get("/members/")
    request.COOKIES[STICKY_COOKIE] = "1"
    _, state = _run(request, _view)
    assert not state.stale_ok


def test_a_page_without_writes_sets_no_cookie(with_replica):
    response, _ = _run(RequestFactory().get("/members/"), _view)
    assert STICKY_COOKIE not in response.cookies


def test_a_replica_that_does_not_answer_is_skipped(monkeypatch):
    monkeypatch.setattr(dbrouting, "replica_configured", lambda: True)
    monkeypatch.setattr(dbrouting, "replica_available", lambda: False)
    _, state = _run(RequestFactory().get("/members/"), _view)
    assert not state.stale_ok


def test_without_a_replica_the_middleware_does_nothing():
    assert "replica" not in settings.DATABASES
    response, state = _run(RequestFactory().post("/members/"), _view, write=True)
    assert state is None
    assert STICKY_COOKIE not in response.cookies


def test_the_header_names_the_databases_that_served_the_reads(with_replica, settings):
    settings.GONGHUI_READ_ROUTING_HEADER = True

    def view(request):
        return HttpResponse()

    seen = {}

    def get_response(request):
        middleware.process_view(request, view, (), {})
        seen["alias"] = router.db_for_read(Member)
        return HttpResponse()

    middleware = ReadRoutingMiddleware(get_response)
    request = RequestFactory().get("/members/")
    request.resolver_match = resolve("/members/")
    response = middleware(request)
    assert seen["alias"] == "replica"
    assert response["X-Gonghui-Read-Db"] == "replica"
