import re
from datetime import date
from decimal import Decimal

import pytest

from gonghui.assistance.codes import AidForm, ArchiveStatus, CampaignKind
from gonghui.assistance.models import Allocation, CampaignPayment
from gonghui.assistance.selectors.campaigns import campaign_totals
from gonghui.assistance.services import campaigns as svc
from gonghui.assistance.services.campaigns.common import (
    ARCHIVE_NOT_ARCHIVED,
    BUDGET_INVALID,
    GOODS_REQUIRED,
    NO_FUNDS,
    NOT_DESCENDANT,
    PAID_ON_OUTSIDE,
    PERIOD_INVALID,
    RECIPIENT_REQUIRED,
    REVOKE_REASON_REQUIRED,
)
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.conftest import message_pattern
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.metrics.models import OrgStat


def value(org, metric, period=""):
    row = OrgStat.objects.filter(org=org, metric=metric, period=period).first()
    return row.value if row else 0


@pytest.fixture
def campaign(tree, staff):
    return svc.campaign_create(
        actor=staff.sysadmin,
        kind=CampaignKind.WARMTH,
        name="2026年元旦春节送温暖",
        org=tree.province,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 2, 28),
        budget=Decimal("10000.00"),
    )


def allocate(actor, campaign, from_org, org, amount):
    return svc.allocation_create(
        actor=actor, campaign=campaign, from_org=from_org, org=org, amount=amount
    )


def pay(actor, campaign, *, amount="500", paid_on=date(2026, 1, 20), **recipient):
    return svc.campaign_pay(
        actor=actor,
        campaign=campaign,
        form=AidForm.CASH,
        amount=Decimal(amount),
        paid_on=paid_on,
        **recipient,
    )


def test_create_checks_the_fields_and_is_audited(tree, staff, campaign):
    assert campaign.budget == Decimal("10000.00")
    assert AuditLog.objects.filter(action="campaign.create", object_id=str(campaign.pk)).exists()
    base = dict(
        actor=staff.county_admin,
        kind=CampaignKind.COOLNESS,
        name="夏季送清凉",
        org=tree.chengguan,
        starts_on=date(2026, 7, 1),
        ends_on=date(2026, 8, 31),
        budget="2000",
    )
    with pytest.raises(ApplicationError, match=re.escape(PERIOD_INVALID)):
        svc.campaign_create(**{**base, "ends_on": date(2026, 6, 30)})
    with pytest.raises(ApplicationError) as refused:
        svc.campaign_create(**{**base, "budget": "0"})
    assert refused.value.message == BUDGET_INVALID
    with pytest.raises(ApplicationError) as refused:
        svc.campaign_create(**{**base, "budget": "10.001"})
    assert refused.value.message == BUDGET_INVALID
    same_day = svc.campaign_create(**{**base, "ends_on": date(2026, 7, 1)})
    assert same_day.org == tree.chengguan


def test_create_for_an_org_outside_the_subtree_is_refused_and_audited(tree, staff):
    with pytest.raises(Forbidden):
        svc.campaign_create(
            actor=staff.county_admin,
            kind=CampaignKind.WARMTH,
            name="越权",
            org=tree.qilihe,
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 1, 31),
            budget="100",
        )
    assert AuditLog.objects.filter(
        action="access.denied", actor=staff.county_admin, result=AuditResult.DENIED
    ).exists()


def test_each_org_allocates_only_what_it_was_given(tree, staff, campaign):
    allocate(staff.sysadmin, campaign, tree.province, tree.lanzhou, "6000")
    # Exactly what is left is fine; one fen more is not.
    with pytest.raises(ApplicationError) as exc:
        allocate(staff.sysadmin, campaign, tree.province, tree.tianshui, "4000.01")
    assert "尚余 4,000.00 元" in exc.value.message
    assert "超出 0.01 元" in exc.value.message
    allocate(staff.sysadmin, campaign, tree.province, tree.tianshui, "4000")
    # The city passes on only what it got.
    with pytest.raises(ApplicationError, match="尚余 6,000.00 元"):
        allocate(staff.city_admin, campaign, tree.lanzhou, tree.chengguan, "6000.01")
    allocate(staff.city_admin, campaign, tree.lanzhou, tree.chengguan, "1000")
    # An org that got nothing cannot allocate at all.
    with pytest.raises(ApplicationError, match=message_pattern(NO_FUNDS)):
        allocate(staff.sibling_admin, campaign, tree.qilihe, tree.xiyuan, "1")
    assert Allocation.objects.filter(campaign=campaign).count() == 3


