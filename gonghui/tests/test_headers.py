"""Security headers on every page the demo users can reach (issue 11, "Headers").

The demo data is seeded once; then each demo account — a platform operator (superuser, for the
Django admin), the 系统管理员, a union admin holding 「查看完整个人信息」, a 12351 agent, an
auditor, a base union's admin, the two demo workers of the portal, and an anonymous visitor —
walks its pages: every URL of the URLconf that takes no argument, then every link (`href`,
`hx-get`) and redirect found on the way, one page per view and query shape. Every answer must
carry the Content-Security-Policy; every HTML page must have no inline script (a
`json_script` block excepted), no <style> element, no on*= handler and no javascript: URL; and
every answer to a logged-in user must be `Cache-Control: no-store`.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import import_module
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)

from gonghui.accounts.models import User
from gonghui.conftest import worker_session_key
from gonghui.core import crypto
from gonghui.demo.workers import DEMO_WORKERS
from gonghui.hotline.models import DeadlineRule
from gonghui.portal.models import Worker
from gonghui.sites.maps import tile_source
from gonghui.sites.models import Site

# Never followed: they end the session the walk runs in.
SKIPPED_VIEWS = {"accounts:logout", "portal:logout", "admin:logout"}


class PageScan(HTMLParser):
    """Collects what a strict CSP would refuse, and the links to follow."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> inline event handler")
            if (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…> URL")
        inline = tag == "script" and not values.get("src")
        if inline and values.get("type") != "application/json":
            self.problems.append("inline <script> without src")
        if tag == "style":
            self.problems.append("<style> element")
        for name in ("href", "hx-get"):
            if (tag == "a" or name == "hx-get") and values.get(name):
                self.links.append(values[name])


def scan(html: str) -> PageScan:
    parser = PageScan()
    parser.feed(html)
    parser.close()
    return parser


def test_the_scan_finds_what_the_policy_refuses():
    found = scan(
        '<script>alert(1)</script><script type="application/json" id="d">{}</script>'
        '<script src="/static/x.js"></script><style>p{}</style>'
        '<button onclick="go()">x</button><select onChange="x"></select>'
        '<a href="javascript:history.back()">back</a><a href="/members/">m</a>'
        '<details hx-get="/orgs/1/children/"></details>'
    )
    assert found.problems == [
        "inline <script> without src",
        "<style> element",
        "<button onclick=…> inline event handler",
        "<select onchange=…> inline event handler",
        "<a href=javascript:…> URL",
    ]
    assert found.links == ["javascript:history.back()", "/members/", "/orgs/1/children/"]


def _argument_free_urls(patterns, prefix_names=()):
    """Every named URL of the URLconf that reverses without arguments."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            names = prefix_names + ((entry.namespace,) if entry.namespace else ())
            yield from _argument_free_urls(entry.url_patterns, names)
        elif isinstance(entry, URLPattern) and entry.name:
            try:
                yield reverse(":".join(prefix_names + (entry.name,)))
            except NoReverseMatch:
                continue


ADMIN_KINDS = ("change", "history", "delete")
ADMIN_MODEL_VIEW = re.compile(r"^admin:\w+_(changelist|add|change|delete|history)$")


def page_kind(view_name: str) -> str:
    """What one visit covers: a view, except that the Django admin's model pages are one kind
    each (its own templates, the same for every model: a changelist, a form, …)."""
    match = ADMIN_MODEL_VIEW.match(view_name)
    return f"admin:*_{match[1]}" if match else view_name


@dataclass
class Walk:
    visited: dict[str, str] = field(default_factory=dict)  # page kind -> the URL seen
    problems: list[str] = field(default_factory=list)


def _local_path(base: str, link: str) -> str | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("#"):
        return None  # another site, a mailto:, a tel:, an anchor
    path = urljoin(base, parts.path)
    if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def walk_pages(client: Client, seeds: list[str], *, logged_in: bool, under: str = "/") -> Walk:
    """GET every page found from `seeds` (below `under`), one per page kind."""
    result = Walk()
    queue = list(seeds)
    while queue:
        url = queue.pop(0)
        parts = urlsplit(url)
        try:
            match = resolve(parts.path)
        except Resolver404:
            continue
        kind = page_kind(match.view_name)
        if not parts.path.startswith(under) or kind in SKIPPED_VIEWS or kind in result.visited:
            continue
        result.visited[kind] = url
        response = client.get(url)
        where = f"{url} ({match.view_name}, {response.status_code})"
        if response.status_code >= 500:
            result.problems.append(f"{where}: server error")
        if "Content-Security-Policy" not in response:
            result.problems.append(f"{where}: no Content-Security-Policy")
        if logged_in and "no-store" not in response.get("Cache-Control", ""):
            result.problems.append(f"{where}: Cache-Control {response.get('Cache-Control')!r}")
        if response.streaming:
            # Read to the end: the test client's wrapper then closes it without closing the
            # test's database connection (a bare close() would).
            b"".join(response.streaming_content)
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append(response["Location"])
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = scan(response.content.decode())
        result.problems += [f"{where}: {problem}" for problem in page.problems]
        queue += [p for p in (_local_path(parts.path, link) for link in page.links) if p]
    return result


def seed_demo_data() -> None:
    """`seed_demo` on a small scale, with the default deadline rules the hotline's migration
    writes (a transactional test's flush before this one may have deleted them)."""
    migration = import_module("gonghui.hotline.migrations.0002_default_deadline_rules")
    for row in migration.DEFAULTS:
        DeadlineRule.objects.get_or_create(complexity=row["complexity"], category="", defaults=row)
    call_command("seed_demo", members=30, seed=5, stdout=StringIO())


@pytest.fixture
def demo(db, monkeypatch):
    seed_demo_data()
    User.objects.create_superuser(username="operator", password="Op@pass2026", email="")
    # /healthz answers 200 only while a task worker beats (503 otherwise, rightly): one beat
    # that stays fresh however long the walk takes.
    from gonghui.core import health

    monkeypatch.setattr(health, "HEARTBEAT_STALE_SECONDS", 24 * 3600)
    health.beat()


def staff_client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def worker_client_for(phone: str) -> Client:
    worker = Worker.objects.get(phone_hash=crypto.lookup_hash(phone))
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = worker_session_key(worker)
    return client


def seeds() -> list[str]:
    site = Site.objects.order_by("pk").first()
    operator = User.objects.get(username="operator")
    return [
        "/",
        "/m/",
        reverse("api:openapi-view"),
        reverse("sites_portal:detail", args=[site.pk]),
        *[reverse(f"admin:accounts_user_{kind}", args=[operator.pk]) for kind in ADMIN_KINDS],
        *_argument_free_urls(get_resolver().url_patterns),
    ]


# Who walks where. The union admin holding the grant and the agent between them reach every
# workbench page but one (the 系统管理员's deadline-rule form); the operator walks the admin.
# A county admin rather than the province's: the province's forms list all 8,400 demo unions.
WALKERS = [
    ("cg_pii", "/"),
    ("agent", "/"),
    ("sysadmin", "/hotline/rules/"),
    ("operator", "/admin/"),
]


def test_every_page_a_demo_user_reaches_has_the_policy_and_no_inline_script(demo):
    visited: dict[str, set[str]] = {}
    problems: list[str] = []
    for username, under in WALKERS:
        walk = walk_pages(staff_client(username), seeds(), logged_in=True, under=under)
        visited[username] = set(walk.visited)
        problems += [f"{username}: {p}" for p in walk.problems]
    member = DEMO_WORKERS[0].phone
    walk = walk_pages(worker_client_for(member), seeds(), logged_in=True)
    visited["worker"] = set(walk.visited)
    problems += [f"worker: {p}" for p in walk.problems]
    walk = walk_pages(Client(), seeds(), logged_in=False)
    visited["anonymous"] = set(walk.visited)
    problems += [f"anonymous: {p}" for p in walk.problems]

    assert problems == [], "\n".join(problems)
    # The walk really went through the pages that matter (and their htmx fragments).
    assert {
        "orgs:home", "orgs:detail", "orgs:children", "members:list", "members:detail",
        "members:export", "hotline:console", "hotline:detail", "stats:home", "stats:org",
        "assistance:archive_list", "assistance:archive_detail", "sites:list", "audit:list",
        "api:openapi-view",
    } <= visited["cg_pii"] | visited["agent"]  # fmt: skip
    assert "hotline_rules:edit" in visited["sysadmin"]
    assert {
        "admin:index", "admin:app_list", "admin:*_changelist", "admin:*_add", "admin:*_change",
        "admin:*_history", "admin:*_delete",
    } <= visited["operator"]  # fmt: skip
    assert {
        "portal:home", "portal:me", "portal:card", "portal:join", "portal:my_cases",
        "sites_portal:nearby", "sites_portal:map", "sites_portal:detail",
    } <= visited["worker"]  # fmt: skip
    assert {"portal:home", "portal:login", "sites_portal:map"} <= visited["anonymous"]


def policy(response) -> dict[str, list[str]]:
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {d[0]: d[1:] for d in directives if d}


def test_the_policy_allows_this_site_s_own_files_only(client, db):
    found = policy(client.get(reverse("portal:home")))
    assert found["default-src"] == ["'self'"]
    assert found["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert found["style-src"] == found["style-src-elem"] == ["'self'"]
    assert found["style-src-attr"] == ["'unsafe-inline'"]
    assert found["img-src"] == ["'self'", "data:"]
    assert found["connect-src"] == found["font-src"] == ["'self'"]
    assert found["object-src"] == found["frame-ancestors"] == ["'none'"]
    assert found["base-uri"] == found["form-action"] == ["'self'"]


def test_the_site_map_may_load_tiles_from_the_configured_server_only(client, db, settings):
    settings.GONGHUI_MAP_TILE_URL = ""
    assert policy(client.get(reverse("sites_portal:map")))["img-src"] == ["'self'", "data:"]
    settings.GONGHUI_MAP_TILE_URL = "https://t{s}.tiles.example.org/vec/{z}/{x}/{y}.png?tk=k"
    response = client.get(reverse("sites_portal:map"))
    assert policy(response)["img-src"] == ["'self'", "data:", "https://*.tiles.example.org"]
    # Only the map: every other page keeps the plain policy.
    assert policy(client.get(reverse("sites_portal:nearby")))["img-src"] == ["'self'", "data:"]


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"),
        ("http://10.1.2.3:8080/tiles/{z}/{x}/{y}.png", "http://10.1.2.3:8080"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("/tiles/{z}/{x}/{y}.png", None),
        ("", None),
    ],
)
def test_tile_source(url, source):
    assert tile_source(url) == source
