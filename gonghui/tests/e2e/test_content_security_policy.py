"""The main pages under the Content-Security-Policy, in a real Chromium: none reports a violation
(the browser's `securitypolicyviolation` event, or its console message) or a script error, and
what their scripts do still happens — htmx swaps, ECharts draws, Leaflet shows markers and tiles
from the configured tile server, Swagger UI lists the operations, data-confirm asks first,
data-autosubmit submits.
"""

import re

import pytest
from django.conf import settings
from django.test import override_settings
from playwright.sync_api import expect, sync_playwright

from gonghui.accounts.models import User
from gonghui.assistance.codes import ArchiveStatus
from gonghui.assistance.models import Archive
from gonghui.conftest import CHROMIUM, CHROMIUM_ARGS, worker_session_key
from gonghui.core import crypto
from gonghui.demo.accounts import DEMO_PASSWORD
from gonghui.demo.workers import DEMO_WORKERS
from gonghui.members.models import Member
from gonghui.portal.models import Worker
from gonghui.tests.test_headers import seed_demo_data

pytestmark = pytest.mark.browser

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline")
    + " at " + (e.sourceFile || location.pathname) + ":" + e.lineNumber);
});
"""


class Watched:
    """A page whose CSP violations, CSP console messages and script errors are collected."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.add_init_script(WATCH)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console.append(f"script error: {error}"))

    def _on_console(self, message):
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def open(self, url: str):
        response = self.page.goto(url)
        assert "content-security-policy" in response.headers, url
        self.page.wait_for_load_state("networkidle")

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations") + self.console

    def assert_clean(self, where: str):
        assert self.violations() == [], where
        self.console.clear()


@pytest.fixture
def demo(transactional_db, live_server):
    # The live server's settings override hides SETTINGS_MODULE, which seed_demo reads (it
    # refuses the production settings): name the test settings again.
    with override_settings(SETTINGS_MODULE="gonghui.settings.test"):
        seed_demo_data()


@pytest.fixture
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_page(browser, **options) -> Watched:
    context = browser.new_context(locale="zh-CN", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return Watched(page)


def staff_page(browser, base: str, username: str) -> Watched:
    watched = new_page(browser, viewport={"width": 1360, "height": 900})
    watched.open(f"{base}/accounts/login/")
    watched.page.get_by_label("用户名").fill(username)
    watched.page.get_by_label("密码").fill(DEMO_PASSWORD)
    watched.page.get_by_role("button", name="登录").click()
    expect(watched.page.locator(".topbar .who")).to_have_text(
        str(User.objects.get(username=username))
    )
    watched.assert_clean("login")
    return watched


def log_in_worker(page, base: str, phone: str) -> None:
    worker = Worker.objects.get(phone_hash=crypto.lookup_hash(phone))
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": worker_session_key(worker), "url": base}]
    )


def test_workbench_pages_report_no_violation(live_server, demo, browser):
    base = live_server.url
    w = staff_page(browser, base, "cg_pii")
    page = w.page

    w.open(f"{base}/")
    # The watch works: an injected inline script is refused and reported.
    page.evaluate(
        "document.body.appendChild(Object.assign(document.createElement('script'),"
        " {textContent: 'window.injected = 1'}))"
    )
    assert page.evaluate("window.injected") is None
    assert any("script-src" in v for v in w.violations())
    page.wait_for_timeout(500)  # its console message comes a little later: let it, then forget
    w.console.clear()
    w.open(f"{base}/")
    # The org tree opens a branch through htmx (a click on the marker, not on the name).
    page.locator("details[hx-get] > summary").first.click(position={"x": 4, "y": 8})
    expect(page.locator("details[hx-get][open] > ul > li:not(.muted)").first).to_be_visible()
    w.assert_clean("workbench home")

    w.open(f"{base}/members/")
    expect(page.locator("#member-table tbody tr").first).to_be_visible()
    w.assert_clean("member list")
    union = User.objects.get(username="cg_pii").org
    member = Member.objects.filter(org__path__startswith=union.path).order_by("pk").first()
    w.open(f"{base}/members/{member.pk}/")
    page.locator("#pii button").first.click()  # 查看完整信息: an htmx POST swapping #pii
    expect(page.locator("#pii")).to_contain_text(member.id_number)
    w.assert_clean("member page")

    # data-confirm asks first, and dismissing the dialog keeps the archive in file.
    archive = Archive.objects.filter(
        status=ArchiveStatus.ARCHIVED, org__path__startswith=union.path
    ).first()
    w.open(f"{base}/assistance/{archive.pk}/")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.locator("#exit button[type=submit]").click()
    assert dialogs == ["确认该户已解困脱困？办理后档案不再在档。"]
    archive.refresh_from_db()
    assert archive.status == ArchiveStatus.ARCHIVED
    w.assert_clean("archive page")

    w.open(f"{base}/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    page.locator(".opblock-summary").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    w.assert_clean("API docs")

    w = staff_page(browser, base, "agent")
    w.open(f"{base}/hotline/")
    expect(w.page.locator("#intake-form")).to_be_visible()
    w.assert_clean("hotline console")

    w = staff_page(browser, base, "lz_admin")
    page = w.page
    w.open(f"{base}/stats/")
    expect(page.locator("h1")).to_contain_text("数据看板")
    charts = page.locator(".charts canvas")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 4
    # An ECharts tooltip is HTML with style attributes (allowed by style-src-attr).
    box = charts.first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    w.assert_clean("dashboard")


def test_portal_pages_report_no_violation(live_server, demo, browser, settings):
    base = live_server.url
    # Tiles from another origin (the same server by another name): the map page allows it.
    tiles = base.replace("127.0.0.1", "localhost")
    settings.GONGHUI_MAP_TILE_URL = tiles + "/static/vendor/leaflet/images/layers.png?{z}/{x}/{y}"
    w = new_page(browser, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page = w.page

    w.open(f"{base}/m/sites/map/")
    # The demo's ~300 open sites are more than CLUSTER_ABOVE: grouped into cluster icons.
    expect(page.locator("path.s-marker, .marker-cluster").first).to_be_attached()
    expect(page.locator("img.leaflet-tile-loaded").first).to_be_attached()
    w.assert_clean("site map")

    log_in_worker(page, base, DEMO_WORKERS[0].phone)  # a member
    w.open(f"{base}/m/")
    expect(page.locator(".m-tabs")).to_be_visible()
    w.assert_clean("portal home")

    w.open(f"{base}/m/card/")
    expect(page.locator("#card-qr svg")).to_be_visible()
    w.assert_clean("e-card")

    log_in_worker(page, base, DEMO_WORKERS[1].phone)  # certified, not yet a member
    w.open(f"{base}/m/join/")
    page.locator("#area").select_option(index=1)  # data-autosubmit
    page.wait_for_url(re.compile(r"area=\d+"))
    w.assert_clean("join")

    w.open(f"{base}/m/sites/")
    expect(page.locator("#locate")).to_be_visible()
    w.assert_clean("nearby")
