"""Shared test fixtures: a small real-shaped org tree and staff of each role.

甘肃省总工会
├── 兰州市总工会
│   ├── 城关区总工会 ── 东岗西路街道工会 ── 兰州甲公司工会, 兰州乙公司工会
│   └── 七里河区总工会 ── 西园街道工会 ── 兰州丙公司工会
└── 天水市总工会 ── 秦州区总工会 ── 大城街道工会 ── 天水丁公司工会
"""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import import_module
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.utils import timezone

from gonghui.accounts.grants import pii_grant_group
from gonghui.accounts.models import User
from gonghui.accounts.permissions import (
    ROLE_AUDITOR,
    ROLE_STAFF,
    ROLE_SYSADMIN,
    ROLE_UNION_ADMIN,
)
from gonghui.core import crypto
from gonghui.members.codes import Category
from gonghui.members.idnumber import parse_id_number, parse_phone
from gonghui.metrics.services import stats_rollup
from gonghui.orgs.models import Org, OrgLevel, OrgType
from gonghui.portal.auth import SESSION_KEY
from gonghui.portal.models import Worker
from gonghui.portal.selectors import legal_documents_current
from gonghui.portal.services.consent import consent_record

PASSWORD = "Test@pass2026"


class Tree:
    """Named handles on the test tree's orgs."""


def _add(parent, name, org_type, code=""):
    from gonghui.orgs.services import level_for

    kwargs = dict(
        name=name,
        org_type=org_type,
        level=level_for(org_type, parent),
        division_code=code or (parent.division_code if parent else ""),
    )
    if parent is None:
        return Org.objects.add_root(create_kwargs=kwargs)
    return Org.objects.add_child(parent, create_kwargs=kwargs)


