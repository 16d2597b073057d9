"""疗休养 tests: every database test ends with the 待办 table right."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.inbox.tests.consistency import inbox_consistent_fixture
from gonghui.recuperation.models import BaseLevel
from gonghui.recuperation.services import batch_create, plan_create, resort_create

inbox_consistent = inbox_consistent_fixture()


@pytest.fixture
def resort(tree, staff):
    return resort_create(
        actor=staff.sysadmin,
        org=tree.province,
        name="天水麦积山劳模疗休养基地",
        place="天水市麦积区",
        level=BaseLevel.PROVINCE,
        plaque=True,
    )


@pytest.fixture
def plan(tree, staff):
    return plan_create(actor=staff.sysadmin, org=tree.province, year=2026, title="劳模疗休养")


@pytest.fixture
def batch(staff, plan, resort):
    start = timezone.localdate() + timedelta(days=20)
    return batch_create(
        actor=staff.sysadmin,
        plan=plan,
        name="第1批",
        resort=resort,
        start_on=start,
        end_on=start + timedelta(days=6),
        places=10,
        route="兰州—天水—麦积山",
    )
