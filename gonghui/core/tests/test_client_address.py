"""The client address that rate limits and the audit trail count by: REMOTE_ADDR, or behind a
trusted reverse proxy the address that proxy saw (X-Forwarded-For), never a client's own claim."""

import pytest
from django.test import RequestFactory

from gonghui.core.middleware import client_address

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def proxies(settings):
    settings.GONGHUI_TRUSTED_PROXIES = [PROXY, "10.0.0.3"]


def address(remote: str, forwarded: str | None = None) -> str | None:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))


def test_without_a_trusted_proxy_the_header_is_ignored():
    assert address("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_behind_trusted_proxies_the_address_the_nearest_one_saw():
    assert address(PROXY, "198.51.100.1") == "198.51.100.1"
    # A client's own X-Forwarded-For entry comes first and is not believed.
    assert address(PROXY, "1.2.3.4, 198.51.100.1") == "198.51.100.1"
    # Two proxies in a row: the entry before them.
    assert address(PROXY, "1.2.3.4, 198.51.100.1, 10.0.0.3") == "198.51.100.1"
    assert address(PROXY) == PROXY  # no header: the proxy itself


def test_the_lookup_limit_counts_each_client_behind_the_proxy(client, settings, db):
    from gonghui.hotline.callers import LOOKUP_LIMIT

    def look(forwarded: str, i: int) -> int:
        return client.post(
            "/api/v1/hotline/lookup",
            {"number": f"12351-20200101-{i:04d}", "phone": f"1390000{i:04d}"},
            content_type="application/json",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code

    assert [look("198.51.100.1", i) for i in range(LOOKUP_LIMIT + 1)][-2:] == [404, 429]
    # Another worker behind the same proxy has his own allowance, and so does a client who
    # claims an address of his own in front of the one the proxy saw.
    assert look("198.51.100.2", 50) == 404
    assert look("198.51.100.9, 198.51.100.1", 51) == 429
