"""Fixtures of the domains whose worker pages the portal serves."""

from gonghui.sites.tests.conftest import make_site  # noqa: F401  (a fixture, used by name)