# The application role's login while the test database is set up as the owner (two roles).
_APP_ROLE: dict = {}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """With two roles (GONGHUI_DB_MIGRATE_URL beside DATABASE_URL), the owner creates and
    migrates the test database; `django_db_setup` then hands the tests to the application's
    role. With one role, nothing changes."""
    from gonghui.core import dbroles

    owner = dbroles.owner_credentials()
    database = settings.DATABASES["default"]
    if owner and owner["USER"] != database["USER"]:
        _APP_ROLE.update({name: database.get(name, "") for name in dbroles.CREDENTIALS})
        database.update(owner)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Transactional tests end with a flush (TRUNCATE on PostgreSQL, DELETE on SQLite), which
    the audit tables' append-only triggers refuse. In the test database only, those triggers
    are turned off; the others stay on (audit tests rely on them). With two roles, the flush
    runs as the owner (gonghui.core's `flush`), and the tests as the application's role, which
    is granted here what `migrate` grants it in production.

    At the end, connections still held by the live server's request threads are ended, or
    PostgreSQL would refuse to drop the test database."""
    from django.db import connection

    from gonghui.core import dbroles

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditlog DISABLE TRIGGER audit_auditlog_no_truncate")
            cursor.execute(
                "ALTER TABLE audit_auditseal DISABLE TRIGGER audit_auditseal_no_truncate"
            )
        else:
            # SQLite flushes with DELETE: let that through, keep refusing UPDATE and REPLACE.
            cursor.execute("DROP TRIGGER audit_auditlog_no_delete")
            cursor.execute("DROP TRIGGER audit_auditseal_no_delete")
    owner = {name: connection.settings_dict.get(name, "") for name in dbroles.CREDENTIALS}
    if _APP_ROLE:
        with django_db_blocker.unblock():
            dbroles.grant_app_role(connection, _APP_ROLE["USER"])
        connection.close()
        connection.settings_dict.update(_APP_ROLE)
    yield
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict.update(owner)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


def with_database(request) -> bool:
    """For an autouse check that runs after a test: ask for the database the test uses (so it
    is torn down after the check), and say whether it uses one."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if names & {"transactional_db", "live_server"} or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        return False
    return True


@pytest.fixture(autouse=True)
def member_stats_consistent(request):
    """After every database test, the member roll-ups must agree with a recount (issue 5):
    member writes and imports keep them current. Only member and hardship-assistance figures
    are checked here, since some tests shape sites, cases and orgs with raw writes;
    gonghui/stats/tests check all."""
    if request.node.get_closest_marker("raw_member_writes") or not with_database(request):
        yield
        return
    yield
    from gonghui.metrics.registry import provider
    from gonghui.metrics.services import stats_differences

    checked = (provider("members"), provider("assistance"))
    wrong = [d for d in stats_differences() if any(p.owns(d.metric) for p in checked)]
    if wrong:
        pytest.fail(f"member or assistance roll-ups disagree with a recount: {wrong[:10]}")


@pytest.fixture
def tree(db) -> Tree:
    t = Tree()
    t.province = _add(None, "甘肃省总工会", OrgType.PROVINCE, "620000000000")
    t.lanzhou = _add(t.province, "兰州市总工会", OrgType.CITY, "620100000000")
    t.chengguan = _add(t.lanzhou, "城关区总工会", OrgType.COUNTY, "620102000000")
    t.donggang = _add(t.chengguan, "东岗西路街道工会", OrgType.TOWNSHIP, "620102001000")
    t.base_a = _add(t.donggang, "兰州甲公司工会", OrgType.BASE)
    t.base_b = _add(t.donggang, "兰州乙公司工会", OrgType.BASE)
    t.qilihe = _add(t.lanzhou, "七里河区总工会", OrgType.COUNTY, "620103000000")
    t.xiyuan = _add(t.qilihe, "西园街道工会", OrgType.TOWNSHIP, "620103001000")
    t.base_c = _add(t.xiyuan, "兰州丙公司工会", OrgType.BASE)
    t.tianshui = _add(t.province, "天水市总工会", OrgType.CITY, "620500000000")
    t.qinzhou = _add(t.tianshui, "秦州区总工会", OrgType.COUNTY, "620502000000")
    t.dacheng = _add(t.qinzhou, "大城街道工会", OrgType.TOWNSHIP, "620502001000")
    t.base_d = _add(t.dacheng, "天水丁公司工会", OrgType.BASE)
    for name in vars(t):
        setattr(t, name, Org.objects.get(pk=getattr(t, name).pk))
    assert t.base_a.level == OrgLevel.TOWNSHIP
    # The tree is written directly, as a loader would: its roll-ups are then rebuilt in full.
    stats_rollup()
    return t


@pytest.fixture
def make_user(db):
    def make(username: str, org: Org | None, *roles: str, pii: bool = False) -> User:
        user = User.objects.create_user(username=username, password=PASSWORD, org=org)
        user.groups.set(Group.objects.filter(name__in=roles))
        if pii:
            user.groups.add(pii_grant_group())
        return User.objects.get(pk=user.pk)

    return make


@pytest.fixture
def staff(tree, make_user):
    """One account per role where the tests need them."""

    class Staff:
        pass

    s = Staff()
    s.sysadmin = make_user("sysadmin", tree.province, ROLE_SYSADMIN)
    s.city_admin = make_user("lz_admin", tree.lanzhou, ROLE_UNION_ADMIN)
    s.county_admin = make_user("cg_admin", tree.chengguan, ROLE_UNION_ADMIN)
    s.county_admin_pii = make_user("cg_admin_pii", tree.chengguan, ROLE_UNION_ADMIN, pii=True)
    s.sibling_admin = make_user("qlh_admin", tree.qilihe, ROLE_UNION_ADMIN)
    s.tianshui_admin = make_user("ts_admin", tree.qinzhou, ROLE_UNION_ADMIN)
    s.county_staff = make_user("cg_staff", tree.chengguan, ROLE_STAFF)
    s.county_auditor = make_user("cg_audit", tree.chengguan, ROLE_AUDITOR)
    s.base_admin = make_user("base_a_admin", tree.base_a, ROLE_UNION_ADMIN)
    s.base_c_admin = make_user("base_c_admin", tree.base_c, ROLE_UNION_ADMIN)
    return s


# Valid ID numbers (Lanzhou counties, birth years 1950s-1990s) for tests.
VALID_IDS = [
    "620102195503070016",
    "620102196812150022",
    "620103197702280038",
    "620102198506060044",
    "620502199210100058",
    "620102195911110064",
]


def id_with_check(body17: str) -> str:
    from gonghui.members.idnumber import check_digit

    return body17 + check_digit(body17)


@pytest.fixture
def make_member(staff):
    from gonghui.members.services import member_create

    counter = iter(range(10_000))

    def make(
        org: Org,
        *,
        id_number: str | None = None,
        name: str = "张三",
        actor=None,
        phone: str | None = None,
        category: str = Category.EMPLOYED,
        **fields,
    ):
        n = next(counter)
        return member_create(
            actor=actor or staff.sysadmin,
            org=org,
            name=name,
            id_number=id_number or id_with_check(f"6201021970{(n % 12) + 1:02d}15{n:03d}"),
            phone=phone or f"139{n:08d}",
            category=category,
            joined_on=fields.pop("joined_on", date(2020, 5, 1)),
            **fields,
        )

    return make


# --- real Chromium for the browser tests --------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture
def mobile_page():
    """A Playwright page in a phone-sized mobile Chromium (375×812, touch), as workers use it.

    Screenshots go to `ARTIFACTS`.
    """
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            locale="zh-CN",
            viewport={"width": 375, "height": 812},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        context.close()
        browser.close()


@pytest.fixture
def browser_page():
    """A Playwright page in a desktop Chromium (1360×900), as staff use the workbench."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1360, "height": 900})
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        context.close()
        browser.close()


def shot(page, name: str) -> None:
    """A full-page screenshot of `page` in `ARTIFACTS`, named `name`.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page, base_url: str, username: str) -> None:
    """Log a staff user in on the workbench's login page of a Playwright page."""
    from playwright.sync_api import expect

    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".topbar .who")).to_have_text(username)


