"""Smoke checks of a running local stack (deploy/local-stack.sh up), through nginx, no browser.

    /work/main/.venv/bin/python deploy/drills/smoke.py        # or .venv/bin/python

Reads the stack's environment ($GONGHUI_STACK_DIR/gonghui.env, default /tmp/gonghui-stack), prints
one line per check (OK / FAILED and what was seen) and exits 1 if any failed. What it checks:
/healthz, the http→https redirect, security headers, static files from nginx (gzip), the
internal media location, nginx's body limit, a staff login, read routing (a list after a write
reads the primary, the same list later reads the replica, and the replica's own
pg_stat_activity shows the application's reads), and that a forged X-Forwarded-For does not
reach the audit trail.
"""

import http.client
import json
import os
import re
import ssl
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg

STACK = Path(os.environ.get("GONGHUI_STACK_DIR", "/tmp/gonghui-stack"))
FORGED_IP = "203.0.113.66"
USERNAME, PASSWORD = "cg_admin", "Gonghui@2026"


def stack_env() -> dict[str, str]:
    env = {}
    for line in (STACK / "gonghui.env").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = value
    return env


ENV = stack_env()
BASE = urlsplit(ENV["GONGHUI_STACK_URL"])
HTTP_PORT = 8080
failures: list[str] = []


class Browser:
    """Cookies, no redirects followed, the stack's self-signed certificate accepted."""

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self.context = ssl._create_unverified_context()

    def request(self, method, path, *, body=None, headers=None, tls=True):
        if tls:
            conn = http.client.HTTPSConnection(BASE.hostname, BASE.port, context=self.context)
        else:
            conn = http.client.HTTPConnection(BASE.hostname, HTTP_PORT)
        sent = {"Host": f"{BASE.hostname}:{BASE.port if tls else HTTP_PORT}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        conn.close()
        return response.status, response.headers, data


def check(name: str, ok: bool, seen: object = "") -> None:
    print(f"{'OK    ' if ok else 'FAILED'} {name}" + (f"  [{seen}]" if seen != "" else ""))
    if not ok:
        failures.append(name)


def login(browser: Browser, extra_headers=None) -> int:
    status, _, page = browser.request("GET", "/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    form = {"username": USERNAME, "password": PASSWORD, "next": ""}
    form["csrfmiddlewaretoken"] = token.group(1).decode() if token else ""
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": ENV["GONGHUI_STACK_URL"] + "/accounts/login/",
        "Origin": ENV["GONGHUI_STACK_URL"],
        **(extra_headers or {}),
    }
    status, _, _ = browser.request(
        "POST", "/accounts/login/", body=urlencode(form), headers=headers
    )
    return status


def replica_backends() -> list[str]:
    """The last statement of each application connection on the replica."""
    with psycopg.connect(ENV["GONGHUI_REPLICA_URL"]) as conn:
        rows = conn.execute(
            "SELECT query FROM pg_stat_activity WHERE datname = current_database()"
            " AND usename = 'gonghui_app' AND pid <> pg_backend_pid()"
        ).fetchall()
        recovery = conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
    check("the replica is a hot standby (pg_is_in_recovery)", recovery)
    return [row[0] for row in rows]


def main() -> int:
    browser = Browser()
    status, _, body = browser.request("GET", "/healthz")
    health = json.loads(body or b"{}")
    check("/healthz 200", status == 200, status)
    check(
        "/healthz: database, replica, cache, worker ok",
        health == {"database": "ok", "replica": "ok", "cache": "ok", "worker": "ok"},
        health,
    )

    status, headers, _ = browser.request("GET", "/accounts/login/", tls=False)
    check(
        "http redirects to https",
        status == 301 and headers["Location"].startswith("https://"),
        (status, headers["Location"]),
    )

    status, headers, page = browser.request("GET", "/accounts/login/")
    check("login page 200 through nginx", status == 200 and "登录".encode() in page, status)
    check("HSTS", "max-age=" in (headers["Strict-Transport-Security"] or ""))
    check(
        "Content-Security-Policy",
        "default-src 'self'" in (headers["Content-Security-Policy"] or ""),
    )

    css = next((STACK / "static").glob("core/*.css")).relative_to(STACK / "static")
    status, headers, _ = browser.request(
        "GET", f"/static/{css}", headers={"Accept-Encoding": "gzip"}
    )
    check(
        "static file sent by nginx, gzip",
        status == 200
        and headers["Content-Encoding"] == "gzip"
        and headers["X-Gonghui-Read-Db"] is None,
        (status, headers["Content-Encoding"]),
    )
    status, _, _ = browser.request("GET", "/protected-media/training/videos/x.mp4")
    check("media location is internal (404 from outside)", status == 404, status)
    status, _, _ = browser.request(
        "POST", "/members/", body=b"x" * (26 * 2**20), headers={"Content-Type": "text/plain"}
    )
    check("a 26 MB body is refused by nginx (413)", status == 413, status)

    status = login(browser, {"X-Forwarded-For": FORGED_IP, "X-Real-IP": FORGED_IP})
    check("log in as cg_admin", status == 302 and "sessionid" in browser.cookies, status)
    check("the login (a write) sets the primary cookie", "gh_primary" in browser.cookies)

    status, headers, _ = browser.request("GET", "/members/")
    served = headers["X-Gonghui-Read-Db"]
    check("member list right after a write reads the primary", served == "default", served)
    browser.cookies.pop("gh_primary", None)  # as the browser does after 5 s
    time.sleep(1)
    status, headers, page = browser.request("GET", "/members/")
    served = headers["X-Gonghui-Read-Db"] or ""
    check("member list then reads from the replica", status == 200 and "replica" in served, served)
    check("the list shows members", page.count(b"<tr") > 5, page.count(b"<tr"))
    status, headers, _ = browser.request("GET", "/stats/")
    if status == 302:  # the dashboard of the user's own union
        status, headers, _ = browser.request("GET", urlsplit(headers["Location"]).path)
    served = headers["X-Gonghui-Read-Db"] or ""
    check("statistics dashboard reads from the replica", "replica" in served, (status, served))
    status, headers, _ = browser.request("GET", "/inbox/")
    served = headers["X-Gonghui-Read-Db"] or ""
    check("待办 (not listed) reads only the primary", served == "default", (status, served))

    queries = [q for q in replica_backends() if q.strip() and q.strip() != "SELECT 1"]
    check(
        "the replica's pg_stat_activity shows the app's reads",
        any(q.lstrip().upper().startswith("SELECT") for q in queries),
        [q[:60] for q in queries[:3]],
    )

    with psycopg.connect(ENV["DATABASE_URL"]) as conn:
        ip = conn.execute(
            "SELECT host(ip) FROM audit_auditlog WHERE action = 'auth.login'"
            " AND actor_username = %s ORDER BY id DESC LIMIT 1",
            [USERNAME],
        ).fetchone()
    check(
        "a forged X-Forwarded-For is not believed (audit ip)",
        ip is not None and ip[0] == "127.0.0.1",
        ip,
    )

    print(f"{'全部通过' if not failures else '未通过: ' + ', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
