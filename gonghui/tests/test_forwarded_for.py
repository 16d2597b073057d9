"""Every consumer of the client's address takes it from `core.middleware.client_address`: the
rate limits (hotline look-up, SMS per address), django-axes' rows and lockout, and the audit
trail. A client that writes X-Forwarded-For itself changes none of them; behind a trusted proxy
they all see the right-most address that is not a proxy."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from gonghui.audit.models import AuditLog
from gonghui.conftest import PASSWORD
from gonghui.hotline.callers import LOOKUP_LIMIT
from gonghui.portal.models import SmsCode

PROXY = "10.0.0.2"
OUTSIDE = "203.0.113.7"  # a client talking to gunicorn directly, not through the proxy
BEHIND = "198.51.100.1"  # the client the proxy saw


@pytest.fixture(autouse=True)
def proxies(settings):
    settings.GONGHUI_TRUSTED_PROXIES = [PROXY, "10.0.0.3"]


def failed_login(client, remote: str, forwarded: str):
    return client.post(
        reverse("accounts:login"),
        {"username": "cg_admin", "password": "wrong-password"},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_a_forged_header_from_outside_changes_neither_axes_nor_the_audit_row(client, staff):
    failed_login(client, OUTSIDE, BEHIND)
    assert AccessAttempt.objects.get(username="cg_admin").ip_address == OUTSIDE
    row = AuditLog.objects.get(action="auth.login_failed", object_repr="cg_admin")
    assert row.ip == OUTSIDE


def test_a_forged_header_does_not_escape_the_lockout(client, staff):
    # Five failures, each claiming another address: the username is locked all the same.
    for i in range(5):
        failed_login(client, OUTSIDE, f"198.51.100.{i + 10}")
    response = client.post(
        reverse("accounts:login"),
        {"username": "cg_admin", "password": PASSWORD},
        REMOTE_ADDR=OUTSIDE,
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="cg_admin").ip_address == OUTSIDE


def test_behind_the_proxy_axes_and_the_audit_row_see_the_right_most_untrusted(client, staff):
    # The client's own claim (1.2.3.4) comes first; the second proxy is skipped.
    failed_login(client, PROXY, f"1.2.3.4, {BEHIND}, 10.0.0.3")
    assert AccessAttempt.objects.get(username="cg_admin").ip_address == BEHIND
    row = AuditLog.objects.get(action="auth.login_failed", object_repr="cg_admin")
    assert row.ip == BEHIND


def lookup(client, i: int, remote: str, forwarded: str) -> int:
    return client.post(
        "/api/v1/hotline/lookup",
        {"number": f"12351-20200101-{i:04d}", "phone": f"1390000{i:04d}"},
        content_type="application/json",
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    ).status_code


def test_a_forged_header_from_outside_does_not_buy_a_fresh_rate_limit_bucket(client, db):
    statuses = [lookup(client, i, OUTSIDE, f"198.51.100.{i + 1}") for i in range(LOOKUP_LIMIT)]
    assert set(statuses) == {404}
    # An eleventh address claimed: still the one bucket of the real address.
    assert lookup(client, 99, OUTSIDE, "192.0.2.200") == 429
    # Another real client is not affected.
    assert lookup(client, 98, "203.0.113.8", "") == 404


def send_code(client, phone: str, remote: str, forwarded: str, capture):
    with capture(execute=True):
        client.post(
            "/m/sms/",
            {"phone": phone, "mode": "code"},
            REMOTE_ADDR=remote,
            HTTP_X_FORWARDED_FOR=forwarded,
        )
    return SmsCode.objects.filter(sent_at__isnull=False).order_by("-id").first()


def test_the_sms_code_row_and_its_per_address_limit_use_the_real_address(
    client, db, settings, django_capture_on_commit_callbacks
):
    settings.GONGHUI_SMS_SENDS_PER_IP_HOUR = 2
    capture = django_capture_on_commit_callbacks
    assert send_code(client, "13912345601", OUTSIDE, BEHIND, capture).ip == OUTSIDE
    assert send_code(client, "13912345602", OUTSIDE, "192.0.2.1", capture).ip == OUTSIDE
    # The third number from the same real address is refused, whatever the header claims.
    send_code(client, "13912345603", OUTSIDE, "192.0.2.2", capture)
    assert SmsCode.objects.count() == 2
    # Through the proxy: the address it saw, not the client's claim in front of it.
    row = send_code(client, "13912345604", PROXY, f"1.2.3.4, {BEHIND}", capture)
    assert row.ip == BEHIND
