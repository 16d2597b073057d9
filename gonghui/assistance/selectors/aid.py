"""Reads of help plans, aid payments, yearly caps and cap exceptions, scoped to the user's subtree
(an archive belongs to the subtree of its `org`).

A household may have several archives (periods linked by `previous` after an exit and a re-entry):
the yearly cap counts the aid of all of them, see `household_archive_ids`.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from gonghui.accounts.models import User
from gonghui.assistance.models import (
    AidCap,
    AidException,
    AidRecord,
    Archive,
    ExceptionStatus,
    HelpMeasure,
    MeasureNote,
)
from gonghui.core.access import access_in_scope
from gonghui.orgs.models import Org, OrgStatus, OrgType
from gonghui.orgs.selectors import org_scope_path

ARCHIVE_NOT_FOUND = "找不到该困难职工档案，或您无权查看。"
MEASURE_NOT_FOUND = "找不到该帮扶措施，或您无权查看。"
EXCEPTION_NOT_FOUND = "找不到该超限救助申请，或您无权查看。"
CAP_NOT_FOUND = "找不到该救助上限设置，或您无权查看。"

ZERO = Decimal("0.00")


def chain_paths(path: str) -> list[str]:
    """The materialised paths of the org at `path` and of every org above it."""
    return [path[:end] for end in range(Org.steplen, len(path) + 1, Org.steplen)]


def access_archive_for_aid(user: User, archive_id) -> Archive:
    """The archive if its org is in the user's subtree; the same NotFound whether missing or out
    of scope, and an out-of-scope attempt is audited."""
    return access_in_scope(
        Archive.objects.select_related("org", "county", "member").filter(
            org__path__startswith=org_scope_path(user)
        ),
        actor=user,
        message=ARCHIVE_NOT_FOUND,
        org_of=lambda archive: archive.org,
        pk=archive_id,
    )


def access_measure_by_id(user: User, measure_id, *, archive: Archive) -> HelpMeasure:
    """A measure of `archive` (already accessed by the user)."""
    measure = access_in_scope(
        HelpMeasure.objects.filter(archive__org__path__startswith=org_scope_path(user)),
        actor=user,
        message=MEASURE_NOT_FOUND,
        org_of=lambda measure: measure.archive.org,
        within={"archive": archive},
        pk=measure_id,
    )
    measure.archive = archive
    return measure


def access_exception_by_id(user: User, exception_id) -> AidException:
    return access_in_scope(
        AidException.objects.select_related(
            "archive__org", "archive__member", "requested_by_org", "approver_org", "requested_by"
        ).filter(archive__org__path__startswith=org_scope_path(user)),
        actor=user,
        message=EXCEPTION_NOT_FOUND,
        org_of=lambda exception: exception.archive.org,
        pk=exception_id,
    )


def access_cap_by_id(user: User, cap_id) -> AidCap:
    """A cap the user may change: one of an org in the subtree (the province default only for
    users at the top of the tree)."""
    return access_in_scope(
        caps_removable_by(user),
        actor=user,
        message=CAP_NOT_FOUND,
        org_of=lambda cap: cap.org,
        pk=cap_id,
    )


def caps_removable_by(user: User) -> QuerySet[AidCap]:
    scoped = Q(org__path__startswith=org_scope_path(user))
    if user_at_top(user):
        scoped |= Q(org__isnull=True)
    return AidCap.objects.select_related("org").filter(scoped)


def cap_removable(user: User, cap: AidCap) -> bool:
    if cap.org is None:
        return user_at_top(user)
    return cap.org.path.startswith(org_scope_path(user))


def user_at_top(user: User) -> bool:
    """Whether the user may set the province-wide default cap."""
    org = user.org
    return (org is None and user.is_superuser) or (org is not None and org.depth == 1)


# --- help plan ----------------------------------------------------------------------------------


def archive_plan(archive: Archive) -> list[HelpMeasure]:
    """The archive's measures (一户一计划), each with its progress notes, in three queries."""
    notes = MeasureNote.objects.select_related("created_by")
    return list(
        archive.measures.select_related("responsible_org", "created_by").prefetch_related(
            Prefetch("notes", queryset=notes)
        )
    )


def responsible_org_choices(user: User, archive: Archive) -> QuerySet[Org]:
    """Active orgs that may take charge of a measure: the user's subtree or the archive's chain
    (its org and every union above it)."""
    chain = chain_paths(archive.org.path)
    return Org.objects.filter(
        Q(path__startswith=org_scope_path(user)) | Q(path__in=chain),
        status=OrgStatus.ACTIVE,
    ).order_by("path")


# --- aid and caps -------------------------------------------------------------------------------


def household_archive_ids(archive: Archive) -> list[int]:
    """Ids of every period of the archive's household: the archive, the ones before it (by
    `previous`) and after it. A period or two per household: one small query a step."""
    ids = [archive.pk]
    previous_id = archive.previous_id
    while previous_id is not None and previous_id not in ids:
        ids.append(previous_id)
        previous_id = (
            Archive.objects.filter(pk=previous_id).values_list("previous_id", flat=True).first()
        )
    current = archive.pk
    while True:
        following = Archive.objects.filter(previous_id=current).values_list("pk", flat=True).first()
        if following is None or following in ids:
            return ids
        ids.append(following)
        current = following


