"""Read routing against a real database: the `replica` alias is a second connection to the test
database (as `TEST: {"MIRROR": "default"}` makes it when GONGHUI_REPLICA_URL is set), and the
queries each connection ran show which one served what. Commits for real, as a replica only sees
what the primary committed."""

import json

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.conftest import login
from gonghui.core import dbrouting
from gonghui.core.dbrouting import REPLICA, STICKY_COOKIE
from gonghui.core.health import beat

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """The alias exists before the test case is set up, which checks its `databases`."""
    default = connections["default"].settings_dict
    connections.settings[REPLICA] = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}}
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def replica(settings):
    settings.DATABASE_ROUTERS = ["gonghui.core.dbrouting.ReplicaRouter"]
    dbrouting._replica_down_until = 0.0
    saved = dict(connections[REPLICA].settings_dict)
    yield connections[REPLICA]
    connections[REPLICA].close()
    connections[REPLICA].settings_dict.update(saved)
    dbrouting._replica_down_until = 0.0


def _tables(queries) -> str:
    return " ".join(query["sql"] for query in queries)


def _only_reads(queries) -> bool:
    # A server-side cursor (an export's iterator on PostgreSQL) is a DECLARE … FOR SELECT.
    return all(q["sql"].lstrip().upper().startswith(("SELECT", "DECLARE")) for q in queries)


def _get(client, url):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as copy,
    ):
        response = client.get(url)
        # A streamed or file answer reads while it is sent.
        b"".join(response.streaming_content) if response.streaming else response.content
    return response, primary, copy


def test_the_member_list_reads_members_from_the_replica_and_the_login_from_the_primary(
    replica, staff, tree, make_member
):
    make_member(tree.base_a, name="王小红")
    client = login(staff.county_admin)
    response, primary, copy = _get(client, reverse("members:list"))
    assert response.status_code == 200
    assert "王" in response.content.decode()
    assert '"members_member"' in _tables(copy)
    assert '"members_member"' not in _tables(primary)
    assert '"django_session"' in _tables(primary) and '"accounts_user"' in _tables(primary)
    assert '"django_session"' not in _tables(copy) and '"accounts_user"' not in _tables(copy)
    assert _only_reads(copy)
    assert STICKY_COOKIE not in response.cookies


def test_a_page_not_listed_reads_everything_from_the_primary(replica, staff, tree, make_member):
    member = make_member(tree.base_a)
    client = login(staff.county_admin)
    response, primary, copy = _get(client, reverse("members:detail", args=[member.pk]))
    assert response.status_code == 200
    assert len(copy) == 0
    assert '"members_member"' in _tables(primary)


def test_after_a_write_the_browser_reads_from_the_primary_for_a_few_seconds(
    replica, staff, tree, make_member
):
    make_member(tree.base_a)
    client = login(staff.county_admin)
    # An export writes its audit row: what the request reads after it comes from the primary,
    # and the browser is told to stay there.
    response, primary, copy = _get(client, reverse("members:export"))
    assert response.status_code == 200
    assert '"audit_auditlog"' in _tables(primary)
    assert _only_reads(copy)
    assert response.cookies[STICKY_COOKIE]["max-age"] == 5
    response, primary, copy = _get(client, reverse("members:list"))
    assert len(copy) == 0
    assert '"members_member"' in _tables(primary)
    # Once the cookie has expired the list reads from the replica again.
    del client.cookies[STICKY_COOKIE]
    response, primary, copy = _get(client, reverse("members:list"))
    assert '"members_member"' in _tables(copy)


def test_a_replica_that_does_not_answer_leaves_the_reads_on_the_primary(
    replica, staff, tree, make_member
):
    make_member(tree.base_a)
    replica.close()
    replica.settings_dict["NAME"] = "gonghui_no_such_replica"
    if replica.vendor == "sqlite":
        replica.settings_dict["NAME"] = "/nonexistent/dir/replica.sqlite3"
    client = login(staff.county_admin)
    with CaptureQueriesContext(connections["default"]) as primary:
        response = client.get(reverse("members:list"))
    assert response.status_code == 200
    assert '"members_member"' in _tables(primary)
    assert replica.connection is None
    assert dbrouting._replica_down_until > 0
    beat()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "database": "ok",
        "replica": "failed",
        "cache": "ok",
        "worker": "ok",
    }


def test_healthz_checks_the_replica(replica):
    beat()
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "database": "ok",
        "replica": "ok",
        "cache": "ok",
        "worker": "ok",
    }
