"""Roll-up fixtures: hotline cases and sites made through their services; `person` and `value`
for the tests of every app that checks its figures."""

import importlib

import pytest

from gonghui.conftest import id_with_check
from gonghui.hotline import services as hotline
from gonghui.hotline.codes import Category, Channel, Complexity, Kind, Result
from gonghui.hotline.models import DeadlineRule
from gonghui.metrics.models import OrgStat
from gonghui.sites.models import SiteType
from gonghui.sites.services import site_create


@pytest.fixture(autouse=True)
def deadline_rules(db):
    """The migration's default rules, again: a transactional test's flush deletes them."""
    migration = importlib.import_module("gonghui.hotline.migrations.0002_default_deadline_rules")
    for row in migration.DEFAULTS:
        DeadlineRule.objects.get_or_create(complexity=row["complexity"], category="", defaults=row)


def person(year: int, n: int, *, female: bool = False) -> str:
    """A valid ID number born 1 March `year`; the 17th digit gives the gender."""
    seq = f"{n % 50:02d}{2 if female else 1}"
    return id_with_check(f"620102{year}0301{seq}")


def value(org, metric: str, period: str = "") -> int:
    row = OrgStat.objects.filter(org=org, metric=metric, period=period).first()
    return row.value if row else 0


@pytest.fixture
def make_case(staff):
    def make(*, to_org=None, close: bool = False):
        actor = staff.sysadmin
        case = hotline.case_intake(
            actor=actor,
            channel=Channel.PHONE,
            caller_name="李建国",
            caller_phone="13987654321",
            kind=Kind.DEMAND,
            category=Category.WAGES,
            complexity=Complexity.HARD,
            description="某建筑公司拖欠工资。",
            employer="兰州某建筑公司",
            workers_affected=3,
            amount_involved="9000",
        )
        if to_org is None:
            return case
        case = hotline.case_dispatch(
            actor=actor, case=case, to_org=to_org, expected_version=case.version
        )
        if not close:
            return case
        case = hotline.case_accept(actor=actor, case=case, expected_version=case.version)
        return hotline.case_close(
            actor=actor,
            case=case,
            result=Result.RESOLVED,
            outcome="已协调支付。",
            expected_version=case.version,
        )

    return make


@pytest.fixture
def make_site(staff, tree):
    counter = iter(range(1000))

    def make(org, site_type: str = SiteType.STATION):
        return site_create(
            actor=staff.sysadmin,
            org=org,
            county=tree.chengguan,
            name=f"统计测试阵地{next(counter)}",
            site_type=site_type,
            address="兰州市城关区测试路1号",
            lat=36.06,
            lng=103.83,
            hours="24小时",
        )

    return make
