"""An autouse fixture for the tests of an app with kinds of 待办: after every database test, the
open items agree with the kinds' own queries (`check_items() == []`), like the roll-up check
of gonghui/conftest.py. A test that writes rows past the services opts out with
`@pytest.mark.raw_inbox_writes`."""

import pytest


def inbox_consistent_fixture():
    @pytest.fixture(autouse=True)
    def inbox_consistent(request):
        names = set(request.fixturenames)
        marker = request.node.get_closest_marker("django_db")
        if request.node.get_closest_marker("raw_inbox_writes"):
            yield
            return
        if names & {"transactional_db", "live_server"} or (
            marker and marker.kwargs.get("transaction")
        ):
            request.getfixturevalue("transactional_db")
        elif "db" in names or marker:
            request.getfixturevalue("db")
        else:
            yield
            return
        yield
        from gonghui.inbox.selectors import check_items

        differences = check_items()
        if differences:
            pytest.fail(f"open items disagree with the kinds' sources: {differences[:10]}")

    return inbox_consistent
