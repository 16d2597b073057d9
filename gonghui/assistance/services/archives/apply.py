"""Applying for an archive: by the union for its member, by the worker on the portal, re-entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.codes import (
    ArchiveStatus,
    Channel,
)
from gonghui.assistance.metrics import stats_archive_changed
from gonghui.assistance.models import (
    Archive,
    HouseholdMember,
)
from gonghui.assistance.services.archives.common import (
    NO_COUNTY,
    NOT_MEMBER,
    OUT_OF_SCOPE,
    REAPPLY_HAS_NEXT,
    REAPPLY_NOT_EXITED,
    SENSITIVE_CONSENT_REQUIRED,
    WORKER_NOT_MEMBER,
    _snapshot,
    archive_income,
)
from gonghui.assistance.services.archives.household import (
    _clean_fields,
    _clean_household,
    _lock_people,
    _refuse_open,
)
from gonghui.assistance.services.archives.poverty import poverty_line_for
from gonghui.assistance.services.inbox import refresh_archive
from gonghui.audit.services import (
    atomic_keeping_denials,
    audit_record,
    denial,
)
from gonghui.core import crypto
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.orgs.models import OrgType
from gonghui.orgs.selectors import ancestor_of_type, org_in_scope


def _create(
    *,
    actor: User | None,
    member: Member,
    household: list[dict],
    channel: str,
    applied_on: date | None,
    previous: Archive | None,
    fields: dict[str, Any],
    sensitive_consent_at=None,
) -> Archive:
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    if member.status not in HOLDING_STATUSES:
        raise ApplicationError(NOT_MEMBER, field="member")
    county = ancestor_of_type(member.org, OrgType.COUNTY)
    if county is None:
        raise ApplicationError(NO_COUNTY, field="member")
    values = _clean_fields(fields)
    people = _clean_household(member, household)
    hashes = [crypto.lookup_hash(p.number) for p in people]
    # During a key rotation: one lock name for everyone, every readable version looked up.
    _lock_people([crypto.lock_hash(p.number) for p in people])
    _refuse_open([h for p in people for h in crypto.lookup_hashes(p.number)])
    if previous is None:
        # Re-entry: the member's last archive left hardship → the new one is its next period.
        previous = (
            Archive.objects.select_for_update(of=("self",))
            .filter(member=member, status=ArchiveStatus.EXITED, next__isnull=True)
            .order_by("-period", "-pk")
            .first()
        )
    applied_on = applied_on or timezone.localdate()
    annual, per_capita = archive_income(
        values["monthly_income"], values["other_annual_income"], len(people)
    )
    archive = Archive(
        org=member.org,
        county=county,
        member=member,
        period=previous.period + 1 if previous else 1,
        previous=previous,
        status=ArchiveStatus.SUBMITTED,
        channel=channel,
        applied_on=applied_on,
        annual_income=annual,
        household_size=len(people),
        per_capita_monthly=per_capita,
        poverty_line=poverty_line_for(county, applied_on.year),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        sensitive_consent_at=sensitive_consent_at,
        **values,
    )
    archive.save()
    HouseholdMember.objects.bulk_create(
        HouseholdMember(
            archive=archive,
            relation=p.relation,
            name=p.name,
            id_number_enc=crypto.encrypt(p.number),
            id_number_hash=h,
            birth_date=p.birth_date,
            gender=p.gender,
            occupation=p.occupation,
            monthly_income=p.monthly_income,
            health=p.health,
        )
        for p, h in zip(people, hashes, strict=True)
    )
    archive._people = people
    stats_archive_changed(before=None, after=archive)
    refresh_archive(archive)
    audit_record(
        actor=actor,
        action="assistance.archive_apply",
        obj=archive,
        org=archive.org,
        changes={
            **_snapshot(archive),
            "channel": channel,
            "sensitive_consent": sensitive_consent_at is not None,
        },
    )
    return archive


@atomic_keeping_denials(durable=True)
def archive_apply(
    *,
    actor: User,
    member: Member,
    household: list[dict] | None = None,
    channel: str = Channel.UNION,
    applied_on: date | None = None,
    **fields: Any,
) -> Archive:
    """A union applies for its member (基层工会代报). `fields`: level, causes, monthly_income,
    other_annual_income, health, housing, work_status, marriage, hukou, medical_insurance and the
    optional fields of the archive. `household`: the other people (name, relation, id_number,
    monthly_income, occupation, health); the applicant is added as 本人."""
    if not org_in_scope(actor, member.org):
        raise denial(
            Forbidden(OUT_OF_SCOPE),
            actor=actor,
            action="access.denied",
            obj=member,
            org=member.org,
        )
    return _create(
        actor=actor,
        member=member,
        household=household or [],
        channel=channel,
        applied_on=applied_on,
        previous=None,
        fields=fields,
    )


@transaction.atomic(durable=True)
def archive_apply_by_worker(
    *, worker, sensitive_consent: bool, household: list[dict] | None = None, **fields
) -> Archive:
    """A certified worker who is a member applies for himself on the portal.

    The household's health and disability data are sensitive personal information: the worker
    agrees to their processing separately (PIPL art. 29), and the time is kept on the archive.
    """
    member = getattr(worker, "member", None) if worker is not None else None
    if (
        worker is None
        or not worker.is_certified
        or member is None
        or member.status not in HOLDING_STATUSES
    ):
        raise ApplicationError(WORKER_NOT_MEMBER, code="not_member")
    if not sensitive_consent:
        raise ApplicationError(
            SENSITIVE_CONSENT_REQUIRED,
            code="sensitive_consent_required",
            field="sensitive_consent",
        )
    return _create(
        actor=None,
        member=member,
        household=household or [],
        channel=Channel.PORTAL,
        applied_on=None,
        previous=None,
        fields=fields,
        sensitive_consent_at=timezone.now(),
    )


@atomic_keeping_denials(durable=True)
def archive_reapply(
    *, actor: User, previous: Archive, household: list[dict] | None = None, **fields
) -> Archive:
    """Re-entry after 解困: a new archive (period + 1) pointing back to `previous`."""
    previous = Archive.objects.select_for_update().select_related("org").get(pk=previous.pk)
    if not org_in_scope(actor, previous.org):
        raise denial(
            Forbidden(OUT_OF_SCOPE),
            actor=actor,
            action="access.denied",
            obj=previous,
            org=previous.org,
        )
    if previous.status != ArchiveStatus.EXITED:
        raise Conflict(REAPPLY_NOT_EXITED)
    if Archive.objects.filter(previous=previous).exists():
        raise Conflict(REAPPLY_HAS_NEXT)
    return _create(
        actor=actor,
        member=previous.member,
        household=household or [],
        channel=Channel.UNION,
        applied_on=None,
        previous=previous,
        fields=fields,
    )
