"""Aid payments (救助记录), final once written, within the household's yearly cap.

The cap counts every period of the household in the calendar year of `paid_on`; the archive row
is locked while checking, so two concurrent payments for one household queue there.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.codes import AidForm, FundSource
from gonghui.assistance.metrics import stats_aid_recorded
from gonghui.assistance.models import (
    AidException,
    AidRecord,
    Archive,
    ExceptionStatus,
)
from gonghui.assistance.selectors.aid import (
    household_archive_ids,
    household_cap_status,
)
from gonghui.assistance.services.aid.common import (
    CAP_EXCEEDED,
    CAP_EXTRA,
    EXCEPTION_MISMATCH,
    FORM_INVALID,
    FUND_SOURCE_INVALID,
    GOODS_REQUIRED,
    GOODS_TOO_LONG,
    NO_ORG,
    NOTE_FIELD_TOO_LONG,
    PAID_BEFORE_ARCHIVED,
    PAID_ON_FUTURE,
    _lock_archive,
    _yuan,
)
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core.cleaning import parse_yuan
from gonghui.core.errors import ApplicationError


@atomic_keeping_denials(durable=True)
def aid_record(
    *,
    actor: User,
    archive: Archive,
    form: str,
    amount: Decimal,
    fund_source: str,
    paid_on: date,
    goods: str = "",
    note: str = "",
    exception: AidException | None = None,
) -> AidRecord:
    """Record aid paid to the household by the actor's union, within the yearly cap."""
    archive = _lock_archive(actor, archive, action="登记救助")
    if actor.org is None:
        raise ApplicationError(NO_ORG.format(action="登记救助"))
    if form not in AidForm.values:
        raise ApplicationError(FORM_INVALID, field="form")
    amount = parse_yuan(amount, label="金额", field="amount", positive=True)
    goods = (goods or "").strip()
    if form == AidForm.GOODS and not goods:
        raise ApplicationError(GOODS_REQUIRED, field="goods")
    if form == AidForm.CASH:
        goods = ""
    if len(goods) > 200:
        raise ApplicationError(GOODS_TOO_LONG, field="goods")
    if fund_source not in FundSource.values:
        raise ApplicationError(FUND_SOURCE_INVALID, field="fund_source")
    today = timezone.localdate()
    if paid_on > today:
        raise ApplicationError(PAID_ON_FUTURE.format(today=today), field="paid_on")
    if archive.archived_on and paid_on < archive.archived_on:
        raise ApplicationError(
            PAID_BEFORE_ARCHIVED.format(archived_on=archive.archived_on), field="paid_on"
        )
    note = (note or "").strip()
    if len(note) > 200:
        raise ApplicationError(NOTE_FIELD_TOO_LONG, field="note")

    status = household_cap_status(archive, paid_on.year)
    if status.limited:
        if status.paid + amount > status.limit:
            extra = status.approved_extra
            raise ApplicationError(
                CAP_EXCEEDED.format(
                    year=status.year,
                    cap=_yuan(status.cap.amount),
                    extra=CAP_EXTRA.format(extra=_yuan(extra)) if extra else "",
                    paid=_yuan(status.paid),
                    left=_yuan(status.remaining),
                    amount=_yuan(amount),
                ),
                code="cap_exceeded",
                field="amount",
            )
        if exception is None and status.paid + amount > status.cap.amount:
            # The payment draws on an approved exception: link the latest one.
            exception = (
                AidException.objects.filter(
                    archive_id__in=household_archive_ids(archive),
                    year=paid_on.year,
                    status=ExceptionStatus.APPROVED,
                )
                .order_by("-decided_at", "-pk")
                .first()
            )
    if exception is not None and not (
        exception.status == ExceptionStatus.APPROVED
        and exception.year == paid_on.year
        and exception.archive_id in household_archive_ids(archive)
    ):
        raise ApplicationError(EXCEPTION_MISMATCH.format(year=paid_on.year), field="exception")

    record = AidRecord.objects.create(
        archive=archive,
        form=form,
        amount=amount,
        goods=goods,
        fund_source=fund_source,
        paid_on=paid_on,
        paid_by_org=actor.org,
        exception=exception,
        note=note,
        created_by=actor,
    )
    stats_aid_recorded(record)
    audit_record(
        actor=actor,
        action="aid.record",
        obj=archive,
        org=archive.org,
        changes={
            "record": record.pk,
            "form": form,
            "amount": str(amount),
            "goods": goods,
            "fund_source": fund_source,
            "paid_on": paid_on.isoformat(),
            "paid_by_org": actor.org.name,
            "exception": exception.pk if exception else None,
        },
    )
    return record
