"""After archiving: the annual review (年审) and the household's exit from hardship (解困脱困)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.codes import (
    ArchiveStatus,
    Level,
)
from gonghui.assistance.metrics import archive_state, stats_archive_changed
from gonghui.assistance.models import (
    Archive,
    ArchiveReview,
    ReviewStage,
)
from gonghui.assistance.services.archives.common import (
    ANNUAL_FAILED_REASON,
    ANNUAL_TWICE,
    ANNUAL_YEAR,
    EXIT_DATE,
    EXIT_EVIDENCE,
    EXIT_REASON,
    LEVEL_INVALID,
    OPINION_REQUIRED,
    REVIEWER_FORBIDDEN,
    _lock,
    _refuse,
    _require_state,
    _set_status,
    _snapshot,
    archive_income,
    is_reviewer,
)
from gonghui.assistance.services.archives.poverty import poverty_line_for
from gonghui.audit.services import (
    atomic_keeping_denials,
    audit_record,
)
from gonghui.core.cleaning import parse_yuan
from gonghui.core.errors import ApplicationError, Conflict


@atomic_keeping_denials(durable=True)
def archive_annual_review(
    *,
    actor: User,
    archive: Archive,
    year: int,
    approved: bool,
    opinion: str = "",
    updates: dict[str, Any] | None = None,
) -> Archive:
    """年审, once per archive and year. Approved: the income and level may be updated (the
    county's 低保 line of that year is taken). Not approved: the household leaves (解困) with the
    reason "年审不再符合条件"."""
    archive = _lock(archive)
    if not is_reviewer(actor, archive):
        raise _refuse(actor, archive, REVIEWER_FORBIDDEN)
    _require_state(archive, (ArchiveStatus.ARCHIVED,), "年审")
    today = timezone.localdate()
    year = int(year)
    if not (archive.archived_on and archive.archived_on.year <= year <= today.year):
        raise ApplicationError(ANNUAL_YEAR, field="year")
    if archive.reviews.filter(stage=ReviewStage.ANNUAL, year=year).exists():
        raise Conflict(ANNUAL_TWICE.format(year=year), field="year")
    opinion = (opinion or "").strip()
    if not approved and not opinion:
        raise ApplicationError(OPINION_REQUIRED, field="opinion")
    ArchiveReview.objects.create(
        archive=archive,
        stage=ReviewStage.ANNUAL,
        year=year,
        org=actor.org or archive.county,
        reviewer=actor,
        approved=bool(approved),
        opinion=opinion,
    )
    if not approved:
        _set_status(
            archive,
            ArchiveStatus.EXITED,
            actor=actor,
            action="assistance.archive_annual_review",
            last_reviewed_year=year,
            exited_on=today,
            exit_reason=ANNUAL_FAILED_REASON,
            exit_evidence=opinion,
        )
        return archive
    before = archive_state(archive)
    updates = updates or {}
    old = _snapshot(archive)
    if updates.get("level"):
        if updates["level"] not in Level.values:
            raise ApplicationError(LEVEL_INVALID, field="level")
        archive.level = updates["level"]
    if updates.get("monthly_income") not in (None, ""):
        archive.monthly_income = parse_yuan(
            updates["monthly_income"], label="家庭月收入", field="monthly_income"
        )
    if updates.get("other_annual_income") not in (None, ""):
        archive.other_annual_income = parse_yuan(
            updates["other_annual_income"], label="家庭其他年收入", field="other_annual_income"
        )
    archive.annual_income, archive.per_capita_monthly = archive_income(
        archive.monthly_income, archive.other_annual_income, archive.household_size
    )
    line = poverty_line_for(archive.county, year)
    if line is not None:
        archive.poverty_line = line
    archive.last_reviewed_year = year
    archive.save()
    stats_archive_changed(before=before, after=archive)
    new = _snapshot(archive)
    audit_record(
        actor=actor,
        action="assistance.archive_annual_review",
        obj=archive,
        org=archive.org,
        changes={
            "year": year,
            "approved": True,
            **{k: [old[k], new[k]] for k in new if old[k] != new[k]},
        },
    )
    return archive


@atomic_keeping_denials(durable=True)
def archive_exit(
    *, actor: User, archive: Archive, reason: str, evidence: str, on: date | None = None
) -> Archive:
    """解困脱困: the household leaves hardship; the archive stays readable."""
    archive = _lock(archive)
    if not is_reviewer(actor, archive):
        raise _refuse(actor, archive, REVIEWER_FORBIDDEN)
    _require_state(archive, (ArchiveStatus.ARCHIVED,), "解困")
    reason = (reason or "").strip()
    evidence = (evidence or "").strip()
    if not reason:
        raise ApplicationError(EXIT_REASON, field="reason")
    if not evidence:
        raise ApplicationError(EXIT_EVIDENCE, field="evidence")
    on = on or timezone.localdate()
    if on > timezone.localdate() or (archive.archived_on and on < archive.archived_on):
        raise ApplicationError(EXIT_DATE, field="on")
    _set_status(
        archive,
        ArchiveStatus.EXITED,
        actor=actor,
        action="assistance.archive_exit",
        exited_on=on,
        exit_reason=reason,
        exit_evidence=evidence,
    )
    return archive
