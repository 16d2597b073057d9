"""Browser journeys through nginx: a real Chromium (Debian's /usr/bin/chromium, driven by the
venv's Playwright) against the running local stack, https://127.0.0.1:8443.

    /work/main/.venv/bin/python deploy/drills/browser.py

The e2e tests under gonghui/*/tests/e2e/ build their own data on Django's live_server; this
script walks the stack as it is (seed_demo's accounts), so it checks what those tests cannot:
nginx, TLS, static files from nginx, the production settings (CSP, secure cookies), both app
servers and the replica. Two journeys, each on a desktop (1366×900) and on a phone (375×812):

- staff: 城关区总工会's admin logs in on the workbench, opens the member list, searches it
  (a form), opens the statistics dashboard and 待办;
- worker: 王建国 logs in on the portal with his password (a form that writes: the session), opens
  the home page and his member card, searches 附近的驿站 (a form) and opens a site.
  (Submitting a 合理化建议 was tried: the portal allows a few a day per worker, so a drill run
  again the same day is refused with 429 — the search form is repeatable.)

Screenshots (full page) go to $GONGHUI_STACK_DIR/drills/screens/. The drill fails on any
console error or uncaught page error, any request that fails, any answer ≥ 400 (redirects are
followed), and any step whose expected text is missing.
"""

import os
import sys
from pathlib import Path

STACK = Path(os.environ.get("GONGHUI_STACK_DIR", "/tmp/gonghui-stack"))
BASE = "https://127.0.0.1:8443"
SCREENS = STACK / "drills" / "screens"
PASSWORD = "Gonghui@2026"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SIZES = {"desktop": {"width": 1366, "height": 900}, "375": {"width": 375, "height": 812}}


class Watch:
    """Everything a page did wrong: console errors, page errors, failed requests, answers ≥ 400."""

    def __init__(self, page):
        self.problems: list[str] = []
        page.on("console", self.console)
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        page.on(
            "requestfailed",
            lambda r: self.problems.append(f"request failed: {r.method} {r.url} {r.failure}"),
        )
        page.on("response", self.response)

    def console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def response(self, response):
        if response.status >= 400:
            self.problems.append(f"{response.status} {response.request.method} {response.url}")


def shot(page, name: str, size: str) -> str:
    path = SCREENS / f"{name}-{size}.png"
    page.screenshot(path=str(path), full_page=True)
    return path.name


def staff_journey(page, size: str) -> list[str]:
    from playwright.sync_api import expect

    shots = []
    page.goto(f"{BASE}/accounts/login/")
    page.get_by_label("用户名").fill("cg_admin")
    page.get_by_label("密码").fill(PASSWORD)
    shots.append(shot(page, "staff-login", size))
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".topbar .who")).to_be_attached()  # hidden on a phone
    assert "/accounts/login/" not in page.url, page.url
    page.goto(f"{BASE}/members/")
    expect(page.locator("table tbody tr").first).to_be_visible()
    shots.append(shot(page, "staff-members", size))
    search = page.locator("form[method=get] input[name=q]").first
    search.fill("王")
    search.press("Enter")
    page.wait_for_load_state()
    assert "q=" in page.url, page.url
    shots.append(shot(page, "staff-members-search", size))
    page.goto(f"{BASE}/stats/")
    expect(page.locator("main")).to_contain_text("会员")
    shots.append(shot(page, "staff-stats", size))
    page.goto(f"{BASE}/inbox/")
    expect(page.locator("main")).to_be_visible()
    shots.append(shot(page, "staff-inbox", size))
    return shots


def worker_journey(page, size: str) -> list[str]:
    from playwright.sync_api import expect

    shots = []
    page.goto(f"{BASE}/m/login/?mode=password")
    page.get_by_label("手机号").fill("13800138000")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    shots.append(shot(page, "worker-login", size))
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(f"{BASE}/m/**")
    page.goto(f"{BASE}/m/")
    shots.append(shot(page, "worker-home", size))
    page.goto(f"{BASE}/m/card/")
    expect(page.locator("main")).to_contain_text("王建国")
    shots.append(shot(page, "worker-card", size))
    page.goto(f"{BASE}/m/sites/")
    page.locator("#nearby-form select").first.select_option(index=1)  # the first county
    page.locator("#search").click()  # the 附近的驿站 form (GET: no daily limit, repeatable)
    page.wait_for_load_state()
    assert "/m/sites/?" in page.url, page.url
    shots.append(shot(page, "worker-sites", size))
    page.locator("main a[href^='/m/sites/']:not([href*='map'])").first.click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").split("/")[-1].isdigit(), page.url  # a site's own page
    shots.append(shot(page, "worker-site", size))
    return shots


def main() -> int:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # a loaded machine
    SCREENS.mkdir(parents=True, exist_ok=True)
    for old in SCREENS.glob("*.png"):
        old.unlink()
    failures = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for journey in (staff_journey, worker_journey):
            for size, viewport in SIZES.items():
                phone = size == "375"
                context = browser.new_context(
                    locale="zh-CN",
                    viewport=viewport,
                    ignore_https_errors=True,  # the stack's self-signed certificate
                    is_mobile=phone,
                    has_touch=phone,
                )
                page = context.new_page()
                page.set_default_timeout(30_000)
                watch = Watch(page)
                name = f"{journey.__name__} {size}"
                try:
                    shots = journey(page, size)
                except Exception as exc:  # noqa: BLE001 - reported as the step that failed
                    shot(page, f"FAILED-{journey.__name__}", size)
                    watch.problems.append(f"{type(exc).__name__}: {str(exc)[:300]}")
                    shots = []
                ok = not watch.problems
                print(f"{'OK    ' if ok else 'FAILED'} {name}: {len(shots)} screenshots {shots}")
                for problem in watch.problems:
                    print(f"       {problem}")
                if not ok:
                    failures.append(name)
                context.close()
        browser.close()
    print(f"screenshots: {SCREENS}")
    print("全部通过" if not failures else "未通过: " + ", ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