def log_out(page) -> None:
    from playwright.sync_api import expect

    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("heading", name="登录工作台")).to_be_visible()


# --- two requests at once ------------------------------------------------------------------------


def race(*calls) -> list[object]:
    """Run `calls` in threads released at the same instant (each on its own database
    connection); their results or exceptions, in the order they finished."""
    barrier = threading.Barrier(len(calls), timeout=10)
    outcomes: list[object] = []

    def run(call):
        try:
            barrier.wait()
            outcomes.append(call())
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the caller
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def in_background(func, **kwargs) -> threading.Thread:
    """`func(**kwargs)` in a thread (not started), as `manage.py db_worker` would run a task,
    closing the thread's own database connection afterwards."""

    def work():
        try:
            func(**kwargs)
        finally:
            connection.close()

    return threading.Thread(target=work)


# --- portal workers ------------------------------------------------------------------------------


@pytest.fixture
def make_worker(db):
    """A worker account, certified when given a name and ID number, linked to `member` if given;
    it has agreed to the current 用户协议 and 隐私政策 unless `consented=False`."""

    def make(
        phone: str, *, name: str = "", id_number: str = "", member=None, consented: bool = True
    ) -> Worker:
        phone = parse_phone(phone)
        worker = Worker(phone_enc=crypto.encrypt(phone), phone_hash=crypto.lookup_hash(phone))
        if id_number:
            number = parse_id_number(id_number).number
            worker.name = name
            worker.id_number_enc = crypto.encrypt(number)
            worker.id_number_hash = crypto.lookup_hash(number)
            worker.certified_at = timezone.now()
        worker.member = member
        worker.save()
        if consented:
            consent_record(worker=worker, documents=legal_documents_current())
        return worker

    return make


