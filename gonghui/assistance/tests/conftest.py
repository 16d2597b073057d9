"""Fixtures of the assistance tests. `make_archive` writes an archive directly (any status), so
that tests of aid, campaigns and statistics do not depend on the review workflow."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.accounts.permissions import ROLE_UNION_ADMIN
from gonghui.assistance.codes import (
    AidForm,
    ArchiveStatus,
    Cause,
    Channel,
    FundSource,
    Health,
    Housing,
    Hukou,
    Level,
    Marriage,
    MedicalInsurance,
    Relation,
    WorkStatus,
)
from gonghui.assistance.metrics import stats_archive_changed
from gonghui.assistance.models import Archive, HouseholdMember
from gonghui.assistance.services.aid import aid_record
from gonghui.assistance.services.inbox import refresh_archive
from gonghui.conftest import id_with_check
from gonghui.core import crypto
from gonghui.inbox.tests.consistency import inbox_consistent_fixture
from gonghui.orgs.models import OrgType
from gonghui.orgs.selectors import ancestor_of_type

# After every database test of this app, the 待办 items of the assistance kinds agree with the
# kinds' own queries: every action refreshes them in its transaction.
assistance_inbox_consistent = inbox_consistent_fixture("assistance.")


def today() -> date:
    return timezone.localdate()


def pay(actor, archive, amount, **fields):
    """aid_record of `amount` yuan in cash from the special fund, paid today (or as `fields`)."""
    values = dict(
        form=AidForm.CASH,
        amount=Decimal(amount),
        fund_source=FundSource.SPECIAL,
        paid_on=today(),
    )
    values.update(fields)
    return aid_record(actor=actor, archive=archive, **values)


@pytest.fixture
def township_admin(tree, make_user):
    """Admin of 东岗西路街道工会 (the township above base_a and base_b): does 初审."""
    return make_user("dg_admin", tree.donggang, ROLE_UNION_ADMIN)


def household_person(archive: Archive, relation: str, name: str, id_number: str, **fields):
    return HouseholdMember.objects.create(
        archive=archive,
        relation=relation,
        name=name,
        id_number_enc=crypto.encrypt(id_number),
        id_number_hash=crypto.lookup_hash(id_number),
        **fields,
    )


@pytest.fixture
def make_archive(tree, staff):
    """make_archive(member, status=..., level=..., children=1, **fields) → Archive with the
    applicant (本人) and `children` children (students) in the household."""
    counter = iter(range(10_000))

    def make(
        member,
        *,
        status: str = ArchiveStatus.ARCHIVED,
        level: str = Level.DEEP,
        causes: list[str] | None = None,
        children: int = 1,
        **fields,
    ) -> Archive:
        county = ancestor_of_type(member.org, OrgType.COUNTY)
        size = 1 + children
        values = dict(
            org=member.org,
            county=county,
            member=member,
            status=status,
            channel=Channel.UNION,
            applied_on=date(2026, 3, 2),
            level=level,
            causes=causes or [Cause.ILLNESS],
            health=Health.SERIOUS,
            housing=Housing.RENTED,
            work_status=WorkStatus.EMPLOYED,
            marriage=Marriage.MARRIED,
            hukou=Hukou.URBAN,
            medical_insurance=MedicalInsurance.URBAN_EMPLOYEE,
            monthly_income=Decimal("2400.00"),
            other_annual_income=Decimal(0),
            annual_income=Decimal("28800.00"),
            household_size=size,
            per_capita_monthly=(Decimal("2400.00") / size).quantize(Decimal("0.01")),
            archived_on=date(2026, 3, 20) if status in (ArchiveStatus.ARCHIVED,) else None,
            created_by=staff.sysadmin,
        )
        values.update(fields)
        archive = Archive.objects.create(**values)
        household_person(archive, Relation.SELF, member.name, member.id_number)
        for _ in range(children):
            n = next(counter)
            household_person(
                archive,
                Relation.CHILD,
                f"子女{n}",
                id_with_check(f"62010220060{(n % 9) + 1}1{n:05d}"[:17]),
                birth_date=date(2006, (n % 9) + 1, 1),
            )
        stats_archive_changed(before=None, after=archive)
        refresh_archive(archive)
        return archive

    return make
