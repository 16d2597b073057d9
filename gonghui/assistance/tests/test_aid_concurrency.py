"""Two payments for one household at the same moment cannot both pass the yearly cap."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from gonghui.assistance.codes import AidForm, FundSource
from gonghui.assistance.models import AidRecord
from gonghui.assistance.services import aid as services
from gonghui.core.errors import ApplicationError

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL (SQLite has one writer)",
    ),
]


def test_concurrent_payments_cannot_both_pass_the_cap(
    tree, staff, make_member, make_archive, monkeypatch
):
    with transaction.atomic():  # the fixture's roll-up hook expects a transaction
        archive = make_archive(make_member(tree.base_a))
    services.aid_cap_set(
        actor=staff.sysadmin, org=None, year=timezone.localdate().year, amount=Decimal("1000")
    )
    read_status = services.household_cap_status

    def slow_status(*args, **kwargs):
        # Widen the window between reading the total and writing the record.
        status = read_status(*args, **kwargs)
        time.sleep(0.3)
        return status

    # The total is read where the cap is checked: `aid_record` in `aid.records`.
    monkeypatch.setattr(services.records, "household_cap_status", slow_status)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def pay():
        try:
            start.wait()
            services.aid_record(
                actor=staff.base_admin,
                archive=archive,
                form=AidForm.CASH,
                amount=Decimal("600"),
                fund_source=FundSource.SPECIAL,
                paid_on=timezone.localdate(),
            )
            outcomes.append("paid")
        except ApplicationError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["cap_exceeded", "paid"]
    assert AidRecord.objects.count() == 1
