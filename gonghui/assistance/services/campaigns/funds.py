"""Campaigns and the money down the tree: create a campaign, an org's balance, allocations.

Checks of a balance run with the campaign row locked (`_locked`), so two concurrent allocations
or payments of one campaign are decided one after the other.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Sum

from gonghui.accounts.models import User
from gonghui.assistance.codes import CampaignKind
from gonghui.assistance.models import (
    Allocation,
    Campaign,
    CampaignPayment,
)
from gonghui.assistance.services.campaigns.common import (
    DATES_REQUIRED,
    KIND_INVALID,
    NAME_REQUIRED,
    NAME_TOO_LONG,
    NO_FUNDS,
    NOT_DESCENDANT,
    OVER_AVAILABLE,
    PERIOD_INVALID,
    _require_scope,
    _yuan,
)
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core.cleaning import parse_yuan
from gonghui.core.errors import ApplicationError
from gonghui.orgs.models import Org


@atomic_keeping_denials(durable=True)
def campaign_create(
    *,
    actor: User,
    kind: str,
    name: str,
    org: Org,
    starts_on: date | None,
    ends_on: date | None,
    budget,
) -> Campaign:
    _require_scope(actor, org)
    if kind not in CampaignKind.values:
        raise ApplicationError(KIND_INVALID, field="kind")
    name = (name or "").strip()
    if not name:
        raise ApplicationError(NAME_REQUIRED, field="name")
    if len(name) > 100:
        raise ApplicationError(NAME_TOO_LONG, field="name")
    if starts_on is None or ends_on is None:
        raise ApplicationError(DATES_REQUIRED, field="ends_on")
    if ends_on < starts_on:
        raise ApplicationError(PERIOD_INVALID, field="ends_on")
    budget = parse_yuan(budget, label="预算", field="budget", positive=True)
    campaign = Campaign.objects.create(
        kind=kind,
        name=name,
        org=org,
        starts_on=starts_on,
        ends_on=ends_on,
        budget=budget,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="campaign.create",
        obj=campaign,
        org=org,
        changes={
            "kind": kind,
            "name": name,
            "period": [starts_on.isoformat(), ends_on.isoformat()],
            "budget": str(budget),
        },
    )
    return campaign


def _sum(qs) -> Decimal:
    return qs.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def org_balance(campaign: Campaign, org: Org) -> dict[str, Decimal] | None:
    """What `org` holds itself in `campaign`: total received (the budget for the campaign's org),
    allocated onward, paid out, and left. None if the org never got any of the money."""
    if org.pk == campaign.org_id:
        total = campaign.budget
    else:
        received = Allocation.objects.filter(campaign=campaign, org=org)
        if not received.exists():
            return None
        total = _sum(received)
    allocated = _sum(Allocation.objects.filter(campaign=campaign, from_org=org))
    paid = _sum(CampaignPayment.objects.filter(campaign=campaign, org=org))
    return {"total": total, "allocated": allocated, "paid": paid, "left": total - allocated - paid}


def _take(campaign: Campaign, org: Org, amount: Decimal, field: str) -> None:
    """Refuse unless `org` still holds `amount` (call with the campaign row locked)."""
    balance = org_balance(campaign, org)
    if balance is None:
        raise ApplicationError(NO_FUNDS.format(org=org.name), field=field)
    if amount > balance["left"]:
        raise ApplicationError(
            OVER_AVAILABLE.format(
                org=org.name,
                total=_yuan(balance["total"]),
                allocated=_yuan(balance["allocated"]),
                paid=_yuan(balance["paid"]),
                left=_yuan(balance["left"]),
                amount=_yuan(amount),
                over=_yuan(amount - balance["left"]),
            ),
            field="amount",
        )


def _locked(campaign: Campaign) -> Campaign:
    return (
        Campaign.objects.select_for_update(of=("self",)).select_related("org").get(pk=campaign.pk)
    )


@atomic_keeping_denials(durable=True)
def allocation_create(
    *, actor: User, campaign: Campaign, from_org: Org, org: Org, amount
) -> Allocation:
    """`from_org` passes `amount` of what it holds to its descendant `org`."""
    _require_scope(actor, from_org, campaign)
    campaign = _locked(campaign)
    amount = parse_yuan(amount, label="金额", field="amount", positive=True)
    if org.pk == from_org.pk or not org.path.startswith(from_org.path):
        raise ApplicationError(
            NOT_DESCENDANT.format(org=from_org.name, target=org.name), field="org"
        )
    _take(campaign, from_org, amount, "from_org")
    allocation = Allocation.objects.create(
        campaign=campaign, from_org=from_org, org=org, amount=amount, created_by=actor
    )
    audit_record(
        actor=actor,
        action="campaign.allocate",
        obj=campaign,
        org=from_org,
        changes={"from_org": from_org.name, "org": org.name, "amount": str(amount)},
    )
    return allocation
