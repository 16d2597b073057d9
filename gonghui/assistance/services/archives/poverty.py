"""低保 lines (元/人·月) per county and year, set by the county union or above."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.models import (
    PovertyLine,
)
from gonghui.assistance.services.archives.common import (
    POVERTY_COUNTY,
    POVERTY_SCOPE,
    POVERTY_YEAR,
)
from gonghui.audit.services import (
    atomic_keeping_denials,
    audit_record,
    denial,
)
from gonghui.core.cleaning import parse_yuan
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.orgs.models import Org, OrgType
from gonghui.orgs.selectors import org_in_scope


def poverty_line_for(county: Org | None, year: int) -> Decimal | None:
    if county is None:
        return None
    return (
        PovertyLine.objects.filter(county=county, year=year)
        .values_list("monthly_amount", flat=True)
        .first()
    )


@atomic_keeping_denials(durable=True)
def poverty_line_set(*, actor: User, county: Org, year: int, amount: Any) -> PovertyLine:
    """Set the county's 低保 line for a year (county, city or province staff of that county)."""
    if county is None or county.org_type != OrgType.COUNTY:
        raise ApplicationError(POVERTY_COUNTY, field="county")
    if not org_in_scope(actor, county):
        raise denial(
            Forbidden(POVERTY_SCOPE), actor=actor, action="access.denied", obj=county, org=county
        )
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ApplicationError(POVERTY_YEAR, field="year")
    amount = parse_yuan(amount, label="低保标准", field="amount", positive=True)
    line = PovertyLine.objects.select_for_update().filter(county=county, year=year).first()
    before = str(line.monthly_amount) if line else None
    if line is None:
        line = PovertyLine.objects.create(county=county, year=year, monthly_amount=amount)
    else:
        line.monthly_amount = amount
        line.save(update_fields=["monthly_amount"])
    audit_record(
        actor=actor,
        action="assistance.poverty_line_set",
        obj=line,
        org=county,
        object_repr=f"{county.name} {year}年低保标准",
        changes={"year": year, "amount": [before, str(amount)]},
    )
    return line
