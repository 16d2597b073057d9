"""Hotline fixtures: a call-centre agent, a township handler, and cases brought to any state."""

import importlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from gonghui.accounts.permissions import ROLE_AGENT, ROLE_STAFF
from gonghui.hotline import services
from gonghui.hotline.codes import Category, Channel, Complexity, Kind, Rating, Result
from gonghui.hotline.models import DeadlineRule
from gonghui.inbox.tests.consistency import inbox_consistent_fixture

BEIJING = ZoneInfo("Asia/Shanghai")
PHONE = "13987654321"
ID_NUMBER = "620102198506060044"


def beijing(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


# After every database test of the hotline, its 待办 items agree with the kinds' own queries:
# every step refreshes them in its transaction.
inbox_consistent = inbox_consistent_fixture("hotline.")


@pytest.fixture(autouse=True)
def deadline_rules(db):
    """The migration's default rules, again: a transactional test's flush deletes them."""
    migration = importlib.import_module("gonghui.hotline.migrations.0002_default_deadline_rules")
    for row in migration.DEFAULTS:
        DeadlineRule.objects.get_or_create(complexity=row["complexity"], category="", defaults=row)


@pytest.fixture
def agent(tree, make_user):
    return make_user("agent", tree.province, ROLE_AGENT)


@pytest.fixture
def township_staff(tree, make_user):
    return make_user("dg_staff", tree.donggang, ROLE_STAFF)


def intake(actor, **overrides):
    kwargs = dict(
        channel=Channel.PHONE,
        caller_name="李建国",
        caller_phone=PHONE,
        kind=Kind.DEMAND,
        category=Category.WAGES,
        complexity=Complexity.HARD,
        description="某建筑公司拖欠12名农民工工资共计约8万元。",
        employer="兰州某建筑公司",
        workers_affected=12,
        amount_involved="80000",
    )
    kwargs.update(overrides)
    return services.case_intake(actor=actor, **kwargs)


@pytest.fixture
def case_in(tree, staff):
    """A case brought to a state by the system administrator (every permission, whole
    province): received, dispatched (to 城关区), accepted, returned, closed or evaluated."""

    def make(state: str):
        actor = staff.sysadmin
        case = intake(actor)
        if state == "received":
            return case
        case = services.case_dispatch(
            actor=actor, case=case, to_org=tree.chengguan, expected_version=case.version
        )
        if state == "dispatched":
            return case
        if state == "returned":
            return services.case_return(
                actor=actor, case=case, reason="不属本区管辖", expected_version=case.version
            )
        case = services.case_accept(actor=actor, case=case, expected_version=case.version)
        if state == "accepted":
            return case
        case = services.case_close(
            actor=actor,
            case=case,
            result=Result.RESOLVED,
            outcome="协调企业支付全部欠薪。",
            money_recovered="80000",
            workers_benefited=12,
            expected_version=case.version,
        )
        if state == "closed":
            return case
        return services.case_callback(actor=actor, case=case, rating=Rating.SATISFIED)

    return make
