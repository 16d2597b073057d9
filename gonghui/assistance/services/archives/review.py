"""初审 with a home visit and its photos, then 终审, which opens the 公示."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.codes import (
    ArchiveStatus,
)
from gonghui.assistance.models import (
    Archive,
    ArchiveReview,
    HomeVisit,
    HomeVisitPhoto,
    ReviewStage,
)
from gonghui.assistance.services.archives.common import (
    FINAL_REVIEW_FORBIDDEN,
    FIRST_REVIEW_FORBIDDEN,
    NOTICE_DAYS,
    OPINION_REQUIRED,
    PHOTO_MAX_COUNT,
    PHOTO_TOO_LARGE,
    PHOTO_TOO_MANY,
    VISIT_BEFORE_APPLY,
    VISIT_FUTURE,
    VISIT_REQUIRED,
    _lock,
    _refuse,
    _require_state,
    _set_status,
    is_final_reviewer,
    is_first_reviewer,
)
from gonghui.assistance.services.inbox import (
    FINAL_PASSED,
    FINAL_REJECTED,
    FIRST_PASSED,
    FIRST_REJECTED,
    notify_archive_decided,
)
from gonghui.audit.services import (
    atomic_keeping_denials,
)
from gonghui.core import uploads
from gonghui.core.errors import ApplicationError
from gonghui.workcalendar.selectors import add_working_days


def _clean_photos(photos) -> list[tuple[bytes, str]]:
    photos = [p for p in photos or [] if p is not None and getattr(p, "size", 0)]
    if len(photos) > PHOTO_MAX_COUNT:
        raise ApplicationError(PHOTO_TOO_MANY.format(n=PHOTO_MAX_COUNT), field="photos")
    out = []
    for upload in photos:
        if upload.size > uploads.PHOTO_MAX_BYTES:
            raise ApplicationError(
                PHOTO_TOO_LARGE.format(size=upload.size / 1024 / 1024), field="photos"
            )
        data = upload.read(uploads.PHOTO_MAX_BYTES + 1)
        if len(data) > uploads.PHOTO_MAX_BYTES:
            raise ApplicationError(
                PHOTO_TOO_LARGE.format(size=len(data) / 1024 / 1024), field="photos"
            )
        content_type = uploads.content_type(data, uploads.PHOTO_TYPES)
        if content_type is None:
            raise ApplicationError(uploads.PHOTO_TYPE_REFUSED, field="photos")
        out.append((data, content_type))
    return out


@atomic_keeping_denials(durable=True)
def archive_first_review(
    *, actor: User, archive: Archive, approved: bool, opinion: str = "", visit: dict
) -> Archive:
    """初审 with a home visit: `visit` = {visited_on, visitors, findings, photos (uploads)}."""
    archive = _lock(archive)
    if not is_first_reviewer(actor, archive):
        raise _refuse(actor, archive, FIRST_REVIEW_FORBIDDEN)
    _require_state(archive, (ArchiveStatus.SUBMITTED,), "初审")
    opinion = (opinion or "").strip()
    if not approved and not opinion:
        raise ApplicationError(OPINION_REQUIRED, field="opinion")
    visit = visit or {}
    visited_on = visit.get("visited_on")
    visitors = (visit.get("visitors") or "").strip()[:200]
    findings = (visit.get("findings") or "").strip()
    if not visited_on or not visitors or not findings:
        raise ApplicationError(VISIT_REQUIRED, field="visited_on")
    if visited_on > timezone.localdate():
        raise ApplicationError(VISIT_FUTURE, field="visited_on")
    if visited_on < archive.applied_on:
        raise ApplicationError(VISIT_BEFORE_APPLY, field="visited_on")
    photos = _clean_photos(visit.get("photos"))
    home_visit = HomeVisit.objects.create(
        archive=archive,
        visited_on=visited_on,
        visitors=visitors,
        findings=findings,
        created_by=actor,
    )
    HomeVisitPhoto.objects.bulk_create(
        HomeVisitPhoto(visit=home_visit, content=data, content_type=ct, size=len(data))
        for data, ct in photos
    )
    ArchiveReview.objects.create(
        archive=archive,
        stage=ReviewStage.FIRST,
        org=actor.org,
        reviewer=actor,
        approved=bool(approved),
        opinion=opinion,
    )
    if approved:
        _set_status(
            archive,
            ArchiveStatus.FIRST_PASSED,
            actor=actor,
            action="assistance.archive_first_review",
        )
    else:
        _set_status(
            archive,
            ArchiveStatus.REJECTED,
            actor=actor,
            action="assistance.archive_first_review",
            rejected_reason=f"初审未通过：{opinion}",
        )
    step = FIRST_PASSED if approved else FIRST_REJECTED
    notify_archive_decided(actor=actor, archive=archive, step=step, body=opinion)
    return archive


def notice_period(decided_on: date) -> tuple[date, date]:
    """公示 of 5 working days: from the first working day after the decision to the 5th."""
    start = add_working_days(decided_on, 1)
    return start, add_working_days(start, NOTICE_DAYS - 1)


@atomic_keeping_denials(durable=True)
def archive_final_review(
    *, actor: User, archive: Archive, approved: bool, opinion: str = "", today: date | None = None
) -> Archive:
    """终审 by the county union (or above): approve → 公示 of 5 working days."""
    archive = _lock(archive)
    if not is_final_reviewer(actor, archive):
        raise _refuse(actor, archive, FINAL_REVIEW_FORBIDDEN)
    _require_state(archive, (ArchiveStatus.FIRST_PASSED,), "终审")
    opinion = (opinion or "").strip()
    if not approved and not opinion:
        raise ApplicationError(OPINION_REQUIRED, field="opinion")
    ArchiveReview.objects.create(
        archive=archive,
        stage=ReviewStage.FINAL,
        org=actor.org or archive.county,
        reviewer=actor,
        approved=bool(approved),
        opinion=opinion,
    )
    if approved:
        start, end = notice_period(today or timezone.localdate())
        _set_status(
            archive,
            ArchiveStatus.NOTICE,
            actor=actor,
            action="assistance.archive_final_review",
            notice_start=start,
            notice_end=end,
        )
    else:
        _set_status(
            archive,
            ArchiveStatus.REJECTED,
            actor=actor,
            action="assistance.archive_final_review",
            rejected_reason=f"终审未通过：{opinion}",
        )
    step = FINAL_PASSED if approved else FINAL_REJECTED
    notify_archive_decided(actor=actor, archive=archive, step=step, body=opinion)
    return archive
