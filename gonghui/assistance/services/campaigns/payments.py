"""Paying one person out of what a union holds in a campaign, and revoking a payment."""

from datetime import date

from django.db import IntegrityError, transaction

from gonghui.accounts.models import User
from gonghui.assistance.codes import AidForm, ArchiveStatus
from gonghui.assistance.metrics import stats_campaign_paid
from gonghui.assistance.models import (
    Archive,
    Campaign,
    CampaignPayment,
)
from gonghui.assistance.services.campaigns.common import (
    ARCHIVE_NOT_ARCHIVED,
    FORM_INVALID,
    GOODS_REQUIRED,
    MEMBER_NOT_HOLDING,
    PAID_ON_OUTSIDE,
    PAID_ON_REQUIRED,
    PAID_TWICE,
    PAYING_ORG_REQUIRED,
    RECIPIENT_OUTSIDE,
    RECIPIENT_REQUIRED,
    REVOKE_REASON_REQUIRED,
    _day,
    _require_scope,
)
from gonghui.assistance.services.campaigns.funds import _locked, _take
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core.cleaning import parse_yuan
from gonghui.core.errors import ApplicationError, Conflict
from gonghui.core.masking import mask_id_number
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.orgs.models import Org


def _recipient(*, member: Member | None, archive: Archive | None) -> tuple[str, str, Org]:
    """(name, ID hash, org) of the person paid."""
    if (member is None) == (archive is None):
        raise ApplicationError(RECIPIENT_REQUIRED, field="recipient")
    if member is not None:
        if member.status not in HOLDING_STATUSES:
            raise ApplicationError(
                MEMBER_NOT_HOLDING.format(name=member.name, status=member.get_status_display()),
                field="recipient",
            )
        return member.name, member.id_number_hash, member.org
    if archive.status != ArchiveStatus.ARCHIVED:
        raise ApplicationError(
            ARCHIVE_NOT_ARCHIVED.format(status=archive.get_status_display()), field="recipient"
        )
    return archive.member.name, archive.member.id_number_hash, archive.org


def _paid_twice(campaign: Campaign, person_hash: str, name: str) -> Conflict:
    earlier = (
        CampaignPayment.objects.filter(campaign=campaign, person_hash=person_hash)
        .select_related("org")
        .first()
    )
    return Conflict(
        PAID_TWICE.format(
            name=name,
            org=earlier.org.name if earlier else "",
            day=_day(earlier.paid_on) if earlier else "",
        ),
        code="paid_twice",
        field="recipient",
    )


@atomic_keeping_denials
def campaign_pay(
    *,
    actor: User,
    campaign: Campaign,
    org: Org | None = None,
    member: Member | None = None,
    archive: Archive | None = None,
    form: str,
    amount,
    goods: str = "",
    paid_on: date | None,
) -> CampaignPayment:
    """`org` (the actor's own union unless given) pays one person out of what it holds."""
    org = org if org is not None else actor.org
    if org is None:
        raise ApplicationError(PAYING_ORG_REQUIRED)
    _require_scope(actor, org, campaign)
    campaign = _locked(campaign)
    name, person_hash, recipient_org = _recipient(member=member, archive=archive)
    if not recipient_org.path.startswith(org.path):
        raise ApplicationError(RECIPIENT_OUTSIDE.format(name=name, org=org.name), field="recipient")
    if form not in AidForm.values:
        raise ApplicationError(FORM_INVALID, field="form")
    goods = (goods or "").strip()[:200]
    if form == AidForm.GOODS and not goods:
        raise ApplicationError(GOODS_REQUIRED, field="goods")
    amount = parse_yuan(amount, label="金额", field="amount", positive=True)
    if paid_on is None:
        raise ApplicationError(PAID_ON_REQUIRED, field="paid_on")
    if not campaign.starts_on <= paid_on <= campaign.ends_on:
        raise ApplicationError(
            PAID_ON_OUTSIDE.format(start=campaign.starts_on, end=campaign.ends_on),
            field="paid_on",
        )
    if CampaignPayment.objects.filter(campaign=campaign, person_hash=person_hash).exists():
        raise _paid_twice(campaign, person_hash, name)
    _take(campaign, org, amount, "amount")
    try:
        # The constraint is the last guard, should two payments of one person race.
        with transaction.atomic():
            payment = CampaignPayment.objects.create(
                campaign=campaign,
                org=org,
                member=member,
                archive=archive,
                person_hash=person_hash,
                form=form,
                amount=amount,
                goods=goods,
                paid_on=paid_on,
                created_by=actor,
            )
    except IntegrityError:
        raise _paid_twice(campaign, person_hash, name) from None
    stats_campaign_paid(payment)
    audit_record(
        actor=actor,
        action="campaign.pay",
        obj=campaign,
        org=org,
        changes={
            "payment": payment.pk,
            "recipient": name,
            "member": member.pk if member else None,
            "archive": archive.pk if archive else None,
            "form": form,
            "amount": str(amount),
            "goods": goods,
            "paid_on": paid_on.isoformat(),
        },
    )
    return payment


@atomic_keeping_denials(durable=True)
def campaign_payment_revoke(*, actor: User, payment: CampaignPayment, reason: str) -> None:
    """Undo a payment recorded by mistake: the money returns to the paying union, the person
    may be paid again, and the audit row keeps what was undone."""
    campaign = _locked(payment.campaign)
    payment = CampaignPayment.objects.select_related("org", "member", "archive__member").get(
        pk=payment.pk
    )
    _require_scope(actor, payment.org, campaign)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(REVOKE_REASON_REQUIRED, field="reason")
    person = payment.member or payment.archive.member
    stats_campaign_paid(payment, sign=-1)
    audit_record(
        actor=actor,
        action="campaign.pay_revoke",
        obj=campaign,
        org=payment.org,
        changes={
            "payment": payment.pk,
            "recipient": person.name,
            "id_number": mask_id_number(person.id_number),
            "amount": str(payment.amount),
            "paid_on": payment.paid_on.isoformat(),
            "reason": reason[:500],
        },
    )
    payment.delete()
