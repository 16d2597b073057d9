"""Test helper: what a page's picker offers, asked of its search endpoint as htmx would."""

import html
import re
from urllib.parse import parse_qs, urlsplit

from django.test import Client


def picker_offers(client: Client, page: str, field: str, q: str) -> str:
    """The options (HTML) that the picker box of `field` on `page` lists for `q`."""
    box = re.search(rf'<input type="search" name="{re.escape(field)}_q"[^>]*>', page, re.S)
    assert box is not None, f"no picker for {field}"
    url = html.unescape(re.search(r'hx-get="([^"]+)"', box.group(0)).group(1))
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    response = client.get(parts.path, {**query, "q": q}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def pick_in_browser(scope, label: str, text: str, name: str) -> None:
    """In a Playwright page (or part of one), type `text` in the picker labelled `label` and
    click the option named `name`, as a clerk would."""
    from playwright.sync_api import expect

    box = scope.get_by_role("combobox", name=label)
    box.press_sequentially(text, delay=30)
    page = getattr(scope, "page", scope)
    results = page.locator(f"#{box.get_attribute('aria-controls')}")
    results.locator(f'[role=option][data-label="{name}"]').click()
    expect(box).to_have_value(name)
