"""Yearly aid caps (救助上限): the province default and a union's own cap for its subtree."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.models import (
    AidCap,
)
from gonghui.assistance.selectors.aid import (
    cap_removable,
    user_at_top,
)
from gonghui.assistance.services.aid.common import (
    CAP_DEFAULT_TOP_ONLY,
    CAP_ORG_INACTIVE,
    CAP_OUT_OF_SCOPE,
    CAP_SET_MEANWHILE,
    YEAR_INVALID,
)
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core.cleaning import parse_yuan
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope


def _check_year(year) -> int:
    latest = timezone.localdate().year + 1
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= latest:
        raise ApplicationError(YEAR_INVALID.format(max=latest), field="year")
    return year


@atomic_keeping_denials(durable=True)
def aid_cap_set(*, actor: User, org: Org | None, year: int, amount: Decimal) -> AidCap:
    """Set (or change) the yearly cap per household for `org`'s subtree; `org` None is the
    province-wide default, set by the province only."""
    if org is None:
        if not user_at_top(actor):
            raise denial(Forbidden(CAP_DEFAULT_TOP_ONLY), actor=actor, action="access.denied")
    else:
        if not org_in_scope(actor, org):
            raise denial(
                Forbidden(CAP_OUT_OF_SCOPE), actor=actor, action="access.denied", obj=org, org=org
            )
        if not org.is_active:
            raise ApplicationError(CAP_ORG_INACTIVE.format(name=org.name), field="org")
    year = _check_year(year)
    amount = parse_yuan(amount, label="金额", field="amount", positive=True)
    cap = AidCap.objects.select_for_update().filter(org=org, year=year).first()
    before = str(cap.amount) if cap else None
    if cap is None:
        try:
            # The unique constraints decide between two first settings at once.
            with transaction.atomic():
                cap = AidCap.objects.create(org=org, year=year, amount=amount)
        except IntegrityError:
            raise Conflict(CAP_SET_MEANWHILE, field="amount") from None
    elif cap.amount != amount:
        cap.amount = amount
        cap.save(update_fields=["amount"])
    else:
        return cap
    audit_record(
        actor=actor,
        action="aid.cap_set",
        obj=cap,
        org=org,
        object_repr=f"{org.name if org else '全省默认'} {year}年",
        changes={"year": year, "amount": [before, str(amount)]},
    )
    return cap


@atomic_keeping_denials(durable=True)
def aid_cap_remove(*, actor: User, cap: AidCap) -> None:
    """Remove a cap: the next one up the tree (or none: no limit) applies again."""
    cap = AidCap.objects.select_for_update(of=("self",)).select_related("org").get(pk=cap.pk)
    if not cap_removable(actor, cap):
        message = CAP_DEFAULT_TOP_ONLY if cap.org is None else CAP_OUT_OF_SCOPE
        raise denial(Forbidden(message), actor=actor, action="access.denied", obj=cap, org=cap.org)
    audit_record(
        actor=actor,
        action="aid.cap_remove",
        obj=cap,
        org=cap.org,
        object_repr=f"{cap.org.name if cap.org else '全省默认'} {cap.year}年",
        changes={"year": cap.year, "amount": str(cap.amount)},
    )
    cap.delete()