def test_allocation_goes_only_down_the_tree(tree, staff, campaign):
    allocate(staff.sysadmin, campaign, tree.province, tree.chengguan, "100")
    for target in (tree.qilihe, tree.chengguan):  # a sibling, itself
        with pytest.raises(
            ApplicationError,
            match=re.escape(NOT_DESCENDANT.format(org="城关区总工会", target=target.name)),
        ):
            allocate(staff.county_admin, campaign, tree.chengguan, target, "10")
    # Skipping a level (county -> base union) is allowed.
    allocate(staff.county_admin, campaign, tree.chengguan, tree.base_a, "10")


def test_allocating_for_an_org_outside_the_subtree_is_refused_and_audited(tree, staff, campaign):
    allocate(staff.sysadmin, campaign, tree.province, tree.chengguan, "100")
    with pytest.raises(Forbidden):
        allocate(staff.sibling_admin, campaign, tree.chengguan, tree.donggang, "10")
    assert AuditLog.objects.filter(
        action="access.denied", actor=staff.sibling_admin, result=AuditResult.DENIED
    ).exists()
    assert Allocation.objects.filter(from_org=tree.chengguan).count() == 0


def test_paying_reduces_what_is_left_and_rolls_up(tree, staff, make_member, campaign):
    allocate(staff.sysadmin, campaign, tree.province, tree.chengguan, "1000")
    first = make_member(tree.base_a)
    second = make_member(tree.base_b)
    payment = pay(staff.county_admin, campaign, member=first, amount="600")
    assert payment.org == tree.chengguan
    assert payment.person_hash == first.id_number_hash
    with pytest.raises(ApplicationError, match="已发放 600.00 元，尚余 400.00 元"):
        pay(staff.county_admin, campaign, member=second, amount="400.01")
    with pytest.raises(ApplicationError, match="尚余 400.00 元"):
        allocate(staff.county_admin, campaign, tree.chengguan, tree.donggang, "400.01")
    pay(staff.county_admin, campaign, member=second, amount="400")

    key = f"campaign.{campaign.pk}"
    for org in (tree.chengguan, tree.lanzhou, tree.province):
        assert value(org, f"{key}.amount") == 100000
        assert value(org, f"{key}.count") == 2
    assert value(tree.qilihe, f"{key}.count") == 0
    rows = {row.org: row for row in campaign_totals(campaign=campaign, org=tree.lanzhou)}
    assert rows[tree.lanzhou].received == Decimal("1000.00")  # came in from the province
    assert rows[tree.chengguan].received == Decimal("1000.00")
    assert rows[tree.chengguan].paid == Decimal("1000.00")
    assert rows[tree.chengguan].count == 2
    assert rows[tree.chengguan].remaining == 0
    assert rows[tree.qilihe].received == 0
    assert AuditLog.objects.filter(action="campaign.pay").count() == 2


def test_same_person_cannot_be_paid_twice(tree, staff, make_member, make_archive, campaign):
    member = make_member(tree.base_a, name="李四")
    archive = make_archive(member)
    other = make_member(tree.base_b)
    pay(staff.sysadmin, campaign, member=member, paid_on=date(2026, 1, 5))
    # The archive's applicant is the same person.
    with pytest.raises(Conflict) as exc:
        pay(staff.sysadmin, campaign, archive=archive)
    assert exc.value.message == svc.PAID_TWICE.format(
        name="李四", org="甘肃省总工会", day="2026年1月5日"
    )
    assert CampaignPayment.objects.filter(campaign=campaign).count() == 1
    # Another campaign may pay them again; another person in this one is fine.
    pay(staff.sysadmin, campaign, member=other)
    again = svc.campaign_create(
        actor=staff.sysadmin,
        kind=CampaignKind.COOLNESS,
        name="送清凉",
        org=tree.province,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        budget="1000",
    )
    pay(staff.sysadmin, again, archive=archive)


def test_the_constraint_is_the_last_guard(tree, staff, make_member, campaign, monkeypatch):
    member = make_member(tree.base_a, name="王五")
    pay(staff.sysadmin, campaign, member=member)
    # As if a concurrent payment had passed the first check.
    monkeypatch.setattr(CampaignPayment.objects, "filter", _no_earlier(CampaignPayment.objects))
    with pytest.raises(Conflict, match="「王五」已在本次活动中领取过慰问"):
        pay(staff.sysadmin, campaign, member=member)
    monkeypatch.undo()
    assert CampaignPayment.objects.filter(campaign=campaign).count() == 1