def applicable_cap(org: Org, year: int) -> AidCap | None:
    """The cap for archives of `org` in `year`: the nearest one set at or above the org,
    else the province default (org null), else None (no limit)."""
    chain = chain_paths(org.path)
    caps = AidCap.objects.filter(Q(org__path__in=chain) | Q(org__isnull=True), year=year)
    return max(caps.select_related("org"), key=lambda c: c.org.depth if c.org else 0, default=None)


@dataclass(frozen=True)
class CapStatus:
    """A household's aid in one calendar year against its cap."""

    year: int
    cap: AidCap | None
    paid: Decimal
    approved_extra: Decimal

    @property
    def limited(self) -> bool:
        return self.cap is not None

    @property
    def limit(self) -> Decimal | None:
        return None if self.cap is None else self.cap.amount + self.approved_extra

    @property
    def remaining(self) -> Decimal | None:
        return None if self.limit is None else max(self.limit - self.paid, ZERO)


def household_cap_status(archive: Archive, year: int) -> CapStatus:
    ids = household_archive_ids(archive)
    paid = AidRecord.objects.filter(archive_id__in=ids, paid_on__year=year).aggregate(
        s=Sum("amount")
    )["s"]
    extra = AidException.objects.filter(
        archive_id__in=ids, year=year, status=ExceptionStatus.APPROVED
    ).aggregate(s=Sum("extra_amount"))["s"]
    return CapStatus(
        year=year,
        cap=applicable_cap(archive.org, year),
        paid=paid or ZERO,
        approved_extra=extra or ZERO,
    )


def archive_aid_records(archive: Archive) -> QuerySet[AidRecord]:
    return archive.aid_records.select_related("paid_by_org", "created_by", "exception")


def household_year_totals(archive: Archive) -> list[dict]:
    """Aid of the household (all its periods) by calendar year, newest first:
    `{"year", "total", "count"}`."""
    return list(
        AidRecord.objects.filter(archive_id__in=household_archive_ids(archive))
        .annotate(year=ExtractYear("paid_on"))
        .values("year")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("-year")
    )


def archive_exceptions(archive: Archive) -> QuerySet[AidException]:
    return (
        AidException.objects.filter(archive_id__in=household_archive_ids(archive))
        .select_related("requested_by_org", "approver_org", "requested_by", "decided_by")
        .order_by("-created_at", "-pk")
    )


def aid_ledger(
    *,
    user: User,
    year: int | None = None,
    fund_source: str = "",
    county_id: int | None = None,
) -> QuerySet[AidRecord]:
    """Every aid record of archives in the user's subtree, newest first."""
    qs = AidRecord.objects.filter(archive__org__path__startswith=org_scope_path(user))
    if year:
        qs = qs.filter(paid_on__year=year)
    if fund_source:
        qs = qs.filter(fund_source=fund_source)
    if county_id:
        qs = qs.filter(archive__county_id=county_id)
    return qs.select_related("archive__member", "archive__org", "archive__county", "paid_by_org")


def ledger_total(records: QuerySet[AidRecord]) -> dict:
    """`{"amount", "count"}` of a ledger query (all pages)."""
    row = records.order_by().aggregate(amount=Sum("amount"), count=Count("pk"))
    return {"amount": row["amount"] or ZERO, "count": row["count"]}


def ledger_county_choices(user: User) -> QuerySet[Org]:
    """County unions the user can filter the ledger by: those in the subtree, or the user's own
    county when the user sits below one."""
    scope = org_scope_path(user)
    chain = chain_paths(scope)
    return Org.objects.filter(
        Q(path__startswith=scope) | Q(path__in=chain), org_type=OrgType.COUNTY
    ).order_by("path")


def pending_exceptions_for(user: User) -> QuerySet[AidException]:
    """Pending exceptions the user may decide: those whose approver is the user's org or an org
    below it (a union may decide for the ones under it), oldest first."""
    return (
        AidException.objects.filter(
            status=ExceptionStatus.PENDING,
            approver_org__path__startswith=org_scope_path(user),
        )
        .select_related("archive__member", "archive__org", "requested_by_org", "approver_org")
        .order_by("created_at", "pk")
    )


def exception_decidable_by(user: User, exception: AidException) -> bool:
    """Whether the user's union may decide: the approver or a union above it, never the
    requesting union itself."""
    return user.org_id != exception.requested_by_org_id and exception.approver_org.path.startswith(
        org_scope_path(user)
    )


def caps_for(user: User, *, year: int | None = None) -> QuerySet[AidCap]:
    """Caps the user sees: the province default, those set above the user's org (which apply to
    it) and those set in the subtree."""
    scope = org_scope_path(user)
    chain = chain_paths(scope)
    qs = AidCap.objects.filter(
        Q(org__isnull=True) | Q(org__path__startswith=scope) | Q(org__path__in=chain)
    ).select_related("org")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "org__path")