def worker_session_key(worker: Worker) -> str:
    """A saved session in which `worker` is logged in (as `worker_login` leaves it)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = worker.pk
    store.create()
    return store.session_key


@pytest.fixture
def worker_client():
    """A Django test client logged in as the given worker: `worker_client(worker)`."""

    def make(worker: Worker) -> Client:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = worker_session_key(worker)
        return client

    return make


def login(user) -> Client:
    """A Django test client logged in as the staff `user`."""
    client = Client()
    client.force_login(user)
    return client


def log_in_browser(page, live_server_url: str, worker: Worker) -> None:
    """Put a logged-in worker session cookie into a Playwright page's context."""
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": worker_session_key(worker),
                "url": live_server_url,
            }
        ]
    )


# --- real server processes -----------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Server:
    port: int
    access_log: Path
    error_log: Path

    def request(self, method, path, *, body=None, json_body=None, ip="127.0.0.1", headers=None):
        """One HTTP request from the loopback address `ip` (127.x.y.z: Linux routes them all
        to this host, so each looks like another client). Returns (status, headers, text)."""
        headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body)
            headers["Content-Type"] = "application/json"
        elif isinstance(body, dict):
            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(ip, 0)
        )
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode()
        finally:
            connection.close()


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn_servers(transactional_db, tmp_path):
    """Real gunicorn processes (`gunicorn.conf.py`, one worker each) on their own ports, all on
    the test database, which the test commits to: `gunicorn_servers(2, env={...})` returns
    their `Server`s, each with its access and error log; stopped at the end of the test."""
    processes = []

    def start(count: int, *, env: dict | None = None) -> list[Server]:
        environ = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gonghui.settings.test",
            "DATABASE_URL": _database_url(),
            "GONGHUI_VAR_DIR": str(tmp_path / "var"),
            **(env or {}),
        }
        servers = []
        for _ in range(count):
            port = _free_port()
            server = Server(port, tmp_path / f"access-{port}.log", tmp_path / f"error-{port}.log")
            command = [sys.executable, "-m", "gunicorn", "gonghui.wsgi", "-c", "gunicorn.conf.py"]
            command += ["--bind", f"127.0.0.1:{port}", "--workers", "1"]
            command += ["--access-logfile", str(server.access_log)]
            command += ["--error-logfile", str(server.error_log)]
            processes.append(subprocess.Popen(command, cwd=ROOT, env=environ))
            servers.append(server)
        for server, process in zip(servers, processes[-count:], strict=True):
            for _ in range(240):  # at most a minute: Django loads in each worker
                if process.poll() is not None:
                    pytest.fail(f"gunicorn exited: {server.error_log.read_text()}")
                try:
                    server.request("GET", "/m/login/")
                    break
                except OSError:
                    time.sleep(0.25)
            else:
                pytest.fail(f"gunicorn did not answer: {server.error_log.read_text()}")
        return servers

    yield start
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def campaign(tree, staff):
    """A 送温暖 campaign of the province with ¥1,000 allocated to 城关."""
    from gonghui.assistance.codes import CampaignKind
    from gonghui.assistance.services import campaigns

    campaign = campaigns.campaign_create(
        actor=staff.sysadmin,
        kind=CampaignKind.WARMTH,
        name="送温暖",
        org=tree.province,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        budget=Decimal("10000"),
    )
    campaigns.allocation_create(
        actor=staff.sysadmin,
        campaign=campaign,
        from_org=tree.province,
        org=tree.chengguan,
        amount="1000",
    )
    return campaign


def message_pattern(template: str, *, whole: bool = True) -> str:
    """For `pytest.raises(match=…)` or `re.search`: any message formatted from `template` (a
    module constant such as `NO_CAP = "该户 {year} 年度…"`), its fields left open; `whole`
    anchors it to the whole text (an error's message), otherwise it is found in a page."""
    parts = re.split(r"\{[^{}]*\}", template)
    pattern = ".*".join(re.escape(part) for part in parts)
    return f"^{pattern}$" if whole else pattern
