from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.competitions.models.training import AcademyLevel, CourseMode
from gonghui.competitions.training.services import academy_create, class_create, course_create
from gonghui.inbox.tests.consistency import inbox_consistent_fixture

inbox_consistent = inbox_consistent_fixture("competitions.training.")


@pytest.fixture(autouse=True)
def training_stats_consistent(request):
    """After each database test the training's roll-ups agree with a recount."""
    from gonghui.conftest import with_database

    if not with_database(request):
        yield
        return
    yield
    from gonghui.metrics.registry import provider
    from gonghui.metrics.services import stats_differences

    wrong = [d for d in stats_differences() if provider("training").owns(d.metric)]
    if wrong:
        pytest.fail(f"training roll-ups disagree with a recount: {wrong[:10]}")


@pytest.fixture
def academy(staff, tree):
    """甘肃省工匠学院, a 省级 academy named by the province, hosted by 城关区总工会."""
    return academy_create(
        actor=staff.sysadmin,
        name="甘肃省工匠学院",
        level=AcademyLevel.PROVINCE,
        org=tree.chengguan,
        named_on=date(2024, 5, 1),
        batch="第一批",
    )


@pytest.fixture
def course(staff, academy):
    """An offline 焊工 course of the academy."""
    return course_create(
        actor=staff.county_admin,
        academy=academy,
        title="焊工实操",
        mode=CourseMode.OFFLINE,
        trade="焊工",
        hours=Decimal("16"),
    )


@pytest.fixture
def make_class(staff, tree, course):
    """A class of the course held by 城关区总工会, starting today, taking enrolments."""
    counter = iter(range(1000))

    def make(*, actor=None, org=None, **fields):
        today = timezone.localdate()
        defaults = {
            "name": f"焊工实操第{next(counter) + 1}期",
            "starts_on": today,
            "ends_on": today + timedelta(days=10),
            "enrol_deadline": today + timedelta(days=5),
            "capacity": 30,
            "location": "城关区职工培训中心",
            "pass_percent": 80,
        }
        return class_create(
            actor=actor or staff.county_admin,
            course=fields.pop("course", course),
            org=org or tree.chengguan,
            **{**defaults, **fields},
        )

    return make


def stat(org, metric: str, period: str = "") -> int:
    """The stored roll-up of `metric` for `org`'s subtree (0 when no row)."""
    from gonghui.metrics.models import OrgStat

    row = OrgStat.objects.filter(org=org, metric=metric, period=period).first()
    return row.value if row else 0


def this_month() -> str:
    return f"{timezone.localdate():%Y-%m}"
