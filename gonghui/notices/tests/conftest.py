from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.notices.services import notice_create


@pytest.fixture
def make_notice(staff):
    """A notice published through the service by `actor` (城关区 admin by default)."""
    counter = iter(range(100_000))

    def make(*, actor=None, target=None, title=None, body="请各位职工知悉。", **extra):
        actor = actor or staff.county_admin
        return notice_create(
            actor=actor,
            title=title or f"测试通知{next(counter)}",
            body=body,
            target=target or actor.org,
            **extra,
        )

    return make


def hours(n: float):
    return timezone.now() + timedelta(hours=n)
