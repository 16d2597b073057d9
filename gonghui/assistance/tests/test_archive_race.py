"""Two applications naming the same person at the same moment: exactly one gets through
(PostgreSQL; SQLite runs one writer at a time)."""

import threading

import pytest
from django.db import connection, connections

from gonghui.assistance.models import Archive
from gonghui.assistance.services.archives import archive_apply
from gonghui.assistance.tests.test_archive_services import FIELDS, SPOUSE_ID, household
from gonghui.core.errors import ApplicationError


@pytest.mark.django_db(transaction=True)
def test_concurrent_applications_sharing_a_person(tree, staff, make_member):
    if connection.vendor != "postgresql":
        pytest.skip("the race is decided by PostgreSQL advisory locks")
    first = make_member(tree.base_a, name="甲")
    second = make_member(tree.base_b, name="乙")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(member):
        try:
            barrier.wait()
            archive_apply(
                actor=staff.county_admin, member=member, household=household(SPOUSE_ID), **FIELDS
            )
            outcomes.append("ok")
        except ApplicationError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(m,)) for m in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["archive_open", "ok"]
    assert Archive.objects.count() == 1
