"""Every page address the README names (`/…/` in backticks) exists: a reader who types one must
not get a 404 (the README once pointed at /portal-admin/, which had no page)."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import Resolver404, resolve

README = Path(settings.BASE_DIR) / "README.md"
# A concrete address: no placeholders (<id>, {number}, N, …) and no query string.
ADDRESS = re.compile(r"`(/[a-z0-9\-/]*/)`")


def test_every_address_in_the_readme_resolves():
    addresses = sorted(set(ADDRESS.findall(README.read_text(encoding="utf-8"))))
    assert len(addresses) > 10
    missing = []
    for address in addresses:
        if address.startswith(("/static/", "/media/")):
            continue
        try:
            resolve(address)
        except Resolver404:
            missing.append(address)
    assert missing == []
