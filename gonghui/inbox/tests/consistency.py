"""An autouse fixture for the tests of an app with kinds of 待办: after every database test, the
open items agree with the kinds' own queries (`check_items() == []`, only the kinds whose key
starts with `prefix` if given), like the roll-up check of gonghui/conftest.py. A test that
writes rows past the services opts out with `@pytest.mark.raw_inbox_writes`."""

import pytest

from gonghui.conftest import with_database


def inbox_consistent_fixture(prefix: str = ""):
    @pytest.fixture(autouse=True)
    def inbox_consistent(request):
        if request.node.get_closest_marker("raw_inbox_writes") or not with_database(request):
            yield
            return
        yield
        from gonghui.inbox.selectors import check_items

        differences = [line for line in check_items() if line.startswith(prefix)]
        if differences:
            pytest.fail(f"open items disagree with the kinds' sources: {differences[:10]}")

    return inbox_consistent
