"""Values kept in the shared cache under a version (`core.kept`): computed once, computed again
after a drop, and dropped again when the writer's transaction commits."""

import pytest
from django.core.cache import cache
from django.db import transaction

from gonghui.core.kept import drop, kept, version

pytestmark = pytest.mark.django_db


def counter():
    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    return compute, calls


def test_computed_once_until_the_version_is_dropped():
    compute, calls = counter()
    assert kept("t:a", "t:version", compute, 60) == {"n": 1}
    assert kept("t:a", "t:version", compute, 60) == {"n": 1}
    assert len(calls) == 1
    drop("t:version")
    assert kept("t:a", "t:version", compute, 60) == {"n": 2}
    assert len(calls) == 2


def test_a_falsy_value_is_kept_too():
    calls = []
    assert kept("t:zero", "t:version", lambda: calls.append(1) or 0, 60) == 0
    assert kept("t:zero", "t:version", lambda: calls.append(1) or 0, 60) == 0
    assert calls == [1]


def test_keys_of_one_version_are_apart():
    assert kept("t:one", "t:version", lambda: 1, 60) == 1
    assert kept("t:two", "t:version", lambda: 2, 60) == 2


@pytest.mark.django_db(transaction=True)
def test_the_commit_drops_a_version_made_by_a_reader_before_it():
    compute, calls = counter()
    with transaction.atomic():
        drop("t:version")
        # A reader in another transaction, before the commit, keeps the old rows' value
        # under a version it makes; the commit must drop that version too.
        made = version("t:version")
        cache.set(f"t:a:{made}", {"n": "old"}, 60)
        assert kept("t:a", "t:version", compute, 60) == {"n": "old"}
    assert cache.get("t:version") is None
    assert kept("t:a", "t:version", compute, 60) == {"n": 1}
