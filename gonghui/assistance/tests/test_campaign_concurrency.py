"""Two allocations or payments of one org at the same moment cannot both spend the same money."""

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, connections

from gonghui.assistance.codes import AidForm, CampaignKind
from gonghui.assistance.models import Allocation, CampaignPayment
from gonghui.assistance.services import campaigns as svc
from gonghui.core.errors import ApplicationError

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL (SQLite has one writer)",
    ),
]


def race(monkeypatch, *calls) -> list[str]:
    """Run the calls at once, with a pause between reading the balance and writing."""
    read_balance = svc.org_balance

    def slow_balance(*args, **kwargs):
        balance = read_balance(*args, **kwargs)
        time.sleep(0.3)
        return balance

    # The balance is read where it is checked: `_take` in `campaigns.funds`.
    monkeypatch.setattr(svc.funds, "org_balance", slow_balance)
    start = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call):
        try:
            start.wait()
            call()
            outcomes.append("ok")
        except ApplicationError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.fixture
def campaign(tree, staff):
    return svc.campaign_create(
        actor=staff.sysadmin,
        kind=CampaignKind.WARMTH,
        name="送温暖",
        org=tree.province,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        budget=Decimal("1000"),
    )


def test_concurrent_allocations_cannot_both_spend_the_budget(tree, staff, campaign, monkeypatch):
    def allocate(org):
        return lambda: svc.allocation_create(
            actor=staff.sysadmin,
            campaign=campaign,
            from_org=tree.province,
            org=org,
            amount="600",
        )

    assert race(monkeypatch, allocate(tree.lanzhou), allocate(tree.tianshui)) == ["invalid", "ok"]
    assert Allocation.objects.count() == 1


def test_concurrent_payments_cannot_both_spend_the_money(
    tree, staff, make_member, campaign, monkeypatch
):
    first, second = make_member(tree.base_a), make_member(tree.base_b)

    def pay(member):
        return lambda: svc.campaign_pay(
            actor=staff.sysadmin,
            campaign=campaign,
            member=member,
            form=AidForm.CASH,
            amount="600",
            paid_on=date(2026, 1, 10),
        )

    assert race(monkeypatch, pay(first), pay(second)) == ["invalid", "ok"]
    assert CampaignPayment.objects.count() == 1
