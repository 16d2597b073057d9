"""gonghui.settings.production behind nginx: `check --deploy` is clean, plain http is sent to
https, https answers carry HSTS and secure cookies; base.py (`make run`) stays plain http.

The production settings run in a child process: they are read once per process, and need the
environment a deployment gives them."""

import os
import secrets
import subprocess
import sys

from django.conf import settings
from django.urls import reverse

HOST = "ghf.example.cn"


def production_env(tmp_path, **extra) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GONGHUI_", "DJANGO_"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "gonghui.settings.production",
        "GONGHUI_SECRET_KEY": secrets.token_urlsafe(50),
        "GONGHUI_PII_KEY": secrets.token_hex(32),
        "GONGHUI_AUDIT_KEY": secrets.token_hex(32),
        "GONGHUI_SMS_BACKEND": "gonghui.portal.sms.TestBackend",
        "GONGHUI_ALLOWED_HOSTS": HOST,
        "GONGHUI_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    return env | extra


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_is_clean(tmp_path):
    done = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_check_deploy_warns_when_https_is_turned_off(tmp_path):
    env = production_env(tmp_path, GONGHUI_HTTPS="0")
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert done.returncode == 1
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in done.stderr


PROBE = """
import django
django.setup()
from django.test import Client
client = Client()
plain = client.get("/accounts/login/", HTTP_HOST="{host}")
print(plain.status_code, plain["Location"])
secure = client.get("/accounts/login/", HTTP_HOST="{host}", HTTP_X_FORWARDED_PROTO="https")
print(secure.status_code, secure["Strict-Transport-Security"])
print("csrf cookie secure:", bool(secure.cookies["csrftoken"]["secure"]))
from django.conf import settings
print("session cookie secure:", settings.SESSION_COOKIE_SECURE)
"""


def test_behind_nginx_http_is_redirected_and_https_gets_hsts_and_secure_cookies(tmp_path):
    done = run(["-c", PROBE.format(host=HOST)], production_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"301 https://{HOST}/accounts/login/",
        "200 max-age=31536000; includeSubDomains",
        "csrf cookie secure: True",
        "session cookie secure: True",
    ]


def test_make_run_stays_plain_http(client, db):
    # The test settings build on base.py, as `make run` does.
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response
    assert not settings.SECURE_SSL_REDIRECT and not settings.SESSION_COOKIE_SECURE