def _no_earlier(manager):
    real = manager.filter
    calls = iter(range(100))

    def fake(*args, **kwargs):
        qs = real(*args, **kwargs)
        # The first look-up (the duplicate check) finds nothing.
        return qs.none() if next(calls) == 0 and "person_hash" in kwargs else qs

    return fake


def test_payment_date_within_the_campaign_period(tree, staff, make_member, campaign):
    member = make_member(tree.base_a)
    for day in (date(2025, 12, 31), date(2026, 3, 1)):
        with pytest.raises(ApplicationError, match=message_pattern(PAID_ON_OUTSIDE)):
            pay(staff.sysadmin, campaign, member=member, paid_on=day)
    pay(staff.sysadmin, campaign, member=member, paid_on=date(2026, 2, 28))


def test_recipient_must_be_in_the_paying_orgs_subtree(tree, staff, make_member, campaign):
    allocate(staff.sysadmin, campaign, tree.province, tree.chengguan, "1000")
    with pytest.raises(ApplicationError, match="不在「城关区总工会」及其下级工会"):
        pay(staff.county_admin, campaign, member=make_member(tree.base_c))
    # A union outside the subtree cannot pay for the county: refused and audited.
    with pytest.raises(Forbidden):
        svc.campaign_pay(
            actor=staff.sibling_admin,
            campaign=campaign,
            org=tree.chengguan,
            member=make_member(tree.base_a),
            form=AidForm.CASH,
            amount="10",
            paid_on=date(2026, 1, 10),
        )
    assert AuditLog.objects.filter(
        action="access.denied", actor=staff.sibling_admin, result=AuditResult.DENIED
    ).exists()
    # Its own union got nothing.
    with pytest.raises(ApplicationError, match=re.escape(NO_FUNDS.format(org="七里河区总工会"))):
        pay(staff.sibling_admin, campaign, member=make_member(tree.base_c))


def test_recipient_checks(tree, staff, make_member, make_archive, campaign):
    member = make_member(tree.base_a)
    with pytest.raises(ApplicationError, match=re.escape(RECIPIENT_REQUIRED)):
        pay(staff.sysadmin, campaign)
    with pytest.raises(ApplicationError, match=re.escape(RECIPIENT_REQUIRED)):
        pay(staff.sysadmin, campaign, member=member, archive=make_archive(member))
    pending = make_archive(make_member(tree.base_b), status=ArchiveStatus.SUBMITTED)
    with pytest.raises(
        ApplicationError,
        match=re.escape(ARCHIVE_NOT_ARCHIVED.format(status=ArchiveStatus.SUBMITTED.label)),
    ):
        pay(staff.sysadmin, campaign, archive=pending)
    with pytest.raises(ApplicationError, match=re.escape(GOODS_REQUIRED)):
        svc.campaign_pay(
            actor=staff.sysadmin,
            campaign=campaign,
            member=member,
            form=AidForm.GOODS,
            amount="200",
            paid_on=date(2026, 1, 10),
        )
    goods = svc.campaign_pay(
        actor=staff.sysadmin,
        campaign=campaign,
        member=member,
        form=AidForm.GOODS,
        amount="200",
        goods="米面油",
        paid_on=date(2026, 1, 10),
    )
    assert goods.goods == "米面油"


def test_revoking_a_payment_returns_the_money(tree, staff, make_member, campaign):
    allocate(staff.sysadmin, campaign, tree.province, tree.chengguan, "500")
    member = make_member(tree.base_a)
    payment = pay(staff.county_admin, campaign, member=member, amount="500")
    with pytest.raises(Forbidden):
        svc.campaign_payment_revoke(actor=staff.sibling_admin, payment=payment, reason="错发")
    with pytest.raises(ApplicationError, match=re.escape(REVOKE_REASON_REQUIRED)):
        svc.campaign_payment_revoke(actor=staff.county_admin, payment=payment, reason=" ")
    svc.campaign_payment_revoke(actor=staff.county_admin, payment=payment, reason="金额登记错误")
    assert not CampaignPayment.objects.exists()
    assert value(tree.province, f"campaign.{campaign.pk}.count") == 0
    assert svc.org_balance(campaign, tree.chengguan)["left"] == Decimal("500")
    row = AuditLog.objects.get(action="campaign.pay_revoke")
    assert row.changes["reason"] == "金额登记错误"
    assert "*" in row.changes["id_number"]
    pay(staff.county_admin, campaign, member=member, amount="300")  # may be paid again
