"""Fixtures of the domains whose worker pages the portal serves."""

from gonghui.competitions.tests.conftest import make_contest  # noqa: F401  (a fixture)
from gonghui.inbox.tests.consistency import inbox_consistent_fixture
from gonghui.sites.tests.conftest import make_site  # noqa: F401  (a fixture, used by name)

# Every database test ends with the 待办 table right (applications' and requests' kinds).
inbox_consistent = inbox_consistent_fixture()
