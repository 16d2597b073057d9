"""No personal data in the logs: gunicorn's access log (`gunicorn.conf.py`, used by `make run`
and in production) writes paths without their query strings and no Referer, and Django's own
request log names the path only."""

import logging
import time
from pathlib import Path

import pytest

ID_NUMBER = "620103197909162119"
PHONE = "13987654321"
ROOT = Path(__file__).resolve().parent.parent.parent


def test_make_run_serves_with_the_config_file():
    run = ROOT.joinpath("Makefile").read_text().split("\nrun:")[1].split("\n\n")[0]
    assert "gunicorn gonghui.wsgi -c gunicorn.conf.py" in run
    assert "--access-logfile" not in run


@pytest.mark.django_db(transaction=True)
def test_the_access_log_keeps_no_query_string_and_no_referer(gunicorn_servers):
    (server,) = gunicorn_servers(1)
    requests = [
        ("GET", f"/api/v1/members?q={ID_NUMBER}", {}),
        ("GET", f"/api/v1/hotline/lookup?number=12351-20260101-0001&phone={PHONE}", {}),
        ("GET", "/m/login/", {"Referer": f"http://127.0.0.1/members/?q={ID_NUMBER}&p={PHONE}"}),
    ]
    for method, path, headers in requests:
        server.request(method, path, headers={"User-Agent": "log-test", **headers})
    for _ in range(40):  # the worker writes each line after its answer: bounded wait
        lines = server.access_log.read_text().splitlines()
        if len(lines) >= 4:  # the readiness probe and the three requests
            break
        time.sleep(0.25)
    text = "\n".join(lines)
    assert '"GET /api/v1/members HTTP/1.1" 401' in text
    assert '"GET /api/v1/hotline/lookup HTTP/1.1" 404' in text
    assert '"GET /m/login/ HTTP/1.1" 200' in text and "log-test" in text
    for secret in (ID_NUMBER, PHONE, "?", "q=", "phone="):
        assert secret not in text, (secret, text)


def test_django_request_log_names_the_path_only(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(f"/api/v1/members?q={ID_NUMBER}")
        client.get(f"/no-such-page/?phone={PHONE}")
        client.post(f"/api/v1/hotline/lookup?phone={PHONE}", "[", content_type="application/json")
    messages = [record.getMessage() for record in caplog.records]
    assert messages and all(ID_NUMBER not in m and PHONE not in m for m in messages), messages
